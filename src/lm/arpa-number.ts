/**
 * Numbers in ARPA files are float32 values printed as the shortest decimal string that reads
 * back as the same float32 (KenLM uses double-conversion's ToShortestSingle). Fixed notation is
 * used for decimal exponents in [-6, 21), exponent notation (`-1.2e-7`) otherwise — the same
 * thresholds as JavaScript's Number#toString, which is why the digits are laid out by it.
 */
export function formatFloat32(value: number): string {
  const x = Math.fround(value);
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  for (let precision = 1; precision <= 9; precision++) {
    const digits = x.toPrecision(precision);
    if (Math.fround(parseFloat(digits)) === x) return String(parseFloat(digits));
  }
  return String(x);
}
