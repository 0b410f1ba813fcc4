/**
 * Training the MT model: documents → chunks → a document-level train/dev split → a hashed
 * linear classifier on paragraphs (SGD, fastText-style averaged n-grams, plus dense habit
 * features) → a calibration fitted on dev documents → the filtering threshold that drops at
 * most 5 % of dev human and native text.
 */
import { DENSE_FEATURES, FeatureExtractor, WordBitset, isLetterToken, pairKey, splitParagraphs, tokenize, wordKey, type FeatureConfig } from './features.js';
import { MtModel, quantize, type Calibration, type MtModelHeader } from './model.js';
import { confidentThresholdForFpr, rocAuc, seededRandom, thresholdForFpr, type ScoredExample } from './eval.js';
import type { TextRecord } from './data.js';
import type { NormalizerOptions } from '../lm/normalize.js';

export type TextKind = 'human' | 'native' | 'mt';

/** One unit of text the model is trained and calibrated on: a document chunk. */
export interface TrainingDocument {
  key: string;
  text: string;
  kind: TextKind;
}

export interface TrainOptions {
  lang: string;
  features?: Partial<FeatureConfig>;
  epochs?: number;
  learningRate?: number;
  /** Share of documents held out for calibration and the threshold. */
  devFraction?: number;
  seed?: number;
  /** Documents longer than this are cut into chunks of about this many characters. */
  chunkChars?: number;
  /** Largest share of dev human (and, separately, native) documents the threshold may drop. */
  maxDropped?: number;
  /**
   * Confidence with which each set must show that at most `maxDropped` of text like it is
   * dropped (one-sided binomial test; default 0.95). 0: the share in the set itself (a point
   * estimate, which unseen text exceeds about half of the time).
   */
  thresholdConfidence?: number;
  /** Weight of a native-text paragraph relative to a human-translation paragraph. */
  nativeWeight?: number;
  /** Size of the vocabulary bitset (unknown-word feature). */
  vocabularyBits?: number;
  /** Size of the word-pair bitset (unseen-pair feature). */
  bigramBits?: number;
  /** Train the topic floor: content words only, no habit features. */
  topicFloor?: boolean;
  /**
   * Human-text and MT-text word LMs (`.sitolm` buffers, see `trainLmPair`) estimated on the
   * *training* side of the split only: their log-ratio enters the calibration, fitted on dev.
   */
  lm?: { human: ArrayBuffer; mt: ArrayBuffer; order: number; normalizer: NormalizerOptions; maxTokens?: number };
  /** Fit the calibration on dev documents and, as a second unit of equal weight, their single paragraphs (default true). */
  calibrateParagraphs?: boolean;
  /**
   * Transfer points for the calibration, a unit of their own (TRANSFER_UNIT) with the same weight
   * as the dev documents: documents of one of the training's source languages, scored by a fold model
   * trained without that language's output (see `transferCalibrationPoints`). The dev split's MT
   * comes from the training languages, on which the LM ratio is nearly perfect; these show the
   * combiner how each piece of evidence holds up on a source language it was not trained on.
   */
  transferPoints?: CalibrationPoint[];
  log?: (msg: string) => void;
}

// Word uni+bigrams only: character n-grams fitted the training MT system's quirks and transferred
// worse to unseen source languages and to Polish dev paragraphs (models/README.md, MT section).
export const DEFAULT_FEATURES: FeatureConfig = { buckets: 1 << 20, wordNgrams: 2, charMin: 0, charMax: 0 };

export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Joins paragraphs of one document (in input order) and cuts documents into chunks of about
 * `chunkChars`, so long man pages weigh like several web pages rather than one.
 */
export function toDocuments(records: readonly TextRecord[], kind: TextKind, chunkChars: number): TrainingDocument[] {
  const byDoc = new Map<string, string[]>();
  for (const r of records) {
    let paras = byDoc.get(r.doc);
    if (!paras) byDoc.set(r.doc, (paras = []));
    paras.push(...splitParagraphs(r.text));
  }
  const out: TrainingDocument[] = [];
  for (const [doc, paras] of byDoc) {
    let cur: string[] = [];
    let len = 0;
    let part = 0;
    const flush = () => {
      if (cur.length) out.push({ key: doc, text: cur.join('\n'), kind });
      cur = [];
      len = 0;
      part++;
    };
    for (const p of paras) {
      if (len > 0 && len + p.length > chunkChars) flush();
      cur.push(p);
      len += p.length + 1;
    }
    flush();
  }
  return out;
}

/** Share of documents `sito mt train` holds out for calibration and the threshold, by default. */
export const DEFAULT_DEV_FRACTION = 0.15;

/** Deterministic document-level split: all chunks of a document fall on the same side. */
export function isDev(docKey: string, devFraction: number, seed = 1): boolean {
  return (stableHash(`${seed}:${docKey}`) % 10000) < devFraction * 10000;
}

/**
 * Words of the human training text that occur in at least two documents. Requiring a second
 * document keeps a training paragraph's own rare words unknown, as they will be at test time.
 */
export function buildVocabulary(docs: readonly TrainingDocument[], bits: number): WordBitset {
  const firstDoc = new Map<string, string>();
  const set = WordBitset.withBits(bits);
  for (const d of docs) {
    for (const w of tokenize(d.text)) {
      if (w.length < 2 || !isLetterToken(w)) continue;
      const seen = firstDoc.get(w);
      if (seen === undefined) firstDoc.set(w, d.key);
      else if (seen !== d.key) set.addKey(wordKey(w));
    }
  }
  return set;
}

/**
 * Adjacent pairs of known words in the human training text, seen in at least two documents
 * (the same rule as the vocabulary). A crude bigram language model of human text: pairs MT
 * produces and people do not are what a human-vs-MT LM ratio would pick up.
 */
export function buildWordPairs(docs: readonly TrainingDocument[], vocabulary: WordBitset, bits: number): WordBitset {
  const firstDoc = new Map<number, string>();
  const set = WordBitset.withBits(bits);
  for (const d of docs) {
    for (const p of splitParagraphs(d.text)) {
      let prev = -1;
      for (const w of tokenize(p)) {
        const k = w.length > 1 && isLetterToken(w) ? wordKey(w) : -1;
        const known = k !== -1 && vocabulary.hasKey(k);
        if (known && prev !== -1) {
          const key = pairKey(prev, k);
          const seen = firstDoc.get(key);
          if (seen === undefined) firstDoc.set(key, d.key);
          else if (seen !== d.key) set.addKey(key);
        }
        prev = known ? k : -1;
      }
    }
  }
  return set;
}

/** The most frequent words of the training text: the "function words" the topic floor ignores. */
export function frequentWords(texts: readonly string[], n: number): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of tokenize(t)) if (/\p{L}/u.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([w]) => w);
}

/** Step size of the dense habit features relative to the averaged n-gram weights. */
const DENSE_LR_RATIO = 0.1;

interface Example { text: string; y: number; weight: number }

export interface TrainResult {
  model: MtModel;
  /** Dev-split document scores, for reports. */
  dev: { kind: TextKind; prob: number; z: number; words: number; lmRatio: number; key: string }[];
  report: Record<string, unknown>;
}

/** The document-level train/dev split `trainMtModel` uses (the LMs must be estimated on the same train side). */
export function splitTrainDev(docs: readonly TrainingDocument[], opts: Pick<TrainOptions, 'devFraction' | 'seed'>): { train: TrainingDocument[]; dev: TrainingDocument[] } {
  const devFraction = opts.devFraction ?? DEFAULT_DEV_FRACTION;
  const seed = opts.seed ?? 1;
  return { train: docs.filter((d) => !isDev(d.key, devFraction, seed)), dev: docs.filter((d) => isDev(d.key, devFraction, seed)) };
}

export function trainMtModel(
  data: {
    human: TrainingDocument[];
    mt: TrainingDocument[];
    native: TrainingDocument[];
    /**
     * Held-out human text used only to set the threshold (never trained on), in named sets (e.g.
     * native writing, human translations of other genres); each set is held to `maxDropped` alone.
     */
    thresholdSets?: { name: string; documents: TrainingDocument[] }[];
  },
  opts: TrainOptions,
): TrainResult {
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? 1;
  const devFraction = opts.devFraction ?? DEFAULT_DEV_FRACTION;
  const features: FeatureConfig = { ...DEFAULT_FEATURES, ...opts.features, contentWordsOnly: opts.topicFloor ?? false };
  const { train, dev } = splitTrainDev([...data.human, ...data.native, ...data.mt], { devFraction, seed });

  // Paragraph examples, classes balanced by total weight (native text weighted up within human).
  const nativeWeight = opts.nativeWeight ?? 2;
  const examples: Example[] = [];
  let wHuman = 0;
  let wMt = 0;
  for (const d of train) {
    for (const p of splitParagraphs(d.text)) {
      const w = d.kind === 'native' ? nativeWeight : 1;
      examples.push({ text: p, y: d.kind === 'mt' ? 1 : 0, weight: w });
      if (d.kind === 'mt') wMt += w;
      else wHuman += w;
    }
  }
  if (wMt === 0 || wHuman === 0) throw new Error('training needs both machine-translated and human text');
  const total = wMt + wHuman;
  for (const e of examples) e.weight *= e.y ? total / (2 * wMt) : total / (2 * wHuman);
  log(`train: ${examples.length} paragraphs from ${train.length} chunks; dev: ${dev.length} chunks`);

  const stopwords = opts.topicFloor ? frequentWords(train.map((d) => d.text), 200) : [];
  const humanTrain = train.filter((d) => d.kind !== 'mt');
  const vocabulary = opts.topicFloor ? null : buildVocabulary(humanTrain, opts.vocabularyBits ?? 1 << 21);
  const bigrams = opts.topicFloor || !vocabulary ? null : buildWordPairs(humanTrain, vocabulary, opts.bigramBits ?? 1 << 23);
  const extractor = new FeatureExtractor(features, new Set(stopwords), vocabulary, bigrams);
  const w = new Float32Array(features.buckets);
  const dw = new Float64Array(DENSE_FEATURES.length);
  let bias = 0;
  const epochs = opts.epochs ?? 5;
  // Inputs are averaged over a paragraph's n-grams (fastText-style), so each weight's step is
  // lr/n: a large nominal rate is a moderate one per weight. 50 was best on the dev splits.
  const lr0 = opts.learningRate ?? 50;
  const rand = seededRandom(seed);
  const order = examples.map((_, i) => i);
  const steps = epochs * examples.length;
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    for (const idx of order) {
      const e = examples[idx]!;
      const f = extractor.extract(e.text);
      const inv = f.nHashed ? 1 / f.nHashed : 0;
      let z = bias;
      for (let k = 0; k < f.nHashed; k++) z += w[f.hashed[k]!]! * inv;
      if (!opts.topicFloor) for (let k = 0; k < dw.length; k++) z += dw[k]! * f.dense[k]!;
      const p = 1 / (1 + Math.exp(-z));
      loss -= e.weight * Math.log(Math.max(1e-12, e.y ? p : 1 - p));
      const lr = lr0 * (1 - step / steps);
      step++;
      const g = lr * e.weight * (p - e.y);
      for (let k = 0; k < f.nHashed; k++) w[f.hashed[k]!]! -= g * inv;
      // Habit features are one-sided evidence (more looping, more unknown words: more MT), so their
      // weights are kept ≥ 0: a corpus quirk (e.g. English code in human man pages) must not turn
      // untranslated English into evidence *against* MT. They are not averaged, hence the smaller step.
      if (!opts.topicFloor) for (let k = 0; k < dw.length; k++) dw[k] = Math.max(0, dw[k]! - DENSE_LR_RATIO * g * f.dense[k]!);
      bias -= DENSE_LR_RATIO * g;
    }
    log(`epoch ${epoch + 1}/${epochs}: mean loss ${(loss / examples.length).toFixed(4)}`);
  }

  const { weights, scale } = quantize(w);
  const header: MtModelHeader = {
    format: 1,
    lang: opts.lang,
    features,
    scale,
    vocabularyBits: vocabulary ? vocabulary.bits.length * 8 : 0,
    bigramBits: bigrams ? bigrams.bits.length * 8 : 0,
    bias,
    dense: Object.fromEntries(DENSE_FEATURES.map((n, i) => [n, dw[i]!])),
    ...(opts.topicFloor ? { stopwords } : {}),
    ...(opts.lm ? { lm: { order: opts.lm.order, normalizer: opts.lm.normalizer, humanBytes: opts.lm.human.byteLength, mtBytes: opts.lm.mt.byteLength, maxTokens: opts.lm.maxTokens ?? 0 } } : {}),
    calibration: { a: 1, b: 0, c: 0 },
    threshold: 0.5,
    training: {},
  };
  const lmBuffers = opts.lm ? { human: opts.lm.human, mt: opts.lm.mt } : null;
  let model = new MtModel(header, weights, vocabulary, bigrams, lmBuffers);

  // Calibrate on dev documents (balanced classes: mt_prob assumes even prior odds). The LM ratio
  // joins here, not in the SGD: on training paragraphs the LMs have seen the text, on dev they have not.
  const devScores = dev.map((d) => ({ d, s: model.scoreDocument(d.text) })).filter((x) => x.s.words > 0);
  const point = (s: { z: number; words: number; lmRatio: number }, kind: TextKind, unit: number): CalibrationPoint =>
    ({ z: s.z, words: s.words, y: kind === 'mt' ? 1 : 0, unit, ...(opts.lm ? { lm: s.lmRatio } : {}) });
  const calibrationPoints = devScores.map((x) => point(x.s, x.d.kind, 0));
  if (opts.calibrateParagraphs ?? true) {
    // Single paragraphs too, as a second unit of equal weight: the scorer meets one-line documents
    // and the threshold is held on single paragraphs, so the fit must not only extrapolate there.
    for (const x of devScores) {
      for (const p of splitParagraphs(x.d.text)) {
        const s = model.scoreDocument(p);
        if (s.words > 0) calibrationPoints.push(point(s, x.d.kind, 1));
      }
    }
  }
  calibrationPoints.push(...(opts.transferPoints ?? []));
  const calibration = fitCalibration(calibrationPoints);
  header.calibration = calibration;
  model = new MtModel(header, weights, vocabulary, bigrams, lmBuffers);
  const devOut = devScores.map(({ d }) => {
    const s = model.scoreDocument(d.text);
    return { kind: d.kind, prob: s.prob, z: s.z, words: s.words, lmRatio: s.lmRatio, key: d.key };
  });
  const maxDropped = opts.maxDropped ?? 0.05;
  const humanProbs = devOut.filter((x) => x.kind === 'human').map((x) => x.prob);
  const nativeProbs = devOut.filter((x) => x.kind === 'native').map((x) => x.prob);
  // Documents in the wild range from one paragraph to many, and short ones carry little evidence:
  // the threshold must drop at most `maxDropped` of dev human and of dev native text both as
  // whole documents and as single paragraphs (each scored as a document of its own).
  const paragraphProbs = (kind: TextKind) => dev.filter((d) => d.kind === kind)
    .flatMap((d) => splitParagraphs(d.text).map((p) => model.scoreDocument(p)))
    .filter((s) => s.words > 0).map((s) => s.prob);
  // Text held out only for the threshold (other genres than the training text, e.g. game messages,
  // GNOME help, unseen fortunes): the same rule per set, so the default does not drop human text
  // of a kind the model never saw.
  const heldOutSets = (data.thresholdSets ?? []).map(({ name, documents }) => {
    const docs = documents.map((d) => model.scoreDocument(d.text)).filter((s) => s.words > 0).map((s) => s.prob);
    const paragraphs = documents.flatMap((d) => splitParagraphs(d.text).map((p) => model.scoreDocument(p)))
      .filter((s) => s.words > 0).map((s) => s.prob);
    return { name, docs, paragraphs };
  });
  // Each set must vouch for the promise on text like it, not only on itself; a set too small to
  // show that with the chosen confidence (under 59 texts at 5 %, 95 %) may lose none of its texts.
  const confidence = opts.thresholdConfidence ?? 0.95;
  const thresholds = [humanProbs, nativeProbs, paragraphProbs('human'), paragraphProbs('native'), ...heldOutSets.flatMap((x) => [x.docs, x.paragraphs])]
    .map((xs) => (confidence > 0 ? confidentThresholdForFpr(xs, maxDropped, confidence) : xs.length >= 20 ? thresholdForFpr(xs, maxDropped) : NaN));
  header.threshold = Math.min(0.999, Math.max(0, ...thresholds.filter(Number.isFinite)));
  const devExamples: ScoredExample[] = devOut.map((x) => ({ score: x.prob, positive: x.kind === 'mt', group: x.key }));
  header.training = {
    train_paragraphs: examples.length,
    train_chunks: { human: train.filter((d) => d.kind === 'human').length, native: train.filter((d) => d.kind === 'native').length, mt: train.filter((d) => d.kind === 'mt').length },
    dev_chunks: { human: humanProbs.length, native: nativeProbs.length, mt: devOut.length - humanProbs.length - nativeProbs.length },
    dev_roc_auc: round(rocAuc(devExamples)),
    dev_paragraph_roc_auc: round(paragraphAuc(model, dev)),
    dev_fpr_human_at_threshold: round(humanProbs.filter((p) => p >= header.threshold).length / Math.max(1, humanProbs.length)),
    dev_fpr_native_at_threshold: round(nativeProbs.filter((p) => p >= header.threshold).length / Math.max(1, nativeProbs.length)),
    threshold_sets: heldOutSets.map((x) => ({
      name: x.name,
      documents: x.docs.length,
      paragraphs: x.paragraphs.length,
      fpr_documents: round(share(x.docs, header.threshold)),
      fpr_paragraphs: round(share(x.paragraphs, header.threshold)),
    })),
    dev_recall_at_threshold: round(devOut.filter((x) => x.kind === 'mt' && x.prob >= header.threshold).length / Math.max(1, devOut.length - humanProbs.length - nativeProbs.length)),
    epochs,
    learning_rate: lr0,
    seed,
    dev_fraction: devFraction,
    max_dropped: maxDropped,
    threshold_confidence: confidence,
    ...(opts.lm ? { dev_roc_auc_lm_ratio_only: round(rocAuc(devOut.map((x) => ({ score: x.lmRatio, positive: x.kind === 'mt', group: x.key })))) } : {}),
  };
  model = new MtModel(header, weights, vocabulary, bigrams, lmBuffers);
  log(`dev: ROC-AUC ${String(header.training.dev_roc_auc)}, threshold ${header.threshold.toFixed(3)}`);
  return { model, dev: devOut, report: header.training };
}

/**
 * ROC-AUC of single paragraphs of the dev documents (the hardest unit: little evidence each),
 * each scored as a document of its own, as `sito mt eval` scores paragraph test sets.
 */
function paragraphAuc(model: MtModel, dev: readonly TrainingDocument[]): number {
  const xs: ScoredExample[] = [];
  for (const d of dev) {
    for (const p of splitParagraphs(d.text)) {
      const s = model.scoreDocument(p);
      if (s.words > 0) xs.push({ score: s.prob, positive: d.kind === 'mt' });
    }
  }
  return rocAuc(xs);
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Share of probabilities at or above the threshold (0 for none). */
const share = (probs: readonly number[], threshold: number) => probs.filter((p) => p >= threshold).length / Math.max(1, probs.length);

/** A dev point for the calibration: pooled score z, length, label, and the LM ratio when the model has LMs. */
export interface CalibrationPoint {
  z: number;
  words: number;
  y: number;
  lm?: number;
  /** Unit (e.g. 0 documents, 1 single paragraphs): each unit and each class in it weighs the same. */
  unit?: number;
}

/** The calibration unit of transfer points (0 dev documents, 1 their single paragraphs). */
export const TRANSFER_UNIT = 2;

/**
 * Calibration points from labelled documents of a source language that `foldModel` was trained
 * without: the model's pooled score, LM ratio and length for each, to join another model's fit.
 */
export function transferCalibrationPoints(foldModel: MtModel, docs: readonly { text: string; positive: boolean }[]): CalibrationPoint[] {
  const out: CalibrationPoint[] = [];
  for (const d of docs) {
    const s = foldModel.scoreDocument(d.text);
    if (s.words === 0) continue;
    out.push({ z: s.z, words: s.words, y: d.positive ? 1 : 0, unit: TRANSFER_UNIT, ...(foldModel.lm ? { lm: s.lmRatio } : {}) });
  }
  return out;
}

/** Calibration terms in order; all but the intercept must have a non-negative weight. */
const TERMS = ['a', 'b', 'd', 'e'] as const;

/**
 * Logistic regression of the label on [z, z·L, m, m·L, 1] (L = log(1+words), m the LM ratio when
 * present), classes weighted equally, by Newton's method with a small ridge so separable dev sets
 * stay finite. mt_prob must rise with each piece of evidence at every length, so a term whose
 * weight comes out negative is dropped and the rest refitted (an active set; at worst plain Platt
 * scaling on z).
 */
export function fitCalibration(points: CalibrationPoint[]): Calibration {
  const hasLm = points.some((p) => p.lm !== undefined);
  let active: (typeof TERMS[number])[] = hasLm ? ['a', 'b', 'd', 'e'] : ['a', 'b'];
  for (;;) {
    const beta = fitLogistic(points, active);
    const out: Calibration = { a: 0, b: 0, c: beta[beta.length - 1]! };
    if (hasLm) { out.d = 0; out.e = 0; }
    active.forEach((t, i) => { out[t] = beta[i]!; });
    const negative = active.filter((t) => out[t]! < 0);
    if (negative.length === 0 && (out.a > 0 || out.b > 0)) return out;
    if (negative.length === 0 || active.length === 1) break;
    // Drop the most negative term and refit.
    const worst = negative.reduce((w, t) => (out[t]! < out[w]! ? t : w));
    active = active.filter((t) => t !== worst);
    if (!active.includes('a') && !active.includes('b')) break;
  }
  const platt = fitLogistic(points, ['a']);
  return platt[0]! > 0 ? { a: platt[0]!, b: 0, c: platt[1]! } : { a: 1, b: 0, c: 0 };
}

function termValue(t: typeof TERMS[number], p: CalibrationPoint): number {
  const L = Math.log1p(p.words);
  const m = p.lm ?? 0;
  return t === 'a' ? p.z : t === 'b' ? p.z * L : t === 'd' ? m : m * L;
}

/** Weights of `terms` then the intercept. */
function fitLogistic(points: CalibrationPoint[], terms: readonly (typeof TERMS[number])[]): number[] {
  const n1 = points.filter((p) => p.y === 1).length;
  const n0 = points.length - n1;
  const k = terms.length + 1;
  const init = [...terms.map((t) => (t === 'a' ? 1 : 0)), 0];
  if (n1 === 0 || n0 === 0) return init;
  const xs = points.map((p) => [...terms.map((t) => termValue(t, p)), 1]);
  // Classes weighted equally within each unit, units equally among themselves.
  const count = new Map<string, number>();
  const cell = (p: CalibrationPoint) => `${p.unit ?? 0}:${p.y}`;
  for (const p of points) count.set(cell(p), (count.get(cell(p)) ?? 0) + 1);
  const ws = points.map((p) => points.length / (count.size * count.get(cell(p))!));
  let beta = init;
  const ridge = 1e-3;
  const dot = (bt: number[], x: number[]) => bt.reduce((s, b, i) => s + b * x[i]!, 0);
  const loss = (bt: number[]): number => {
    let l = 0;
    for (let i = 0; i < xs.length; i++) {
      const t = dot(bt, xs[i]!);
      // log(1 + e^t) − y·t, computed stably
      l += ws[i]! * ((t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - points[i]!.y * t);
    }
    return l + 0.5 * ridge * bt.reduce((s, b) => s + b * b, 0);
  };
  for (let it = 0; it < 50; it++) {
    const g = new Array<number>(k).fill(0);
    const H = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? ridge : 0)));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const p = 1 / (1 + Math.exp(-dot(beta, x)));
      const r = ws[i]! * (p - points[i]!.y);
      const s = ws[i]! * p * (1 - p);
      for (let a = 0; a < k; a++) {
        g[a]! += r * x[a]!;
        for (let b = 0; b < k; b++) H[a]![b]! += s * x[a]! * x[b]!;
      }
    }
    for (let a = 0; a < k; a++) g[a]! += ridge * beta[a]!;
    const step = solve(H, g);
    // Backtracking: a full Newton step can overshoot badly when the dev set is nearly separable.
    const before = loss(beta);
    let t = 1;
    let next = beta.map((b, i) => b - step[i]!);
    while (t > 1e-6 && !(loss(next) <= before)) {
      t /= 2;
      next = beta.map((b, i) => b - t * step[i]!);
    }
    if (t <= 1e-6) break;
    beta = next;
    if (t * Math.hypot(...step) < 1e-8) break;
  }
  return beta;
}

/** Gaussian elimination with partial pivoting (k ≤ 5); a singular system gives a zero step. */
function solve(A: number[][], b: number[]): number[] {
  const k = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    if (Math.abs(d) < 1e-12) return new Array<number>(k).fill(0);
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / d;
      for (let j = c; j <= k; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((row, i) => row[k]! / row[i]!);
}
