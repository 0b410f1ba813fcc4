/**
 * Stage 3, like KenLM's lm/builder/initial_probabilities.cc: per context, the uninterpolated
 * probability of each n-gram and the context's interpolation weight gamma.
 *
 *   denom(c) = Σ_w a(c w)                       (pruned members included)
 *   gamma(c) = (D1·N1(c) + D2·N2(c) + D3+·N3+(c) + Σ_pruned a(c w)) / denom(c)
 *   u(w|c)   = (a(c w) − D(a(c w))) / denom(c)
 *
 * All in float32 with KenLM's operation order (AddRight / MergeRight), so the bits match.
 */
import type { Discount } from './discounts.js';
import type { ExternalSorter } from './external-sort.js';
import { floatToBits, type RecordSource } from './records.js';
import type { RecordStore } from './record-store.js';
import { BOS, UNK } from './vocabulary.js';

const f = Math.fround;

/** Sum accumulators of one context group, and its gamma (KenLM's BufferEntry). */
export function contextGamma(discount: Discount, kept: readonly number[], prunedMass: number, denominator: number): number {
  let gamma = 0;
  for (let i = 1; i <= 3; i++) gamma = f(gamma + f(discount[i] * f(kept[i])));
  gamma = f(gamma + f(prunedMass));
  return f(gamma / f(denominator));
}

/** The discounted count over the denominator, `(float(a) − D(a)) / float(denom)`. */
export function uninterpolated(discount: Discount, count: number, denominatorF: number): number {
  return f(f(f(count) - discount[Math.min(count, 3)]) / denominatorF);
}

export interface UnigramInitial {
  /** u(w) by id: 0 for <unk>, 1 for <s>. */
  u: Float32Array;
  /** gamma of the empty context, the weight of the uniform distribution. */
  gamma: number;
}

export function unigramProbabilities(counts: Float64Array, pruned: Uint8Array, discount: Discount): UnigramInitial {
  let denominator = 0;
  let prunedMass = 0;
  const kept = [0, 0, 0, 0];
  for (let w = 0; w < counts.length; w++) {
    const a = counts[w];
    denominator += a;
    if (pruned[w]) prunedMass += a;
    else if (a > 0) kept[Math.min(a, 3)]++;
  }
  const gamma = contextGamma(discount, kept, prunedMass, denominator);
  const denominatorF = f(denominator);
  const u = new Float32Array(counts.length);
  for (let w = 0; w < counts.length; w++) u[w] = uninterpolated(discount, counts[w], denominatorF);
  u[UNK] = 0;
  u[BOS] = 1;
  return { u, gamma };
}

export interface HigherOrderOutput {
  /** Kept n-grams as `[w_1 … w_n, u bits, gamma(context) bits]`, to be put in suffix order. */
  members: ExternalSorter;
  /** Every context as `[c_1 … c_{n-1}, gamma bits]`, produced in suffix order of the context. */
  gammas: RecordStore;
}

/**
 * Order n ≥ 2. `input` holds `[w_1 … w_n, adjusted count, pruned]` in context order, so each
 * context's n-grams are adjacent and the contexts themselves come in suffix order.
 */
export function higherOrderProbabilities(n: number, input: RecordSource, discount: Discount, out: HigherOrderOutput): void {
  const inStride = n + 2;
  const ctxLen = n - 1;
  const d1 = discount[1];
  const d2 = discount[2];
  const d3 = discount[3];
  let group = new Uint32Array(1024 * inStride);
  let groupSize = 0;
  const { members, gammas } = out;
  for (;;) {
    const more = input.next();
    const buf = input.buf;
    const off = input.off;
    // A context ends when the next record's first n-1 words differ (or the input ends).
    let ends = groupSize > 0 && !more;
    if (more && groupSize > 0) {
      for (let k = 0; k < ctxLen; k++) {
        if (group[k] !== buf[off + k]) {
          ends = true;
          break;
        }
      }
    }
    if (ends) {
      let denominator = 0;
      let prunedMass = 0;
      let n1 = 0;
      let n2 = 0;
      let n3 = 0;
      for (let i = 0, o = n; i < groupSize; i++, o += inStride) {
        const a = group[o];
        denominator += a;
        if (group[o + 1]) prunedMass += a;
        else if (a === 1) n1++;
        else if (a === 2) n2++;
        else n3++;
      }
      // KenLM's AddRight: ((0 + D1·N1) + D2·N2) + D3+·N3+, plus the pruned mass, over denom.
      let gamma = f(f(f(f(d1 * f(n1)) + f(d2 * f(n2))) + f(d3 * f(n3))) + f(prunedMass));
      gamma = f(gamma / f(denominator));
      const gammaBits = floatToBits(gamma);
      const denominatorF = f(denominator);
      const g = gammas.reserve();
      const gbuf = gammas.buf;
      for (let k = 0; k < ctxLen; k++) gbuf[g + k] = group[k];
      gbuf[g + ctxLen] = gammaBits;
      for (let i = 0, o = 0; i < groupSize; i++, o += inStride) {
        if (group[o + n + 1]) continue;
        const at = members.reserve();
        const block = members.block;
        for (let k = 0; k < n; k++) block[at + k] = group[o + k];
        const a = group[o + n];
        block[at + n] = floatToBits(f(f(f(a) - (a === 1 ? d1 : a === 2 ? d2 : d3)) / denominatorF));
        block[at + n + 1] = gammaBits;
      }
      groupSize = 0;
    }
    if (!more) break;
    if ((groupSize + 1) * inStride > group.length) {
      const bigger = new Uint32Array(group.length * 2);
      bigger.set(group);
      group = bigger;
    }
    const to = groupSize++ * inStride;
    for (let k = 0; k < inStride; k++) group[to + k] = buf[off + k];
  }
  input.close();
}
