/**
 * Number-level pieces: glibc-exact log10f, the fast float32 formatter (against formatFloat32),
 * the discount formula and its lmplz-style printing, and `-S` size parsing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalmem } from 'node:os';
import { log10f } from '../../../src/lm/train/log10f.js';
import { formatFloat32Fast } from '../../../src/lm/float-text.js';
import { formatFloat32 } from '../../../src/lm/arpa-number.js';
import { computeDiscounts, formatG6, OrderStats, parseDiscountFallback } from '../../../src/lm/train/discounts.js';
import { parseMemorySize } from '../../../src/lm/train/memory.js';

// [x bits, glibc 2.36 log10f(x) bits], from python ctypes on the machine that made the KenLM pack.
// The second half are inputs where Math.fround(Math.log10(x)) is one ulp off glibc.
const GLIBC_LOG10F: [number, number][] = [
  [0x3e99999a, 0xbf05db61], [0x3f000000, 0xbe9a209b], [0x3e800000, 0xbf1a209b], [0x3f800000, 0x00000000],
  [0x3dcccccd, 0xbf800000], [0x0da24260, 0xc1f00000], [0x40400000, 0x3ef4493c], [0x348637bd, 0xc0d34413],
  [0x352e6b43, 0xc0c5fdec], [0x3f2a74de, 0xbe34dd8b], [0x3269e0d3, 0xc0fbb685], [0x36513270, 0xc0b032fd],
  [0x3a6a3a45, 0xc0432135], [0x30c5c7fd, 0xc10d7886], [0x3128b2f3, 0xc109c26d], [0x3d23f082, 0xbfb2e70f],
  [0x3892f902, 0xc084f0ca], [0x31818e81, 0xc106c706], [0x35d9dc9f, 0xc0b944a4], [0x39531985, 0xc06c8d1b],
  [0x30ed9047, 0xc10c3281], [0x3e8e25d9, 0xbf0e78bb], [0x381e74ef, 0xc08d8729], [0x336f675c, 0xc0e81f5e],
  [0x3e1332a1, 0xbf57a772], [0x3f42e166, 0xbdf2a146], [0x3f277a09, 0xbe3cb55c], [0x3ed69964, 0xbec15a48],
  [0x3f14d4c7, 0xbe713300], [0x3e3c4f43, 0xbf3c44fa], [0x3e34c3b7, 0xbf40d0da], [0x3f2474e6, 0xbe44cd15],
  [0x3f471faa, 0xbddf78c2], [0x3f1871f6, 0xbe668785], [0x3f7579da, 0xbc955918], [0x3e1412f9, 0xbf56fe80],
  [0x3f30513f, 0xbe25d4e1], [0x3f6ee9d6, 0xbcf5c157], [0x3e0b8d5e, 0xbf5d958e], [0x3e932a47, 0xbf0a9d74],
  [0x3f195030, 0xbe640112], [0x3f19b660, 0xbe62d90a], [0x3e76250f, 0xbf1e7df4], [0x3e8686b9, 0xbf149938],
  [0x3f383955, 0xbe1252c6], [0x3ea32111, 0xbefe547e], [0x3f618862, 0xbd616784], [0x3f5c7456, 0xbd84f55e],
];

const u32 = new Uint32Array(1);
const f32 = new Float32Array(u32.buffer);
const fromBits = (b: number): number => ((u32[0] = b), f32[0]);

test('log10f reproduces glibc bit for bit, where a rounded Math.log10 does not', () => {
  let naiveOff = 0;
  for (const [xb, yb] of GLIBC_LOG10F) {
    const x = fromBits(xb);
    assert.equal(log10f(x), fromBits(yb), `log10f(${x})`);
    if (Math.fround(Math.log10(x)) !== fromBits(yb)) naiveOff++;
  }
  assert.ok(naiveOff >= 24, 'the fixture exercises the cases that need the port');
  assert.equal(log10f(1), 0);
  assert.equal(log10f(0), -Infinity);
});

test('formatFloat32Fast prints exactly what formatFloat32 prints', () => {
  const values = [0, 1, -1, 0.5, -0.25, -32.6328125, 1e-6, -1.2e-7, 9999999, 1e7, 0.1, -0.30103, 3.4e38, -1.5e-45];
  let seed = 12345;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 100000; i++) values.push(Math.fround(-random() * 8 * 10 ** -(i % 7)));
  for (let i = 0; i < 50000; i++) {
    u32[0] = (random() * 2 ** 32) >>> 0;
    if (!Number.isNaN(f32[0])) values.push(f32[0]);
  }
  for (const x of values) assert.equal(formatFloat32Fast(x), formatFloat32(x), `value ${x}`);
});

test('discounts follow Chen & Goodman eq. 26 in float32 and print like lmplz', () => {
  // n_1 = … = n_4 = 100, so y = 1/3 and Dj = j - (j+1)/3, each step rounded to float32.
  const s = new OrderStats();
  s.n.splice(0, 5, 0, 100, 100, 100, 100);
  const stats = [s];
  const { discounts } = computeDiscounts(stats, undefined);
  const y = Math.fround(100 / 300);
  assert.equal(discounts[0][1], Math.fround(1 - Math.fround(Math.fround(Math.fround(2 * y) * 100) / 100)));
  assert.equal(discounts[0][3], Math.fround(3 - Math.fround(Math.fround(Math.fround(4 * y) * 100) / 100)));
  assert.equal(formatG6(0.7578140497207642), '0.757814');
  assert.equal(formatG6(1.0732003450393677), '1.0732');
  assert.equal(formatG6(3), '3');
  assert.equal(formatG6(2.016500473022461), '2.0165');
});

test('discount failures: missing n_j, and fallback values with lmplz defaults and padding', () => {
  const s = new OrderStats();
  s.n.splice(0, 5, 0, 10, 5, 0, 1);
  assert.throws(() => computeDiscounts([s], undefined), /adjusted count 4 because we didn't observe any 1-grams with adjusted count 3/);
  const { discounts, substituted } = computeDiscounts([s], parseDiscountFallback([]));
  assert.deepEqual(substituted, [0]);
  assert.deepEqual(discounts[0], [0, 0.5, 1, 1.5]);
  assert.deepEqual(parseDiscountFallback(['0.7']), [0, Math.fround(0.7), Math.fround(0.7), Math.fround(0.7)]);
  assert.throws(() => parseDiscountFallback(['1.5']), /D1 must be a number in \[0, 1\]/);
});

test('-S sizes: units, KiB default, percent of RAM, errors', () => {
  assert.equal(parseMemorySize('1G'), 2 ** 30);
  assert.equal(parseMemorySize('500M'), 500 * 2 ** 20);
  assert.equal(parseMemorySize('64'), 64 * 1024);
  assert.equal(parseMemorySize('100b'), 100);
  assert.equal(parseMemorySize('50%'), Math.floor(totalmem() / 2));
  assert.throws(() => parseMemorySize('lots'), /invalid memory size/);
});
