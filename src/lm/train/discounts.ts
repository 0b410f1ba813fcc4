/**
 * Modified Kneser-Ney discounts from count-of-counts, like KenLM's StatCollector
 * (lm/builder/adjust_counts.cc) — Chen & Goodman eq. 26 in float32, in KenLM's operation order —
 * and `--discount_fallback` for orders where the closed form fails.
 */
import { SitoError } from '../../errors.js';

/** Per order: the n-gram count, the count that survives pruning, and n_1 … n_4. */
export class OrderStats {
  count = 0;
  countPruned = 0;
  readonly n = [0, 0, 0, 0, 0];

  add(adjustedCount: number, pruned: boolean): void {
    this.count++;
    if (!pruned) this.countPruned++;
    if (adjustedCount < 5) this.n[adjustedCount]++;
  }
}

/** D(0)=0, D1, D2, D3+ as float32 values. */
export type Discount = readonly [number, number, number, number];

export interface DiscountResult {
  discounts: Discount[];
  /** 0-based orders whose discounts were replaced by the fallback (lmplz's numbering). */
  substituted: number[];
}

const f = Math.fround;

function closedForm(n: readonly number[], orderNumber: number): Discount {
  for (let j = 1; j < 4; j++) {
    if (n[j] === 0) {
      throw new BadDiscount(
        `Could not calculate Kneser-Ney discounts for ${orderNumber}-grams with adjusted count ${j + 1} because we didn't observe any ${orderNumber}-grams with adjusted count ${j}; Is this small or artificial data?`,
      );
    }
  }
  const y = f(f(n[1]) / f(n[1] + 2.0 * n[2]));
  const d: [number, number, number, number] = [0, 0, 0, 0];
  for (let j = 1; j < 4; j++) {
    d[j] = f(f(j) - f(f(f(f(j + 1) * y) * f(n[j + 1])) / f(n[j])));
    if (d[j] < 0 || d[j] > j) {
      throw new BadDiscount(
        `${orderNumber}-gram discount out of range for adjusted count ${j}: ${formatG6(d[j])}.  This means modified Kneser-Ney smoothing thinks something is weird about your data.`,
      );
    }
  }
  return d;
}

class BadDiscount extends Error {}

/**
 * Discounts for every order. Without `fallback` a failing order is an error with lmplz's text;
 * with it, the failing orders use the fallback discounts (lmplz's COMPLAIN mode).
 */
export function computeDiscounts(stats: readonly OrderStats[], fallback: Discount | undefined): DiscountResult {
  const discounts: Discount[] = [];
  const substituted: number[] = [];
  stats.forEach((s, i) => {
    try {
      discounts.push(closedForm(s.n, i + 1));
    } catch (err) {
      if (!(err instanceof BadDiscount)) throw err;
      if (fallback === undefined) {
        throw new SitoError(
          `${err.message} Try deduplicating the input.  To override this error for e.g. a class-based model, rerun with --discount_fallback`,
        );
      }
      substituted.push(i);
      discounts.push(fallback);
    }
  });
  return { discounts, substituted };
}

/**
 * `--discount_fallback [d1 [d2 [d3]]]`: defaults 0.5 1 1.5, missing values repeat the last one
 * given, and each Dj must lie in [0, j].
 */
export function parseDiscountFallback(values: readonly (string | number)[]): Discount {
  if (values.length > 3) throw new SitoError('--discount_fallback takes at most three values (D1 D2 D3+)');
  const nums = values.map((v) => Number(v));
  const given = nums.length === 0 ? [0.5, 1, 1.5] : nums;
  const d: [number, number, number, number] = [0, 0, 0, 0];
  for (let j = 1; j <= 3; j++) {
    const v = given[Math.min(j - 1, given.length - 1)];
    if (!Number.isFinite(v) || v < 0 || v > j) {
      throw new SitoError(`--discount_fallback: D${j === 3 ? '3+' : j} must be a number in [0, ${j}], got '${values[j - 1] ?? v}'`);
    }
    d[j] = f(v);
  }
  return d;
}

/** C++ iostream's default float output (`%g` with 6 significant digits), as lmplz prints. */
export function formatG6(x: number): string {
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 6) {
    const [mant, e] = x.toExponential(5).split('e');
    const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
    const en = Number(e);
    return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const s = x.toPrecision(6);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
