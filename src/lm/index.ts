/** Public API of sito's KenLM-compatible n-gram engine (query side). */
export { LanguageModel } from './model.js';
export type { LineScore, WordSink, ScoreOptions, OovAccumulator, ModelCheckOptions } from './model.js';
export { loadLanguageModel, loadBinaryLanguageModel, languageModelFromBuffer, isBinaryModel } from './load.js';
export type { LoadOptions } from './load.js';
export { buildModelFromArpa } from './arpa-model.js';
export type { BuildOptions } from './arpa-model.js';
export { readArpa, parseArpaNumber } from './arpa-reader.js';
export type { ArpaHandler, ArpaReadResult } from './arpa-reader.js';
export { ArpaWriter } from './arpa-writer.js';
export { formatFloat32 } from './arpa-number.js';
export { KenlmQuery, queryStream, queryText } from './query-runner.js';
export type { QueryOptions, QuerySummary } from './query-runner.js';
export { normalizeForLm, createNormalizer, resolveNormalizerOptions, normalizerKey, DEFAULT_NORMALIZER } from './normalize.js';
export type { NormalizerOptions } from './normalize.js';
export { FORMAT_VERSION } from './binary-format.js';
export type { ModelHeader } from './binary-format.js';
export { perplexity } from './perplexity.js';
