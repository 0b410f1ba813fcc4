/**
 * What `sito mt train` and `sito mt eval` do, as library calls (the CLI only parses flags).
 */
import { relative, join } from 'node:path';
import { SitoError } from '../errors.js';
import { readLabelledRecords, readTrainingRecords, type TextRecord } from './data.js';
import { evaluate, type EvalReport, type ScoredExample } from './eval.js';
import { MtModel } from './model.js';
import { readMtThreshold, writeMtSection } from './profile-section.js';
import { readReservedDocuments } from './reserved.js';
import { defaultMtModelPath, packageRoot } from './scorer.js';
import { toDocuments, trainMtModel, type TrainOptions, type TrainResult } from './train.js';

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

export function trainFromFiles(o: TrainFilesOptions): TrainResult {
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
  const result = trainMtModel(data, o);
  result.model.header.training.sources = {
    human: o.human.map((f) => f.split('/').slice(-3).join('/')),
    native: (o.native ?? []).map((f) => f.split('/').slice(-3).join('/')),
    mt: o.mt.map((f) => f.split('/').slice(-3).join('/')),
    threshold_only: (o.thresholdNative ?? []).map((f) => f.split('/').slice(-3).join('/')),
  };
  result.model.save(o.out);
  if (o.profile) {
    const rel = relative(packageRoot, o.out);
    writeMtSection(o.profile, o.lang, { model: rel.startsWith('..') ? o.out : rel, threshold: Math.round(result.model.header.threshold * 10000) / 10000 });
  }
  return result;
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
