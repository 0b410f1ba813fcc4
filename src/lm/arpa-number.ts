/**
 * Numbers in ARPA files and `query` output are float32 values printed as the shortest decimal
 * string that reads back as the same float32 (KenLM uses double-conversion's ToShortestSingle).
 * Fixed notation is used for decimal exponents in [-6, 21), exponent notation (`-1.2e-7`)
 * otherwise — the same thresholds as JavaScript's Number#toString, which is why the digits are
 * laid out by it.
 *
 * When the value lies exactly halfway between two shortest candidates (e.g. -32.6328125 with 8
 * digits), double-conversion picks the one with the even last digit, while toPrecision rounds
 * half away from zero; that case is corrected here.
 */
export function formatFloat32(value: number): string {
  const x = Math.fround(value);
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  for (let precision = 1; precision <= 9; precision++) {
    let digits = x.toPrecision(precision);
    if (Math.fround(parseFloat(digits)) !== x) continue;
    if (isHalfway(x, precision)) {
      const even = towardZeroIfOdd(digits);
      if (even !== digits && Math.fround(parseFloat(even)) === x) digits = even;
    }
    return String(parseFloat(digits));
  }
  return String(x);
}

/** True when x's exact decimal expansion is "d…d5000…" after `precision` significant digits. */
function isHalfway(x: number, precision: number): boolean {
  const exact = Math.abs(x).toPrecision(100).replace('.', '').replace(/e.*$/, '').replace(/^0+/, '');
  const rest = exact.slice(precision).replace(/0+$/, '');
  return rest === '5';
}

/** toPrecision rounded a tie away from zero; if that made the last digit odd, step back. */
function towardZeroIfOdd(digits: string): string {
  const m = /^(-?)([\d.]+)(e[-+]\d+)?$/.exec(digits);
  if (!m) return digits;
  const mantissa = m[2]!;
  const last = mantissa.charCodeAt(mantissa.length - 1) - 48;
  if (last % 2 === 0) return digits;
  // An odd last digit after rounding up is never 0, so decrementing never borrows.
  return `${m[1]}${mantissa.slice(0, -1)}${last - 1}${m[3] ?? ''}`;
}
