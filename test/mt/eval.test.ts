import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bootstrapInterval, confidentThresholdForFpr, evaluate, largestConfidentCount, operatingPoint, prAuc, rocAuc, thresholdForFpr, thresholdForRecall, type ScoredExample,
} from '../../src/mt/eval.js';

const ex = (pos: number[], neg: number[]): ScoredExample[] => [
  ...pos.map((score) => ({ score, positive: true })),
  ...neg.map((score) => ({ score, positive: false })),
];

test('ROC-AUC counts ties as one half (hand-computed)', () => {
  // pairs (pos, neg): (.9,.5)=1 (.9,.1)=1 (.5,.5)=½ (.5,.1)=1 (.5,.5)=½ (.5,.1)=1 → 5/6
  assert.equal(rocAuc(ex([0.9, 0.5, 0.5], [0.5, 0.1])), 5 / 6);
  assert.equal(rocAuc(ex([1, 2], [3, 4])), 0);
  assert.equal(rocAuc(ex([3, 4], [1, 2])), 1);
  assert.equal(rocAuc(ex([0.3, 0.3], [0.3, 0.3, 0.3])), 0.5);
  // (.8,.9)=0 (.8,.1)=1 → ½
  assert.equal(rocAuc(ex([0.8], [0.9, 0.1])), 0.5);
  assert.ok(Number.isNaN(rocAuc(ex([0.2], []))));
});

test('PR-AUC is average precision with tied scores entering together (hand-computed)', () => {
  // thresholds .9: R=1/3 P=1 → 1/3; .5: R=1 P=3/4 → (2/3)(3/4)=1/2; .1: no recall gain → 5/6
  assert.ok(Math.abs(prAuc(ex([0.9, 0.5, 0.5], [0.5, 0.1])) - 5 / 6) < 1e-12);
  // .9: R=0; .8: R=1 P=1/2 → 1/2
  assert.equal(prAuc(ex([0.8], [0.9, 0.1])), 0.5);
  // all tied: one threshold, AP = prevalence
  assert.equal(prAuc(ex([0.5, 0.5], [0.5, 0.5, 0.5, 0.5])), 2 / 6);
  // order of ties in the input must not matter
  const a = prAuc([{ score: 1, positive: false }, { score: 1, positive: true }, { score: 0, positive: true }]);
  const b = prAuc([{ score: 1, positive: true }, { score: 1, positive: false }, { score: 0, positive: true }]);
  assert.equal(a, b);
  // .. = (1/2)(1/2) + (1/2)(2/3) = 7/12
  assert.ok(Math.abs(a - 7 / 12) < 1e-12);
});

test('operating points: F1, FPR, threshold for a recall and for a maximum drop rate', () => {
  const xs = ex([0.9, 0.7, 0.4, 0.2], [0.8, 0.3, 0.1, 0.05]);
  const op = operatingPoint(xs, 0.5); // tp 2, fp 1, fn 2, tn 3
  assert.equal(op.precision, 2 / 3);
  assert.equal(op.recall, 0.5);
  assert.equal(op.f1, 4 / 7);
  assert.equal(op.fpr, 0.25);
  assert.equal(thresholdForRecall(xs, 0.75), 0.4); // 3rd of 4 positives
  assert.equal(thresholdForRecall(xs, 0.9), 0.2); // ⌈3.6⌉ = 4th
  const t = thresholdForFpr([0.8, 0.3, 0.1, 0.05], 0.25); // may drop 1 of 4: the 0.8
  assert.ok(t > 0.3 && t < 0.31);
  assert.equal(operatingPoint(xs, t).fpr, 0.25);
  const t0 = thresholdForFpr([0.8, 0.3, 0.1, 0.05], 0.2); // may drop none
  assert.ok(t0 > 0.8);
});

test('a confident threshold allows only as many dropped texts as a binomial test at 5 % rejects', () => {
  // 0.95^58 = 0.0510 > 0.05 ≥ 0.95^59 = 0.0485: 59 texts are the fewest that can vouch for 5 %.
  assert.equal(largestConfidentCount(58, 0.05, 0.05), -1);
  assert.equal(largestConfidentCount(59, 0.05, 0.05), 0);
  // n = 100: P(X ≤ 1) = 0.95^100 + 100·0.05·0.95^99 = 0.0371; P(X ≤ 2) adds 4950·0.05²·0.95^98 = 0.0812.
  assert.equal(largestConfidentCount(100, 0.05, 0.05), 1);
  // Large samples approach the rate itself, from below; (1 − p)^n underflows at this n but the log-space sum does not.
  const k = largestConfidentCount(100_000, 0.05, 0.05);
  assert.ok(k > 4_800 && k < 5_000, String(k));
  const scores = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
  const t = confidentThresholdForFpr(scores, 0.05);
  assert.ok(t > 0.99 && t < 0.991); // drops only the 1.00 (k = 1), where the point estimate drops five
  assert.ok(thresholdForFpr(scores, 0.05) < 0.96);
  // Too few to vouch for 5 %: none of them may be dropped.
  assert.ok(confidentThresholdForFpr(scores.slice(0, 58), 0.05) > 0.58);
  assert.ok(confidentThresholdForFpr(scores.slice(0, 58), 0.05) < 0.581);
  assert.ok(Number.isNaN(confidentThresholdForFpr([], 0.05)));
});

test('bootstrap intervals are seeded, bracket the value, and resample whole groups', () => {
  const xs: ScoredExample[] = [];
  for (let i = 0; i < 60; i++) {
    xs.push({ score: Math.sin(i) + 0.6, positive: true, group: `g${i % 20}` });
    xs.push({ score: Math.cos(i), positive: false, group: `g${i % 20}` });
  }
  const a = bootstrapInterval(xs, rocAuc, { resamples: 200, seed: 7 });
  const b = bootstrapInterval(xs, rocAuc, { resamples: 200, seed: 7 });
  const c = bootstrapInterval(xs, rocAuc, { resamples: 200, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.lo <= a.value && a.value <= a.hi);
  assert.ok(a.hi - a.lo > 0.01);
  // One group holding everything: every resample is the full set, so the interval collapses.
  const one = xs.map((x) => ({ ...x, group: 'all' }));
  const d = bootstrapInterval(one, rocAuc, { resamples: 50, seed: 1 });
  assert.equal(d.lo, d.value);
  assert.equal(d.hi, d.value);
});

test('evaluate reports length buckets and the fields the CLI prints', () => {
  const xs: ScoredExample[] = [
    { score: 0.9, positive: true, length: 50 }, { score: 0.2, positive: false, length: 60 },
    { score: 0.6, positive: true, length: 500 }, { score: 0.7, positive: false, length: 400 },
  ];
  const r = evaluate(xs, 0.5, { resamples: 20 });
  assert.equal(r.roc_auc, 0.75);
  assert.equal(r.fpr_at_threshold, 0.5);
  assert.deepEqual(r.by_length.map((b) => [b.bucket, b.n, b.roc_auc]), [['<100', 2, 1], ['300-1000', 2, 0]]);
});
