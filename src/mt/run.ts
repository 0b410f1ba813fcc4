/**
 * What `sito mt train` and `sito mt eval` do, as library calls (the CLI only parses flags).
 */
import { readFileSync } from 'node:fs';
import { relative, join } from 'node:path';
import { SitoError } from '../errors.js';
import { readLabelledRecords, readTrainingRecords, type TextRecord } from './data.js';
import { evaluate, type EvalReport, type ScoredExample } from './eval.js';
import { MtModel } from './model.js';
import { readMtThreshold, writeMtSection } from './profile-section.js';
import { readReservedDocuments } from './reserved.js';
import { defaultMtModelPath, packageRoot } from './scorer.js';
import { splitParagraphs, tokenize } from './features.js';
import { trainLmPair } from './lm-evidence.js';
import { splitTrainDev, toDocuments, trainMtModel, transferCalibrationPoints, type CalibrationPoint, type TrainOptions, type TrainResult, type TrainingDocument } from './train.js';
import { resolveNormalizerOptions } from '../lm/normalize.js';

export interface TrainFilesOptions extends TrainOptions {
  human: string[];
  mt: string[];
  native?: string[];
  /**
   * Held-out human text used only to choose the threshold (never trained on); each file is a set
   * of its own that the threshold may drop at most `maxDropped` of.
   */
  thresholdNative?: string[];
  out: string;
  /** reserved-documents.txt: any record whose `doc` is listed makes training fail. */
  reserved?: string;
  /** Profile to write the `mt` section (model path and threshold) into. */
  profile?: string;
  chunkChars?: number;
  /** Order of the human-vs-MT word LMs (0 = no LM evidence). */
  lmOrder?: number;
  /** See TrainOptions.calibrateParagraphs. */
  calibrateParagraphs?: boolean;
  /** Tokens of a document the LM ratio reads at most (0 = all). */
  lmMaxTokens?: number;
  /** lmplz-style pruning thresholds for both LMs (size), e.g. [0, 0, 1]. */
  lmPrune?: number[];
  /**
   * More human text for the human LM only (one sentence or paragraph per line, or JSONL): lines
   * that overlap the dev split or a threshold-only set are dropped, so neither is scored by a
   * model that has seen it.
   */
  lmHuman?: string[];
  /** Language profile whose `normalizer` the LMs use (default: `langs/<lang>.json`). */
  lmNormalizer?: Record<string, unknown>;
  /**
   * Transfer calibration: labelled documents (JSONL {text, label, group?}) of a source language
   * whose output this model trains on, each scored by a model trained without it (TrainOptions.transferPoints).
   */
  transferCalibration?: { model: string; file: string }[];
}

/** `MODEL=FILE` as `--calibrate-transfer` takes it. */
export function parseTransferSpec(spec: string): { model: string; file: string } {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1) throw new SitoError(`--calibrate-transfer wants MODEL=FILE, got ${JSON.stringify(spec)}`);
  return { model: spec.slice(0, at), file: spec.slice(at + 1) };
}

function readTransferPoints(specs: readonly { model: string; file: string }[], reserved: Set<string> | null, withLm: boolean): CalibrationPoint[] {
  const out: CalibrationPoint[] = [];
  for (const { model, file } of specs) {
    const fold = MtModel.load(model);
    // Its points join a fit whose terms are the trained model's: both have the LM ratio or neither.
    if ((fold.lm !== null) !== withLm) {
      throw new SitoError(`the fold model ${withLm ? 'has no' : 'has'} LMs and the model being trained ${withLm ? 'has' : 'has none'}: train both with the same --lm-order`, { file: model });
    }
    const docs = readLabelledRecords(file);
    for (const d of docs) {
      if (d.group !== undefined && reserved?.has(d.group)) {
        throw new SitoError(`document ${d.group} is reserved for evaluation and must not be calibrated on`, { file, line: d.line });
      }
    }
    out.push(...transferCalibrationPoints(fold, docs));
  }
  return out;
}

function readAll(files: readonly string[], reserved: Set<string> | null): TextRecord[] {
  const out: TextRecord[] = [];
  for (const f of files) {
    for (const r of readTrainingRecords(f)) {
      if (reserved?.has(r.doc)) {
        throw new SitoError(`document ${r.doc} is reserved for evaluation and must not be trained on`, { file: f, line: r.line });
      }
      out.push(r);
    }
  }
  return out;
}

/** Word 4-grams (or the whole line when shorter) of a normalised text, as strings. */
function overlapKeys(text: string): string[] {
  const w = tokenize(text).filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (w.length < 4) return w.length ? [w.join(' ')] : [];
  const out: string[] = [];
  for (let i = 0; i + 4 <= w.length; i++) out.push(w.slice(i, i + 4).join(' '));
  return out;
}

/** Lines of the extra human-LM files, less any that share a quarter of their 4-grams with `avoid`. */
function extraLmLines(files: readonly string[], avoid: readonly TrainingDocument[]): { lines: string[]; dropped: number } {
  const seen = new Set<string>();
  for (const d of avoid) for (const p of splitParagraphs(d.text)) {
    const k = overlapKeys(p);
    for (const x of k) seen.add(x);
  }
  const lines: string[] = [];
  let dropped = 0;
  for (const f of files) {
    const texts = /\.jsonl$/i.test(f) ? readTrainingRecords(f).flatMap((r) => splitParagraphs(r.text)) : readFileSync(f, 'utf8').split('\n');
    for (const t of texts) {
      if (!t.trim()) continue;
      const k = overlapKeys(t);
      if (k.length && k.filter((x) => seen.has(x)).length * 4 >= k.length) dropped++;
      else lines.push(t);
    }
  }
  return { lines, dropped };
}

export async function trainFromFiles(o: TrainFilesOptions): Promise<TrainResult> {
  const reserved = o.reserved ? readReservedDocuments(o.reserved) : null;
  const chunk = o.chunkChars ?? 3000;
  const data = {
    human: toDocuments(readAll(o.human, reserved), 'human', chunk),
    native: toDocuments(readAll(o.native ?? [], reserved), 'native', chunk),
    mt: toDocuments(readAll(o.mt, reserved), 'mt', chunk),
    thresholdSets: (o.thresholdNative ?? []).map((f) => ({ name: f.split('/').slice(-3).join('/'), documents: toDocuments(readAll([f], reserved), 'native', chunk) })),
  };
  if (data.mt.length === 0) throw new SitoError('no machine-translated training text (--mt)');
  if (data.human.length + data.native.length === 0) throw new SitoError('no human training text (--human / --native)');
  const lmOrder = o.topicFloor ? 0 : o.lmOrder ?? 0;
  let lm: TrainOptions['lm'];
  const lmReport: Record<string, unknown> = {};
  if (lmOrder > 0) {
    const normalizer = resolveNormalizerOptions(o.lmNormalizer ?? readProfileNormalizer(o.lang));
    const { train, dev } = splitTrainDev([...data.human, ...data.native, ...data.mt], o);
    const paragraphs = (docs: TrainingDocument[]) => docs.flatMap((d) => splitParagraphs(d.text));
    const extra = extraLmLines(o.lmHuman ?? [], [...dev, ...data.thresholdSets.flatMap((s) => s.documents)]);
    const human = [...paragraphs(train.filter((d) => d.kind !== 'mt')), ...extra.lines];
    const mt = paragraphs(train.filter((d) => d.kind === 'mt'));
    o.log?.(`LMs: ${human.length} human lines (${extra.lines.length} extra, ${extra.dropped} extra dropped as overlapping dev/threshold text), ${mt.length} MT lines`);
    const buffers = await trainLmPair(human, mt, { order: lmOrder, normalizer, prune: o.lmPrune, log: o.log });
    lm = { ...buffers, order: lmOrder, normalizer, maxTokens: o.lmMaxTokens ?? 0 };
    Object.assign(lmReport, { lm_order: lmOrder, lm_prune: o.lmPrune ?? [], lm_human_lines: human.length, lm_extra_human_lines: extra.lines.length, lm_extra_dropped: extra.dropped, lm_mt_lines: mt.length });
  }
  const transferSpecs = o.transferCalibration ?? [];
  const transferPoints = readTransferPoints(transferSpecs, reserved, lm !== undefined);
  if (transferPoints.length) o.log?.(`calibration: ${transferPoints.length} transfer documents from ${transferSpecs.length} fold model(s)`);
  const result = trainMtModel(data, { ...o, lm, transferPoints });
  Object.assign(result.model.header.training, lmReport);
  // Paths as their last three parts (lang/split/file): the model records its sources, not this machine.
  const short = (f: string) => f.split('/').slice(-3).join('/');
  result.model.header.training.sources = {
    human: o.human.map(short),
    native: (o.native ?? []).map(short),
    mt: o.mt.map(short),
    threshold_only: (o.thresholdNative ?? []).map(short),
    lm_human_extra: (o.lmHuman ?? []).map(short),
    ...(transferPoints.length ? { calibration_transfer: transferSpecs.map((t) => ({ model: t.model.split('/').pop(), file: short(t.file) })) } : {}),
  };
  result.model.save(o.out);
  if (o.profile) {
    const rel = relative(packageRoot, o.out);
    writeMtSection(o.profile, o.lang, { model: rel.startsWith('..') ? o.out : rel, threshold: Math.round(result.model.header.threshold * 10000) / 10000 });
  }
  return result;
}

/** The `normalizer` of `langs/<lang>.json` (the perplexity models' settings), or the defaults. */
function readProfileNormalizer(lang: string): Record<string, unknown> {
  try {
    const p = JSON.parse(readFileSync(join(packageRoot, 'langs', `${lang}.json`), 'utf8')) as { normalizer?: Record<string, unknown> };
    return p.normalizer ?? {};
  } catch {
    return {};
  }
}

export interface EvalFileOptions {
  lang: string;
  file: string;
  model?: string;
  threshold?: number;
  resamples?: number;
  seed?: number;
}

export function evaluateFile(o: EvalFileOptions): EvalReport & { model: string } {
  const modelPath = o.model ?? defaultMtModelPath(o.lang);
  if (!modelPath) throw new SitoError(`no MT model for language '${o.lang}' (expected models/mt/${o.lang}.sitomt or an mt.model in langs/${o.lang}.json)`);
  const model = MtModel.load(modelPath);
  // An explicit model brings its own threshold; the language's model uses the profile's.
  const threshold = o.threshold ?? (o.model ? model.header.threshold : readMtThreshold(join(packageRoot, 'langs', `${o.lang}.json`)) ?? model.header.threshold);
  const records = readLabelledRecords(o.file);
  const examples: ScoredExample[] = records.map((r) => {
    const s = model.scoreDocument(r.text);
    return { score: Number.isNaN(s.prob) ? 0 : s.prob, positive: r.positive, group: r.group, length: r.text.length };
  });
  return { ...evaluate(examples, threshold, { resamples: o.resamples, seed: o.seed }), model: relative(process.cwd(), modelPath) };
}
