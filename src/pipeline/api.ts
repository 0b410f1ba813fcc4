/**
 * sito as a library: records in, tagged records out, without files or the CLI. This is the
 * pipeline plugin: `for await (const r of sito.tag(records))`, or `sito.stream()` as an
 * object-mode Duplex that drops into `stream.pipeline`.
 */
import { Duplex } from 'node:stream';
import { ProfileRegistry, defaultProfileDir } from '../langs/profile.js';
import { buildScorerSpec, resolveLanguage } from './languages.js';
import { createScoringEngine, defaultWorkerCount, type ScoringEngine } from './engine.js';
import { tagDocuments, type BatchOptions } from './tagger.js';
import { rejectionReason, type FilterCriteria } from './decision.js';
import { withTags, TAG_KEY } from './run.js';
import { SitoError } from '../errors.js';
import type { InputDocument, JsonRecord, SitoTags } from './types.js';

export interface TaggerOptions extends BatchOptions {
  /** Worker threads; 0 scores in the calling thread (default: one per core). */
  workers?: number;
  /** Field holding the text (default `text`). */
  textField?: string;
  /** Language profiles directory (default: the ones sito ships). */
  langsDir?: string;
  /** Load perplexity/MT models only for these languages (default: every profile with models). */
  languages?: string[];
  /** Language ID only. */
  lidOnly?: boolean;
  /**
   * What to do with a record whose text field is missing or not a string: `throw` (default)
   * or `pass` (it is passed on in its place with `sito: {error}`; `filter` drops it).
   */
  onInvalid?: 'throw' | 'pass';
}

export interface Sito {
  /** Tags every record, in order; drops nothing. */
  tag(records: AsyncIterable<JsonRecord> | Iterable<JsonRecord>): AsyncGenerator<JsonRecord>;
  /** Tags and keeps only the records that meet the criteria (dropped ones go to `onDrop`). */
  filter(
    records: AsyncIterable<JsonRecord> | Iterable<JsonRecord>,
    criteria: FilterCriteria,
    onDrop?: (record: JsonRecord, reason: string) => void,
  ): AsyncGenerator<JsonRecord>;
  /** Scores bare texts. */
  scoreTexts(texts: string[]): Promise<SitoTags[]>;
  /** An object-mode Duplex: records in, tagged records out. */
  stream(): Duplex;
  /** Canonical code for any language code form or name (`pol_Latn` → `pl`). */
  resolveLanguage(code: string): string;
  close(): Promise<void>;
}

export async function createSito(options: TaggerOptions = {}): Promise<Sito> {
  const registry = ProfileRegistry.load(options.langsDir ?? defaultProfileDir);
  const spec = buildScorerSpec(registry, {
    languages: options.languages?.map((l) => resolveLanguage(l, registry)),
    perplexity: !options.lidOnly,
    mt: !options.lidOnly,
  });
  spec.lidOnly = options.lidOnly ?? false;
  const engine: ScoringEngine = await createScoringEngine(spec, options.workers ?? defaultWorkerCount());
  const textField = options.textField ?? 'text';
  const invalid = options.onInvalid ?? 'throw';

  const missingText = `missing-text: no string field '${textField}'`;

  /** Tagged documents in order; `invalid` is set for records without a usable text. */
  async function* tagged(records: AsyncIterable<JsonRecord> | Iterable<JsonRecord>) {
    // Invalid records keep their place in the stream by scoring an empty text; their
    // positions are remembered so the caller can report them instead of the empty tags.
    const invalidLines = new Set<number>();
    let n = 0;
    async function* documents(): AsyncGenerator<InputDocument> {
      for await (const record of records) {
        n++;
        const text = record[textField];
        if (typeof text !== 'string') {
          if (invalid === 'throw') throw new SitoError(`record ${n} has no string field '${textField}'`);
          invalidLines.add(n);
        }
        yield { record, text: typeof text === 'string' ? text : '', source: { file: '<records>', line: n } };
      }
    }
    for await (const { doc, tags } of tagDocuments(documents(), engine, options)) {
      yield { doc, tags, invalid: invalidLines.delete(doc.source.line) };
    }
  }

  const sito: Sito = {
    async *tag(records) {
      for await (const { doc, tags, invalid } of tagged(records)) {
        yield invalid ? { ...doc.record, [TAG_KEY]: { error: missingText } } : withTags(doc.record, tags);
      }
    },
    async *filter(records, criteria, onDrop) {
      for await (const { doc, tags, invalid } of tagged(records)) {
        const reason = invalid ? missingText : rejectionReason(tags, criteria);
        if (reason === null) yield withTags(doc.record, tags);
        else onDrop?.(withTags(doc.record, tags), reason);
      }
    },
    scoreTexts: (texts) => engine.score(texts),
    stream: () => Duplex.from(async function* (source: AsyncIterable<JsonRecord>) {
      yield* sito.tag(source);
    }),
    resolveLanguage: (code) => resolveLanguage(code, registry),
    close: () => engine.close(),
  };
  return sito;
}
