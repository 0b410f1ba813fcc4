/**
 * What a worker needs to build its scorers. Plain data (and SharedArrayBuffers), because it
 * crosses the thread boundary once per worker: language models are loaded once in the main
 * thread and shared, never copied per worker.
 */
import type { NormalizerOptions } from '../lm/normalize.js';

export interface PerplexitySpec {
  /** The `.sitolm` bytes, shared by every worker. */
  model: SharedArrayBuffer;
  normalizer: NormalizerOptions;
  cutoffs: { p30: number; p60: number };
  tailLineCutoff?: number;
}

export interface MtSpec {
  /** Path of the MT model file (small: each worker reads its own copy). */
  model: string;
}

export interface LanguageSpec {
  code: string;
  perplexity?: PerplexitySpec;
  mt?: MtSpec;
}

export interface ScorerSpec {
  /** Per-language scorers, keyed by the canonical code LID reports. */
  languages: LanguageSpec[];
  /** Skip perplexity and MT scoring (LID only). */
  lidOnly?: boolean;
}
