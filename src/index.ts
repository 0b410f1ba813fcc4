/**
 * sito's library entry point. The CLI is a thin shell over exactly these functions.
 */
export { createSito, type Sito, type TaggerOptions } from './pipeline/api.js';
export { runPipeline, withTags, TAG_KEY, type RunOptions, type RunSummary } from './pipeline/run.js';
export { rejectionReason, type FilterCriteria } from './pipeline/decision.js';
export { createScoringEngine, type ScoringEngine } from './pipeline/engine.js';
export { tagDocuments, type TaggedDocument } from './pipeline/tagger.js';
export { dispatchBatches, type DispatchItem, type DispatchOptions } from './pipeline/dispatch.js';
export { processBatch } from './pipeline/batch-processor.js';
export type { WorkBatch, BatchContext, BatchOutcome, BatchOutput } from './pipeline/work-batch.js';
export { buildScorerSpec, resolveLanguage } from './pipeline/languages.js';
export { ProfileRegistry, type LanguageProfile } from './langs/profile.js';
export { LanguageStats } from './stats/lang-stats.js';
export { SitoError } from './errors.js';
export type { SitoTags, InputDocument, RejectedDocument, JsonRecord, DocumentScorer } from './pipeline/types.js';
export type { LidResult, LanguageIdentifier } from './lid/types.js';

// The parts, for programs that need one stage rather than the whole pipeline.
export {
  readDocuments,
  readLines,
  openRecordWriter,
  WriterSet,
  openRejectSink,
  taggedLine,
  rejectLine,
  type ReadOptions,
  type ReadEvent,
  type RawReadEvent,
  type RecordWriter,
} from './io/index.js';
export { createLanguageIdentifier, canonicalLanguage, languageName, knownLanguages } from './lid/index.js';
export {
  loadLanguageModel,
  loadBinaryLanguageModel,
  languageModelFromBuffer,
  buildModelFromArpa,
  scoreDocument,
  normalizeForLm,
  createNormalizer,
  LanguageModel,
  type NormalizerOptions,
} from './lm/index.js';
export { trainLanguageModel, type TrainOptions, type TrainResult } from './lm/train/index.js';
export { qualitySignals, type QualitySignals } from './quality/signals.js';
export { createMtScorer, type MtScorerOptions } from './mt/scorer.js';
export { MtModel } from './mt/model.js';
export { evaluate as evaluateMt, rocAuc, prAuc, type EvalReport as MtEvalReport } from './mt/eval.js';
export { trainFromFiles as trainMtModelFromFiles } from './mt/run.js';
