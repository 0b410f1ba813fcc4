/** float32 log10, standing in for glibc's log10f. */
export function log10f(x: number): number {
  return Math.fround(Math.log10(x));
}
