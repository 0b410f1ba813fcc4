/**
 * Record streams on disk: a writer for spilled runs and stores, a chunked reader, and the k-way
 * merge of sorted runs. Files hold the raw little-endian words of the typed arrays; they are
 * temporary and never leave the machine that wrote them.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { compareRecords, type KeyColumns, type RecordSource } from './records.js';
import type { TempFiles } from './temp-files.js';

/** Writes whole typed-array ranges to a file; `records` counts what was written. */
export class RecordFileWriter {
  private fd: number;
  records = 0;

  constructor(
    readonly path: string,
    private readonly stride: number,
  ) {
    this.fd = openSync(path, 'w');
  }

  write(data: Uint32Array, fromRecord: number, count: number): void {
    let bytes = new Uint8Array(data.buffer, data.byteOffset + fromRecord * this.stride * 4, count * this.stride * 4);
    while (bytes.length > 0) {
      const written = writeSync(this.fd, bytes);
      bytes = bytes.subarray(written);
    }
    this.records += count;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** Reads a record file in chunks of about `chunkBytes`; deletes the file when closed. */
export class RecordFileSource implements RecordSource {
  buf: Uint32Array;
  off = 0;
  private end = 0;
  private fd: number;
  private readonly bytes: Uint8Array;

  constructor(
    private readonly path: string,
    readonly stride: number,
    chunkBytes: number,
    private readonly temp: TempFiles,
  ) {
    const recordBytes = stride * 4;
    const records = Math.max(1, Math.floor(chunkBytes / recordBytes));
    const buffer = new ArrayBuffer(records * recordBytes);
    this.buf = new Uint32Array(buffer);
    this.bytes = new Uint8Array(buffer);
    this.fd = openSync(path, 'r');
    this.off = 0;
    this.end = 0;
  }

  next(): boolean {
    this.off += this.stride;
    if (this.off < this.end) return true;
    if (this.fd < 0) return false;
    let filled = 0;
    while (filled < this.bytes.length) {
      const n = readSync(this.fd, this.bytes, filled, this.bytes.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    if (filled % (this.stride * 4) !== 0) throw new Error(`truncated record file ${this.path}`);
    this.off = 0;
    this.end = filled / 4;
    if (filled === 0) {
      this.close();
      return false;
    }
    return true;
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      this.temp.remove(this.path);
    }
  }
}

/**
 * K-way merge of sources sorted by `cols`. With `combineCol`, records with equal keys (the first
 * `keyWords` words) are merged into one by adding that column, as KenLM's sort combiner does.
 */
export class MergeSource implements RecordSource {
  buf: Uint32Array;
  off = 0;
  private readonly heap: number[] = [];
  private started = false;

  constructor(
    private readonly sources: RecordSource[],
    readonly stride: number,
    private readonly cols: KeyColumns,
    private readonly keyWords: number,
    private readonly combineCol: number | undefined,
  ) {
    this.buf = new Uint32Array(stride);
  }

  private less(i: number, j: number): boolean {
    const a = this.sources[i];
    const b = this.sources[j];
    const d = compareRecords(this.cols, a.buf, a.off, b.buf, b.off);
    return d < 0 || (d === 0 && i < j);
  }

  private siftDown(pos: number): void {
    const heap = this.heap;
    const n = heap.length;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.less(heap[r], heap[l]) ? r : l;
      if (!this.less(heap[m], heap[pos])) return;
      const t = heap[m];
      heap[m] = heap[pos];
      heap[pos] = t;
      pos = m;
    }
  }

  private advanceTop(): void {
    const top = this.heap[0];
    if (this.sources[top].next()) {
      this.siftDown(0);
    } else {
      this.sources[top].close();
      const last = this.heap.pop()!;
      if (this.heap.length > 0) {
        this.heap[0] = last;
        this.siftDown(0);
      }
    }
  }

  next(): boolean {
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < this.sources.length; i++) {
        if (this.sources[i].next()) this.heap.push(i);
        else this.sources[i].close();
      }
      for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    }
    if (this.heap.length === 0) return false;
    const out = this.buf;
    const stride = this.stride;
    const first = this.sources[this.heap[0]];
    for (let k = 0; k < stride; k++) out[k] = first.buf[first.off + k];
    this.advanceTop();
    const combineCol = this.combineCol;
    if (combineCol !== undefined) {
      while (this.heap.length > 0) {
        const s = this.sources[this.heap[0]];
        let same = true;
        for (let k = 0; k < this.keyWords; k++) {
          if (s.buf[s.off + k] !== out[k]) {
            same = false;
            break;
          }
        }
        if (!same) break;
        out[combineCol] = Math.min(0xffffffff, out[combineCol] + s.buf[s.off + combineCol]);
        this.advanceTop();
      }
    }
    this.off = 0;
    return true;
  }

  close(): void {
    for (const i of this.heap) this.sources[i].close();
    this.heap.length = 0;
  }
}
