/**
 * The shortest decimal that reads back as the same float32 — the same strings as
 * `formatFloat32` (src/lm/arpa-number.ts; a test compares them on millions of values) but
 * about ten times faster, because writing millions of ARPA numbers made formatting the hottest
 * part of training.
 *
 * For 1e-6 ≤ |x| < 1e7 (every log10 probability and backoff in practice) the candidate with p
 * significant digits is round(|x|·10^k)/10^k, computed in doubles: the division of two exact
 * doubles is the correctly rounded reading of that decimal, and the only error, in |x|·10^k,
 * matters only within 1e-6 of a rounding tie, which is handed to `formatFloat32` (as is
 * everything outside the range). "p digits read back" is monotone in p (a p-digit decimal is also
 * a (p+1)-digit one), so the search starts at the common 8 digits and walks down.
 * In that range KenLM (like JavaScript) uses fixed notation, so the digits are laid out directly.
 */
import { formatFloat32 } from './arpa-number.js';

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** floor(log10(ax)) for 1e-6 ≤ ax < 1e7, exactly (no rounding trouble at powers of ten). */
function decimalExponent(ax: number): number {
  let e = 0;
  if (ax >= 1) {
    while (e < 6 && ax >= POW10[e + 1]) e++;
  } else {
    while (e > -6 && ax * POW10[-e + 1] < 1) e--;
    e--;
  }
  return e;
}

let candN = 0;
let candK = 0;

/** The p-digit candidate for |x| = ax with decimal exponent e (digits in candN, scale candK), or NaN near a tie. */
function candidate(ax: number, e: number, p: number): number {
  const k = p - 1 - e;
  const scaled = k >= 0 ? ax * POW10[k] : ax / POW10[-k];
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  if (Math.abs(frac - 0.5) < 1e-6) return NaN;
  const n = frac < 0.5 ? floor : floor + 1;
  candN = n;
  candK = k;
  return k >= 0 ? n / POW10[k] : n * POW10[-k];
}

/** Fixed notation of n / 10^k without going through a double (k may be negative). */
function layout(n: number, k: number): string {
  while (k > 0 && n % 10 === 0) {
    n /= 10;
    k--;
  }
  if (k <= 0) return String(n * POW10[-k]);
  const digits = String(n);
  const cut = digits.length - k;
  return cut > 0 ? digits.slice(0, cut) + '.' + digits.slice(cut) : '0.' + '0'.repeat(-cut) + digits;
}

export function formatFloat32Fast(value: number): string {
  const x = Math.fround(value);
  const ax = Math.abs(x);
  if (!(ax >= 1e-6 && ax < 1e7)) return formatFloat32(x);
  const e = decimalExponent(ax);
  let bestN: number;
  let bestK: number;
  let c = candidate(ax, e, 8);
  if (Number.isNaN(c)) return formatFloat32(x);
  if (Math.fround(c) !== ax) {
    c = candidate(ax, e, 9);
    if (Number.isNaN(c) || Math.fround(c) !== ax) return formatFloat32(x);
    bestN = candN;
    bestK = candK;
  } else {
    bestN = candN;
    bestK = candK;
    for (let p = 7; p >= 1; p--) {
      c = candidate(ax, e, p);
      if (Number.isNaN(c)) return formatFloat32(x);
      if (Math.fround(c) !== ax) break;
      bestN = candN;
      bestK = candK;
    }
  }
  const text = layout(bestN, bestK);
  return x < 0 ? '-' + text : text;
}
