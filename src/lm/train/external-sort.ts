/**
 * Sorting more records than fit in memory, as KenLM's util/stream sort does: records are appended
 * to a block; a full block is radix-sorted (and, for counts, duplicates are combined) and written
 * to a temporary file as one sorted run; at the end the runs and the last block are merged.
 * The block grows only while the MemoryBudget allows, so `-S` bounds it.
 */
import { MergeSource, RecordFileSource, RecordFileWriter } from './record-files.js';
import { ArraySource, combineSorted, radixSortRecords, type KeyColumns, type RecordSource } from './records.js';
import type { MemoryBudget } from './memory.js';
import type { TempFiles } from './temp-files.js';

/** Smallest block, granted even when the budget is spent, so that every stage makes progress. */
const MIN_BLOCK_BYTES = 256 * 1024;
/** Largest block: bigger blocks would only mean fewer runs, and typed arrays have length limits. */
const MAX_BLOCK_BYTES = 1 << 30;
/** Read buffer for each run while merging. */
const MERGE_CHUNK_BYTES = 1024 * 1024;

export interface SorterOptions {
  /** Words per record. */
  stride: number;
  /** Sort key, most significant column first. */
  cols: KeyColumns;
  /**
   * The leading columns of `cols` that the radix sort must order, when records already arrive
   * ordered by the remaining ones (the radix sort is stable): e.g. n-grams in context order need
   * only a sort by their last word to be in suffix order. Default: all of `cols`.
   */
  radixCols?: KeyColumns;
  /** Largest word id that can occur in a key column (grows while counting). */
  maxKey: () => number;
  /** Leading words that identify a record for combining; only with `combineCol`. */
  keyWords?: number;
  /** Column summed when two records have the same key. */
  combineCol?: number;
  budget: MemoryBudget;
  temp: TempFiles;
  /** Name used for the temporary files. */
  label: string;
}

export class ExternalSorter {
  /** The current block; write a record at the offset `reserve()` returns. */
  block: Uint32Array;
  private scratch = new Uint32Array(0);
  private count = 0;
  private capacity: number;
  private heldBytes = 0;
  private readonly runs: string[] = [];
  /** How many sorted runs went to disk. */
  spilledRuns = 0;
  /** Records appended in total (before combining). */
  appended = 0;

  constructor(private readonly opts: SorterOptions) {
    const recordBytes = opts.stride * 4;
    // Start small and double: small inputs stay small, large ones grow up to the budget.
    this.capacity = Math.max(1, Math.floor(MIN_BLOCK_BYTES / recordBytes));
    this.block = this.allocate(this.capacity, true);
  }

  private allocate(records: number, force: boolean): Uint32Array {
    const bytes = records * this.opts.stride * 4 * 2; // block plus the radix scratch
    if (force) this.opts.budget.acquire(bytes);
    else if (!this.opts.budget.tryAcquire(bytes)) return new Uint32Array(0);
    this.heldBytes += bytes;
    return new Uint32Array(records * this.opts.stride);
  }

  private releaseAll(): void {
    this.opts.budget.release(this.heldBytes);
    this.heldBytes = 0;
  }

  /** Offset in `block` of a fresh record slot (the block may be replaced by this call). */
  reserve(): number {
    if (this.count === this.capacity) this.makeRoom();
    this.appended++;
    return this.count++ * this.opts.stride;
  }

  /** Appends a copy of `src[off .. off + stride)`. */
  push(src: Uint32Array, off: number): void {
    const to = this.reserve();
    const block = this.block;
    for (let k = 0; k < this.opts.stride; k++) block[to + k] = src[off + k];
  }

  private makeRoom(): void {
    const canGrow = this.capacity * 2 * this.opts.stride * 4 <= MAX_BLOCK_BYTES;
    const bigger = canGrow ? this.allocate(this.capacity * 2, false) : new Uint32Array(0);
    if (bigger.length > 0) {
      bigger.set(this.block);
      this.opts.budget.release(this.capacity * this.opts.stride * 4 * 2);
      this.heldBytes -= this.capacity * this.opts.stride * 4 * 2;
      this.block = bigger;
      this.capacity *= 2;
      return;
    }
    this.sortBlock();
    // Combining may have freed enough of the block (many repeated n-grams): keep filling it.
    if (this.opts.combineCol !== undefined && this.count <= this.capacity / 2) return;
    this.spill();
  }

  private sortBlock(): void {
    const { stride } = this.opts;
    if (this.scratch.length !== this.block.length) this.scratch = new Uint32Array(this.block.length);
    const sorted = radixSortRecords(this.block, this.scratch, this.count, stride, this.opts.radixCols ?? this.opts.cols, this.opts.maxKey());
    if (sorted !== this.block) this.block.set(sorted.subarray(0, this.count * stride));
    if (this.opts.combineCol !== undefined) {
      this.count = combineSorted(this.block, this.count, stride, this.opts.keyWords ?? stride - 1, this.opts.combineCol);
    }
  }

  private spill(): void {
    const path = this.opts.temp.path(this.opts.label);
    const writer = new RecordFileWriter(path, this.opts.stride);
    writer.write(this.block, 0, this.count);
    writer.close();
    this.runs.push(path);
    this.spilledRuns++;
    this.count = 0;
  }

  /** Ends input; returns the records in sorted order. The sorter must not be used afterwards. */
  finish(): RecordSource {
    const { stride, cols } = this.opts;
    this.sortBlock();
    const held = this.heldBytes;
    const budget = this.opts.budget;
    this.scratch = new Uint32Array(0);
    const last = new ArraySource(this.block, this.count, stride, () => budget.release(held));
    this.heldBytes = 0;
    if (this.runs.length === 0) return last;
    const chunk = Math.max(64 * 1024, Math.min(MERGE_CHUNK_BYTES, Math.floor(budget.limitBytes / (4 * (this.runs.length + 1)))));
    const sources: RecordSource[] = this.runs.map((p) => new RecordFileSource(p, stride, chunk, this.opts.temp));
    sources.push(last);
    return new MergeSource(sources, stride, cols, this.opts.keyWords ?? stride - 1, this.opts.combineCol);
  }

  /** Drops everything (after an error). */
  discard(): void {
    this.releaseAll();
    for (const p of this.runs) this.opts.temp.remove(p);
    this.runs.length = 0;
  }
}
