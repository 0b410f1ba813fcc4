/**
 * An append-only sequence of records read back once in the same order: the gamma and
 * probability streams that join two stages. Chunks stay in memory while the budget allows;
 * once it refuses, the store moves to a temporary file for good (so order is preserved).
 */
import { ArraySource, type RecordSource } from './records.js';
import { RecordFileSource, RecordFileWriter } from './record-files.js';
import type { MemoryBudget } from './memory.js';
import type { TempFiles } from './temp-files.js';

const CHUNK_RECORDS = 16 * 1024;

export class RecordStore {
  private readonly chunks: Uint32Array[] = [];
  private current: Uint32Array;
  private fill = 0;
  private heldBytes = 0;
  private file: RecordFileWriter | undefined;
  count = 0;

  constructor(
    readonly stride: number,
    private readonly budget: MemoryBudget,
    private readonly temp: TempFiles,
    private readonly label: string,
  ) {
    this.current = this.newChunk();
  }

  private newChunk(): Uint32Array {
    const bytes = CHUNK_RECORDS * this.stride * 4;
    this.budget.acquire(bytes);
    this.heldBytes += bytes;
    return new Uint32Array(CHUNK_RECORDS * this.stride);
  }

  /** Offset in `this.current` where the caller writes the next record. */
  reserve(): number {
    if (this.fill === CHUNK_RECORDS) this.rotate();
    this.count++;
    return this.fill++ * this.stride;
  }

  get buf(): Uint32Array {
    return this.current;
  }

  private rotate(): void {
    const chunkBytes = CHUNK_RECORDS * this.stride * 4;
    if (this.file === undefined && this.budget.tryAcquire(chunkBytes)) {
      this.chunks.push(this.current);
      this.heldBytes += chunkBytes;
      this.current = new Uint32Array(CHUNK_RECORDS * this.stride);
    } else {
      if (this.file === undefined) {
        this.file = new RecordFileWriter(this.temp.path(this.label), this.stride);
        for (const c of this.chunks) this.file.write(c, 0, CHUNK_RECORDS);
        this.chunks.length = 0;
        this.budget.release(this.heldBytes - chunkBytes);
        this.heldBytes = chunkBytes;
      }
      this.file.write(this.current, 0, CHUNK_RECORDS);
    }
    this.fill = 0;
  }

  /** Reads everything back in order; the store is consumed. */
  reader(): RecordSource {
    const parts: RecordSource[] = [];
    if (this.file !== undefined) {
      this.file.close();
      parts.push(new RecordFileSource(this.file.path, this.stride, 1024 * 1024, this.temp));
    }
    for (const c of this.chunks) parts.push(new ArraySource(c, CHUNK_RECORDS, this.stride));
    parts.push(new ArraySource(this.current, this.fill, this.stride));
    const held = this.heldBytes;
    this.heldBytes = 0;
    return new ConcatSource(parts, this.stride, () => this.budget.release(held));
  }
}

/** Several sources one after another. */
export class ConcatSource implements RecordSource {
  buf: Uint32Array = new Uint32Array(0);
  off = 0;
  private index = 0;

  constructor(
    private readonly parts: RecordSource[],
    readonly stride: number,
    private onClose?: () => void,
  ) {}

  next(): boolean {
    while (this.index < this.parts.length) {
      const part = this.parts[this.index];
      if (part.next()) {
        this.buf = part.buf;
        this.off = part.off;
        return true;
      }
      part.close();
      this.index++;
    }
    return false;
  }

  close(): void {
    for (; this.index < this.parts.length; this.index++) this.parts[this.index].close();
    this.onClose?.();
    this.onClose = undefined;
  }
}
