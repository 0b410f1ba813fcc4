import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuantileSample } from '../../src/stats/quantiles.js';

test('exact quantiles while the sample holds everything', () => {
  const q = new QuantileSample(100);
  for (const x of [5, 1, 4, 2, 3]) q.add(x);
  assert.equal(q.quantile(0), 1);
  assert.equal(q.quantile(0.5), 3);
  assert.equal(q.quantile(1), 5);
  assert.equal(q.quantile(0.3), 2.2);
});

test('a bounded sample of a long stream stays close to the true quantiles', () => {
  const q = new QuantileSample(5000);
  for (let i = 0; i < 200_000; i++) q.add((i * 7919) % 200_000); // a permutation of 0..199999
  assert.equal(q.count, 200_000);
  assert.equal(q.size, 5000);
  assert.ok(Math.abs(q.quantile(0.3) / 200_000 - 0.3) < 0.02, `p30 ${q.quantile(0.3)}`);
  assert.ok(Math.abs(q.quantile(0.6) / 200_000 - 0.6) < 0.02, `p60 ${q.quantile(0.6)}`);
});
