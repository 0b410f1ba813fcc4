/**
 * 10^y rounded correctly to double. KenLM prints perplexities computed with glibc's pow,
 * which is correctly rounded in practice; V8's Math.pow can be 1 ulp off, which shows in the
 * last printed digit. So the power is computed in double-double arithmetic (about 106 bits),
 * then rounded once.
 */

// ln 10 and ln 2 as double-double (hi + lo).
const LN10_HI = 2.302585092994046;
const LN10_LO = -2.1707562233822494e-16;
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;

let rh = 0;
let rl = 0;

function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  rl = (a - (s - bb)) + (b - bb);
  rh = s;
}

function split(a: number): [number, number] {
  const c = 134217729 * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

function twoProd(a: number, b: number): void {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  rl = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  rh = p;
}

function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const ph = rh;
  const pl = rl + (ah * bl + al * bh);
  twoSum(ph, pl);
}

function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const sh = rh;
  const sl = rl + al + bl;
  twoSum(sh, sl);
}

/** 10^y, correctly rounded except in cases closer to a tie than ~2^-100 relative. */
export function pow10(y: number): number {
  if (!Number.isFinite(y)) return Math.pow(10, y);
  if (y > 308.3 || y < -323) return Math.pow(10, y);
  // x = y·ln10 in double-double
  ddMul(y, 0, LN10_HI, LN10_LO);
  let xh = rh;
  let xl = rl;
  // x = k·ln2 + r, |r| ≤ ln2/2
  const k = Math.round(xh / LN2_HI);
  ddMul(k, 0, LN2_HI, LN2_LO);
  ddAdd(xh, xl, -rh, -rl);
  xh = rh;
  xl = rl;
  // exp(r) by its Taylor series in double-double
  let sumH = 1;
  let sumL = 0;
  let termH = 1;
  let termL = 0;
  for (let i = 1; i < 30; i++) {
    ddMul(termH, termL, xh, xl);
    // (rh + rl) / i: divide the high part, then fold the exact remainder back in
    const th = rh;
    const tl = rl;
    const q1 = th / i;
    twoProd(q1, i);
    const q2 = ((th - rh) - rl + tl) / i;
    twoSum(q1, q2);
    termH = rh;
    termL = rl;
    ddAdd(sumH, sumL, termH, termL);
    sumH = rh;
    sumL = rl;
    if (Math.abs(termH) < 1e-36 * Math.abs(sumH)) break;
  }
  // (sumH, sumL) is normalised, so sumH is the correctly rounded value; 2^k scales exactly.
  return (sumH + sumL) * Math.pow(2, k);
}
