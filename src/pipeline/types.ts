/**
 * The shapes that flow through sito: reader → scorers → decision → writers and stats.
 * Scorers see only text and the tags earlier scorers added; they know nothing of files,
 * workers or the CLI.
 */

/** A JSON object as read from a JSONL line; sito never reorders or drops its fields. */
import type { QualitySignals } from '../quality/signals.js';

export type JsonRecord = Record<string, unknown>;

/** Where a record came from, for error messages and reject records. */
export interface SourceRef {
  /** Input path as given by the user ('-' for standard input). */
  file: string;
  /** 1-based line number of the record (first line of the block for block-separated text). */
  line: number;
}

/** One document as a reader hands it on. */
export interface InputDocument {
  record: JsonRecord;
  /** The text field's value (already validated to be a string). */
  text: string;
  source: SourceRef;
}

/** A record that could not be read or was dropped, with the reason. */
export interface RejectedDocument {
  source: SourceRef;
  /** Short machine-readable reason first, then detail: e.g. `malformed-json: Unexpected token } …`. */
  reason: string;
  /** The parsed record where there was one, else the raw line (truncated). */
  record?: JsonRecord;
  raw?: string;
}

export type PplBucket = 'head' | 'middle' | 'tail';

/**
 * Everything sito adds to a record, under one key (`sito`) so a user's fields are never
 * clobbered. Optional members appear only when their scorer ran.
 */
export interface SitoTags {
  /** ISO 639-1 code where one exists, else ISO 639-3; `und` when undetermined. */
  lang: string;
  /** Calibrated probability that `lang` is right. */
  lang_score: number;
  /** Share of the document's characters per language, decided line by line (sums to 1). */
  lang_shares: Record<string, number>;
  /** CCNet-style document perplexity under the language's native-text model. */
  perplexity?: number;
  ppl_bucket?: PplBucket;
  /** Share of the document's lines whose own perplexity is above the tail cut-off. */
  ppl_tail_lines?: number;
  /** Calibrated probability that the text is machine-translated. */
  mt_prob?: number;
  /** Which MT evidence fired, strongest first (cheap to say, so said). */
  mt_evidence?: string[];
  /** Cheap quality signals (Gopher/C4/FineWeb-style). */
  quality?: QualitySignals;
}

/**
 * One scorer: one job, one entry point. `score` runs inside a worker thread on one document
 * and adds its tags to `tags` (earlier scorers' tags, e.g. `lang`, are already there).
 */
export interface DocumentScorer {
  readonly name: string;
  score(text: string, tags: SitoTags): void;
}
