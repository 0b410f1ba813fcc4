/**
 * Evaluation arithmetic for a binary MT detector: ROC-AUC, PR-AUC (average precision),
 * seeded bootstrap intervals, and operating points. Pure functions over scored examples, so the
 * numbers can be checked by hand and reused for any scorer (the MT scorer, a topic-floor
 * classifier, a baseline).
 */
import { rocAuc } from '../stats/auc.js';
import { mulberry32 } from '../stats/random.js';

export { rocAuc };

export interface ScoredExample {
  /** Higher = more likely machine-translated. */
  score: number;
  /** true = machine-translated (the positive class). */
  positive: boolean;
  /** Examples sharing a group (e.g. human and machine translations of one source) are resampled together. */
  group?: string;
  /** Length in characters, for the per-bucket report. */
  length?: number;
}

/**
 * PR-AUC as average precision: Σ (R_k − R_{k−1}) · P_k over distinct score thresholds taken from
 * the highest down. Tied scores form one threshold (all enter together), as in scikit-learn's
 * average_precision_score, so the value does not depend on the order of ties.
 */
export function prAuc(examples: readonly ScoredExample[]): number {
  const sorted = [...examples].sort((a, b) => b.score - a.score);
  const nPos = sorted.reduce((n, e) => n + (e.positive ? 1 : 0), 0);
  if (nPos === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) {
      if (sorted[j]!.positive) tp++;
      else fp++;
      j++;
    }
    const recall = tp / nPos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    i = j;
  }
  return ap;
}

export interface OperatingPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of negatives (human text) at or above the threshold: what filtering would drop. */
  fpr: number;
}

/** Metrics when every example with score ≥ threshold is called MT. */
export function operatingPoint(examples: readonly ScoredExample[], threshold: number): OperatingPoint {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const e of examples) {
    const called = e.score >= threshold;
    if (e.positive) called ? tp++ : fn++;
    else called ? fp++ : tn++;
  }
  const precision = tp + fp === 0 ? NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? NaN : tp / (tp + fn);
  const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  const fpr = fp + tn === 0 ? NaN : fp / (fp + tn);
  return { threshold, precision, recall, f1, fpr };
}

/**
 * The highest threshold that still calls at least `recall` of the positives MT
 * (the ⌈recall·nPos⌉-th highest positive score).
 */
export function thresholdForRecall(examples: readonly ScoredExample[], recall: number): number {
  const pos = examples.filter((e) => e.positive).map((e) => e.score).sort((a, b) => b - a);
  if (pos.length === 0) return NaN;
  const k = Math.min(pos.length, Math.max(1, Math.ceil(recall * pos.length)));
  return pos[k - 1]!;
}

/**
 * The lowest threshold at which at most `maxDropped` of the negatives score ≥ threshold:
 * the (⌊maxDropped·n⌋+1)-th highest negative score, nudged just above it.
 */
export function thresholdForFpr(negativeScores: readonly number[], maxDropped: number): number {
  if (negativeScores.length === 0) return NaN;
  return thresholdDropping(negativeScores, Math.floor(maxDropped * negativeScores.length));
}

/** The lowest threshold at which at most `allowed` of the negatives score ≥ threshold. */
function thresholdDropping(negativeScores: readonly number[], allowed: number): number {
  const s = [...negativeScores].sort((a, b) => b - a);
  if (allowed >= s.length) return -Infinity;
  const v = s[allowed]!;
  // Strictly above the first score that must not be dropped.
  return v + Math.max(1e-9, Math.abs(v) * 1e-9);
}

/**
 * Like `thresholdForFpr`, but the promise must hold with `confidence` for text like the sample,
 * not only on the sample: it allows the largest number k of dropped negatives at which a true
 * rate of `maxDropped` would still be rejected by a one-sided binomial test (P(X ≤ k) ≤ 1 −
 * confidence). A rate measured on a few hundred held-out texts is a noisy estimate, and a
 * threshold set at the point estimate drops more than `maxDropped` of unseen text about half of
 * the time. A sample too small to vouch for the rate even with nothing dropped (fewer than 59
 * negatives at 5 %, 95 %) gets the most it can say: none of it is dropped. NaN for no sample.
 */
export function confidentThresholdForFpr(negativeScores: readonly number[], maxDropped: number, confidence = 0.95): number {
  const n = negativeScores.length;
  if (n === 0) return NaN;
  return thresholdDropping(negativeScores, Math.max(0, largestConfidentCount(n, maxDropped, 1 - confidence)));
}

/** The largest k with P(Binomial(n, p) ≤ k) ≤ alpha, or −1 if even k = 0 is too likely. Log space: (1 − p)^n underflows for large n. */
export function largestConfidentCount(n: number, p: number, alpha: number): number {
  const logRatio = Math.log(p) - Math.log1p(-p);
  let logTerm = n * Math.log1p(-p); // log P(X = 0)
  let logCdf = logTerm;
  if (logCdf > Math.log(alpha)) return -1;
  for (let k = 0; k < n; k++) {
    logTerm += Math.log((n - k) / (k + 1)) + logRatio; // log P(X = k + 1)
    const next = logCdf + Math.log1p(Math.exp(logTerm - logCdf));
    if (next > Math.log(alpha)) return k;
    logCdf = next;
  }
  return n;
}

/** Seeded generator so bootstrap intervals are reproducible. */
export const seededRandom: (seed: number) => () => number = mulberry32;

export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

/**
 * Percentile bootstrap 95 % interval of `metric`. Resamples whole groups (records without a group
 * are their own group), so paired human/MT translations of one source stay together and the
 * interval is not too narrow when examples within a document are correlated.
 */
export function bootstrapInterval(
  examples: readonly ScoredExample[],
  metric: (xs: readonly ScoredExample[]) => number,
  { resamples = 1000, seed = 1 }: { resamples?: number; seed?: number } = {},
): Interval {
  const value = metric(examples);
  const groups = new Map<string, ScoredExample[]>();
  examples.forEach((e, i) => {
    const key = e.group ?? `\u0000${i}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(e);
  });
  const clusters = [...groups.values()];
  const rand = seededRandom(seed);
  const stats: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample: ScoredExample[] = [];
    for (let c = 0; c < clusters.length; c++) {
      sample.push(...clusters[Math.floor(rand() * clusters.length)]!);
    }
    const v = metric(sample);
    if (!Number.isNaN(v)) stats.push(v);
  }
  stats.sort((a, b) => a - b);
  if (stats.length === 0) return { value, lo: NaN, hi: NaN };
  const q = (p: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.floor(p * (stats.length - 1) + 0.5)))]!;
  return { value, lo: q(0.025), hi: q(0.975) };
}

/** Length buckets in characters: paragraphs, short pages, pages, long pages. */
export const LENGTH_BUCKETS: readonly { name: string; min: number; max: number }[] = [
  { name: '<100', min: 0, max: 100 },
  { name: '100-300', min: 100, max: 300 },
  { name: '300-1000', min: 300, max: 1000 },
  { name: '1000-3000', min: 1000, max: 3000 },
  { name: '>=3000', min: 3000, max: Infinity },
];

export interface BucketReport {
  bucket: string;
  n: number;
  n_mt: number;
  roc_auc: number | null;
  recall_at_threshold: number | null;
  fpr_at_threshold: number | null;
}

export interface EvalReport {
  n: number;
  n_mt: number;
  n_human: number;
  roc_auc: number;
  roc_auc_ci: [number, number];
  pr_auc: number;
  pr_auc_ci: [number, number];
  threshold: number;
  f1_at_threshold: number;
  precision_at_threshold: number;
  recall_at_threshold: number;
  fpr_at_threshold: number;
  threshold_at_90_recall: number;
  f1_at_90_recall: number;
  fpr_at_90_recall: number;
  by_length: BucketReport[];
  bootstrap: { resamples: number; seed: number };
}

const nullIfNaN = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Everything `sito mt eval` prints, from scored examples and the profile's threshold. */
export function evaluate(
  examples: readonly ScoredExample[],
  threshold: number,
  { resamples = 1000, seed = 1 }: { resamples?: number; seed?: number } = {},
): EvalReport {
  const roc = bootstrapInterval(examples, rocAuc, { resamples, seed });
  const pr = bootstrapInterval(examples, prAuc, { resamples, seed: seed + 1 });
  const atT = operatingPoint(examples, threshold);
  const t90 = thresholdForRecall(examples, 0.9);
  const at90 = operatingPoint(examples, t90);
  const nMt = examples.filter((e) => e.positive).length;
  const byLength: BucketReport[] = [];
  for (const b of LENGTH_BUCKETS) {
    const xs = examples.filter((e) => (e.length ?? 0) >= b.min && (e.length ?? 0) < b.max);
    if (xs.length === 0) continue;
    const op = operatingPoint(xs, threshold);
    byLength.push({
      bucket: b.name,
      n: xs.length,
      n_mt: xs.filter((e) => e.positive).length,
      roc_auc: nullIfNaN(rocAuc(xs)),
      recall_at_threshold: nullIfNaN(op.recall),
      fpr_at_threshold: nullIfNaN(op.fpr),
    });
  }
  return {
    n: examples.length,
    n_mt: nMt,
    n_human: examples.length - nMt,
    roc_auc: roc.value,
    roc_auc_ci: [roc.lo, roc.hi],
    pr_auc: pr.value,
    pr_auc_ci: [pr.lo, pr.hi],
    threshold,
    f1_at_threshold: atT.f1,
    precision_at_threshold: atT.precision,
    recall_at_threshold: atT.recall,
    fpr_at_threshold: atT.fpr,
    threshold_at_90_recall: t90,
    f1_at_90_recall: at90.f1,
    fpr_at_90_recall: at90.fpr,
    by_length: byLength,
    bootstrap: { resamples, seed },
  };
}

/** A human-readable rendering of the report (what `sito mt eval` prints without --json). */
export function formatReport(r: EvalReport): string {
  const f = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(3));
  const lines = [
    `records: ${r.n} (mt ${r.n_mt}, human ${r.n_human})`,
    `ROC-AUC ${f(r.roc_auc)} [95% CI ${f(r.roc_auc_ci[0])}–${f(r.roc_auc_ci[1])}]`,
    `PR-AUC  ${f(r.pr_auc)} [95% CI ${f(r.pr_auc_ci[0])}–${f(r.pr_auc_ci[1])}]`,
    `at threshold ${f(r.threshold)}: F1 ${f(r.f1_at_threshold)}, precision ${f(r.precision_at_threshold)}, recall ${f(r.recall_at_threshold)}, FPR ${f(r.fpr_at_threshold)}`,
    `at 90% MT recall (threshold ${f(r.threshold_at_90_recall)}): F1 ${f(r.f1_at_90_recall)}, FPR ${f(r.fpr_at_90_recall)}`,
    '',
    'length (chars)     n    mt  ROC-AUC  recall@t  FPR@t',
    ...r.by_length.map((b) =>
      `${b.bucket.padEnd(12)} ${String(b.n).padStart(6)} ${String(b.n_mt).padStart(5)}  ${f(b.roc_auc).padStart(7)}  ${f(b.recall_at_threshold).padStart(8)}  ${f(b.fpr_at_threshold).padStart(5)}`),
    '',
    `(bootstrap: ${r.bootstrap.resamples} resamples by group, seed ${r.bootstrap.seed})`,
  ];
  return lines.join('\n');
}
