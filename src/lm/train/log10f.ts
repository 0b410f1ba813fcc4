/**
 * float32 log10 as glibc 2.36's `log10f` computes it (sysdeps/ieee754/flt-32/e_log10f.c, the
 * fdlibm algorithm; KenLM's reference files were made with it): split x = 2^y · m with m in
 * [0.5, 1) or [1, 2), then
 *
 *   log10(x) = (y·log10_2lo + ivln10·logf(m)) + y·log10_2hi      (every step rounded to float32)
 *
 * The float32 constants make this differ from a correctly rounded log10 by one ulp on a good
 * share of inputs (most unigram backoffs of the reference models), so a plain
 * `Math.fround(Math.log10(x))` cannot give byte-identical ARPA files. `logf` is glibc's too
 * (sysdeps/ieee754/flt-32/e_logf.c, from ARM's optimized-routines): a 16-entry table of 1/c and
 * log(c) and a degree-3 polynomial in double, rounded once to float32.
 */
const f = Math.fround;
const TWO25 = f(3.3554432e7);
const IVLN10 = f(4.3429449201e-1);
const LOG10_2HI = f(3.0102920532e-1);
const LOG10_2LO = f(7.9034151668e-7);

// e_logf_data.c: for each of 16 subintervals, 1/c and log(c); then ln 2 and the polynomial.
const hex = (h: string): number => {
  const m = /^(-?)0x([01])\.?([0-9a-f]*)p([-+]?\d+)$/.exec(h)!;
  const mantissa = parseInt(m[2] + m[3], 16) / 16 ** m[3].length;
  return (m[1] ? -1 : 1) * mantissa * 2 ** Number(m[4]);
};
const INVC = [
  '0x1.661ec79f8f3bep+0', '0x1.571ed4aaf883dp+0', '0x1.49539f0f010bp+0', '0x1.3c995b0b80385p+0',
  '0x1.30d190c8864a5p+0', '0x1.25e227b0b8eap+0', '0x1.1bb4a4a1a343fp+0', '0x1.12358f08ae5bap+0',
  '0x1.0953f419900a7p+0', '0x1p+0', '0x1.e608cfd9a47acp-1', '0x1.ca4b31f026aap-1',
  '0x1.b2036576afce6p-1', '0x1.9c2d163a1aa2dp-1', '0x1.886e6037841edp-1', '0x1.767dcf5534862p-1',
].map(hex);
const LOGC = [
  '-0x1.57bf7808caadep-2', '-0x1.2bef0a7c06ddbp-2', '-0x1.01eae7f513a67p-2', '-0x1.b31d8a68224e9p-3',
  '-0x1.6574f0ac07758p-3', '-0x1.1aa2bc79c81p-3', '-0x1.a4e76ce8c0e5ep-4', '-0x1.1973c5a611cccp-4',
  '-0x1.252f438e10c1ep-5', '0x0p+0', '0x1.aa5aa5df25984p-5', '0x1.c5e53aa362eb4p-4',
  '0x1.526e57720db08p-3', '0x1.bc2860d22477p-3', '0x1.1058bc8a07ee1p-2', '0x1.4043057b6ee09p-2',
].map(hex);
const LN2 = hex('0x1.62e42fefa39efp-1');
const A0 = hex('-0x1.00ea348b88334p-2');
const A1 = hex('0x1.5575b0be00b6ap-2');
const A2 = hex('-0x1.ffffef20a4123p-2');
const OFF = 0x3f330000;

const floatView = new Float32Array(1);
const bitsView = new Int32Array(floatView.buffer);

/** glibc's logf for a normal positive float32 given by its bits. */
function logfBits(ix: number): number {
  if (ix === 0x3f800000) return 0;
  const tmp = (ix - OFF) >>> 0;
  const i = (tmp >>> 19) & 15;
  const k = (tmp | 0) >> 23;
  const iz = (ix - (tmp & 0xff800000)) >>> 0;
  bitsView[0] = iz | 0;
  const z = floatView[0];
  const r = z * INVC[i] - 1;
  const y0 = LOGC[i] + k * LN2;
  const r2 = r * r;
  let y = A1 * r + A2;
  y = A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return f(y);
}

export function log10f(value: number): number {
  let x = f(value);
  floatView[0] = x;
  let hx = bitsView[0];
  let k = 0;
  if (hx < 0x00800000) {
    if ((hx & 0x7fffffff) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 25;
    x = f(x * TWO25);
    floatView[0] = x;
    hx = bitsView[0];
  }
  if (hx >= 0x7f800000) return x + x;
  k += (hx >> 23) - 127;
  const i = k < 0 ? 1 : 0;
  hx = (hx & 0x007fffff) | ((0x7f - i) << 23);
  const y = f(k + i);
  const z = f(f(y * LOG10_2LO) + f(IVLN10 * logfBits(hx)));
  return f(z + f(y * LOG10_2HI));
}
