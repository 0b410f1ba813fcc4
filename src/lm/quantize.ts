/**
 * Optional quantisation of the n-gram values of orders ≥ 2 (unigrams stay float32): each value
 * becomes an 8- or 16-bit code into a per-order table of bin centres. Bins hold equal numbers of
 * values (sorted, then cut), and a bin's centre is the mean of its values, as in KenLM's
 * quantiser; codes go to the nearest centre. One code is reserved: for probs the blank marker
 * (NaN), for backoffs an exact 0 (most n-grams have no extension, and 0 must stay exact).
 */

export interface QuantizedValues {
  codes: Uint8Array | Uint16Array;
  bins: Float32Array;
}

/**
 * Quantises the non-empty slots of a table (`used[slot]` true). `reserved` is the value given
 * its own code: NaN (blanks) for probs, 0 for backoffs.
 */
export function quantizeValues(values: Float32Array, used: (slot: number) => boolean, bits: 8 | 16, reserved: 'nan' | 'zero'): QuantizedValues {
  const codeCount = 2 ** bits;
  const reservedCode = reserved === 'nan' ? codeCount - 1 : 0;
  const isReserved = reserved === 'nan' ? (v: number) => v !== v : (v: number) => v === 0;
  const sample: number[] = [];
  for (let s = 0; s < values.length; s++) {
    if (!used(s)) continue;
    const v = values[s]!;
    if (!isReserved(v)) sample.push(v);
  }
  const sorted = Float64Array.from(sample).sort();
  const binCount = codeCount - 1;
  const centres: number[] = [];
  if (sorted.length > 0) {
    const perBin = Math.max(1, sorted.length / binCount);
    for (let bin = 0; bin < binCount; bin++) {
      const from = Math.floor(bin * perBin);
      const to = Math.min(sorted.length, Math.floor((bin + 1) * perBin));
      if (from >= sorted.length) break;
      if (to <= from) continue;
      let sum = 0;
      for (let k = from; k < to; k++) sum += sorted[k]!;
      const centre = Math.fround(to - from === 1 ? sorted[from]! : sum / (to - from));
      if (centres.length === 0 || centres[centres.length - 1] !== centre) centres.push(centre);
    }
  }
  const bins = new Float32Array(codeCount);
  const firstCode = reserved === 'zero' ? 1 : 0;
  for (let k = 0; k < centres.length; k++) bins[firstCode + k] = centres[k]!;
  for (let k = centres.length; k < binCount; k++) bins[firstCode + k] = centres[centres.length - 1] ?? 0;
  bins[reservedCode] = reserved === 'nan' ? NaN : 0;
  const codes = bits === 8 ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let s = 0; s < values.length; s++) {
    if (!used(s)) continue;
    const v = values[s]!;
    codes[s] = isReserved(v) || centres.length === 0 ? reservedCode : firstCode + nearest(centres, v);
  }
  return { codes, bins };
}

/** Index of the centre nearest to v (centres ascending). */
function nearest(centres: number[], v: number): number {
  let lo = 0;
  let hi = centres.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (centres[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(centres[lo - 1]! - v) <= Math.abs(centres[lo]! - v)) return lo - 1;
  return lo;
}
