/**
 * N-grams travel between the stages as fixed-width records of 32-bit words in typed arrays:
 * the n word ids first, then payload words (counts, or float32 values stored as their bits).
 * No per-n-gram JS objects exist anywhere in the trainer; this file has the shared pieces:
 * key orders, an LSD radix sort, and the pull interface every record stream implements.
 */

/**
 * A sort order as the list of key columns, most significant first. KenLM's two orders:
 * suffix order compares the last word first (`w_n, w_{n-1}, …, w_1`), context order compares the
 * context from its last word back (`w_{n-1}, …, w_1`) and then the predicted word `w_n`.
 */
export type KeyColumns = readonly number[];

export function suffixOrder(n: number): KeyColumns {
  const cols: number[] = [];
  for (let i = n - 1; i >= 0; i--) cols.push(i);
  return cols;
}

export function contextOrder(n: number): KeyColumns {
  const cols: number[] = [];
  for (let i = n - 2; i >= 0; i--) cols.push(i);
  cols.push(n - 1);
  return cols;
}

/** Compares two records by `cols` (most significant first). */
export function compareRecords(cols: KeyColumns, a: Uint32Array, ao: number, b: Uint32Array, bo: number): number {
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i];
    const d = a[ao + c] - b[bo + c];
    if (d !== 0) return d;
  }
  return 0;
}

/** Compares words [0, n) of two records in suffix order (last word most significant). */
export function compareSuffix(n: number, a: Uint32Array, ao: number, b: Uint32Array, bo: number): number {
  for (let i = n - 1; i >= 0; i--) {
    const d = a[ao + i] - b[bo + i];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Sorts `count` records of `stride` words by `cols`, LSD radix on each key column. Digits are
 * ≤ 11 bits for small blocks (the histogram stays small) and up to 17 bits for large ones, where
 * one pass over a 128K-bucket histogram beats two cache-friendlier passes (measured: 1M 5-grams
 * over an 81k vocabulary sort in 0.55 s instead of 0.7 s). Stable, O(passes × count). Returns whichever of
 * `data` and `scratch` holds the result. `maxValue` bounds every key word (the vocabulary size).
 */
export function radixSortRecords(
  data: Uint32Array,
  scratch: Uint32Array,
  count: number,
  stride: number,
  cols: KeyColumns,
  maxValue: number,
): Uint32Array {
  let bits = 1;
  while (bits < 32 && 2 ** bits <= maxValue) bits++;
  const passes = Math.ceil(bits / (count >= 1 << 17 ? 17 : 11));
  const digitBits = Math.ceil(bits / passes);
  const buckets = 1 << digitBits;
  const mask = buckets - 1;
  const histogram = new Uint32Array(buckets);
  let src = data;
  let dst = scratch;
  for (let c = cols.length - 1; c >= 0; c--) {
    const col = cols[c];
    for (let p = 0; p < passes; p++) {
      const shift = p * digitBits;
      histogram.fill(0);
      for (let i = 0, o = col; i < count; i++, o += stride) histogram[(src[o] >>> shift) & mask]++;
      // A pass where every record falls in one bucket would only copy: skip it.
      if (histogram[(src[col] >>> shift) & mask] === count) continue;
      let sum = 0;
      for (let b = 0; b < buckets; b++) {
        const h = histogram[b];
        histogram[b] = sum;
        sum += h;
      }
      for (let i = 0, o = 0; i < count; i++, o += stride) {
        let to = histogram[(src[o + col] >>> shift) & mask]++ * stride;
        for (let k = 0; k < stride; k++) dst[to++] = src[o + k];
      }
      const t = src;
      src = dst;
      dst = t;
    }
  }
  return src;
}

/**
 * Merges adjacent records whose first `keyWords` words are equal by adding their `countCol`
 * words (saturating at 2^32-1). The input must be sorted; returns the new record count.
 */
export function combineSorted(data: Uint32Array, count: number, stride: number, keyWords: number, countCol: number): number {
  if (count === 0) return 0;
  let out = 0;
  for (let i = 1, o = stride; i < count; i++, o += stride) {
    const base = out * stride;
    let same = true;
    for (let k = 0; k < keyWords; k++) {
      if (data[base + k] !== data[o + k]) {
        same = false;
        break;
      }
    }
    if (same) {
      data[base + countCol] = Math.min(0xffffffff, data[base + countCol] + data[o + countCol]);
    } else {
      out++;
      const to = out * stride;
      if (to !== o) for (let k = 0; k < stride; k++) data[to + k] = data[o + k];
    }
  }
  return out + 1;
}

/**
 * A pull stream of records. After `next()` returns true the current record is
 * `buf[off .. off + stride)`; `buf` may be a different array after every call.
 */
export interface RecordSource {
  readonly stride: number;
  buf: Uint32Array;
  off: number;
  next(): boolean;
  /** Frees buffers and files. Safe to call twice. */
  close(): void;
}

/** Records held in memory. `onClose` gives the memory back to the budget. */
export class ArraySource implements RecordSource {
  off: number;
  private readonly end: number;

  constructor(
    public buf: Uint32Array,
    count: number,
    readonly stride: number,
    private onClose: (() => void) | undefined = undefined,
  ) {
    this.off = -stride;
    this.end = count * stride;
  }

  next(): boolean {
    this.off += this.stride;
    return this.off < this.end;
  }

  close(): void {
    this.onClose?.();
    this.onClose = undefined;
    this.buf = new Uint32Array(0);
  }
}

// float32 values live in records as their bit patterns.
const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);

export function floatToBits(x: number): number {
  floatView[0] = x;
  return bitsView[0];
}

export function bitsToFloat(bits: number): number {
  bitsView[0] = bits;
  return floatView[0];
}
