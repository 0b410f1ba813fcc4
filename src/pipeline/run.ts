/**
 * One run of `sito tag` or `sito filter` over files: reader → scoring engine (workers) →
 * decision → writers and stats. Every document read ends up exactly once in the output, a
 * per-language output, or the reject sink; outputs appear only when the run completes.
 */
import { writeFile, rename } from 'node:fs/promises';
import {
  readDocuments,
  readLines,
  openRecordWriter,
  WriterSet,
  openRejectSink,
  onInterrupt,
  formatReject,
  rejectToError,
  isSpecialFile,
  type ReadOptions,
  type RecordWriter,
  type RejectSink,
} from '../io/index.js';
import { SitoError } from '../errors.js';
import { createScoringEngine, type ScoringEngine } from './engine.js';
import { QuantileSample } from '../stats/quantiles.js';
import { tagDocuments } from './tagger.js';
import { dispatchBatches } from './dispatch.js';
import type { FilterCriteria } from './decision.js';
import { ProgressLine } from './progress.js';
import { LanguageStats } from '../stats/lang-stats.js';
import { resolveReadOptions } from '../io/reader.js';
import type { ScorerSpec } from './scorer-spec.js';
import type { InputDocument, RejectedDocument } from './types.js';

export { TAG_KEY, withTags } from './tags.js';

export interface RunOptions {
  inputs: string[];
  read?: ReadOptions;
  /** Output file ('-' or undefined = stdout). */
  output?: string;
  /** Reject sink (JSONL with a `reason`); without it rejects are only reported on stderr. */
  rejected?: string;
  /** One output file per detected language in this directory (instead of `output`). */
  splitByLang?: string;
  /** Per-language summary written here as JSON. */
  stats?: string;
  workers?: number;
  spec: ScorerSpec;
  /** Filtering criteria; absent for `sito tag`, which drops nothing. */
  criteria?: FilterCriteria;
  /** Show progress on stderr when it is a terminal (default true). */
  progress?: boolean;
  /** Where the one-line summary and warnings go (default stderr). */
  log?: (line: string) => void;
  /**
   * Compute the perplexity bucket cut-offs (p30/p60 per language) from the data itself, in a
   * first pass over up to `sample` documents, instead of the profile's frozen ones: cut-offs
   * do not transfer between crawls.
   */
  cutoffsFromData?: { sample: number };
}

export interface RunSummary {
  read: number;
  kept: number;
  rejected: number;
  reasons: Record<string, number>;
}

const MAX_REJECT_MESSAGES = 20;

export async function runPipeline(options: RunOptions): Promise<RunSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const summary: RunSummary = { read: 0, kept: 0, rejected: 0, reasons: {} };
  // Statistics cost a pass over every text: only kept when asked for.
  const stats = options.stats ? new LanguageStats() : undefined;
  const readOptions: ReadOptions = options.read ?? {};

  const writerOptions = { format: readOptions.format, textField: readOptions.textField, textUnit: readOptions.textUnit };
  const output: RecordWriter | undefined = options.splitByLang ? undefined : openRecordWriter(options.output ?? '-', writerOptions);
  const split = options.splitByLang
    ? new WriterSet(options.splitByLang, { ...writerOptions, pattern: readOptions.format === 'text' ? '{key}.txt' : '{key}.jsonl' })
    : undefined;
  // Without --rejected the sink only counts; unreadable records are still listed on stderr.
  const rejects: RejectSink = openRejectSink(options.rejected);
  const abortAll = async () => {
    await Promise.allSettled([output?.abort(), split?.abort(), rejects.abort()]);
  };
  // The engine is stopped too, so an interrupted run exits promptly.
  let engine: ScoringEngine | undefined;
  const removeInterruptHandler = onInterrupt(async () => {
    await abortAll();
    await engine?.close();
  });

  // Lines go to the workers undecoded: they decode, parse, score, decide and serialise, so the
  // main thread only frames lines and passes bytes along.
  const reader = readLines(options.inputs, readOptions);
  const settings = resolveReadOptions(readOptions);
  let documents = 0;
  const progress = new ProgressLine(() => ({ documents, bytesRead: reader.progress.bytesRead, totalBytes: reader.progress.totalBytes }));
  if (options.progress !== false) progress.start();

  let unreadable = 0;
  const reportUnreadable = (r: RejectedDocument) => {
    unreadable++;
    if (unreadable <= MAX_REJECT_MESSAGES) log(`sito: ${formatReject(r)}`);
    else if (unreadable === MAX_REJECT_MESSAGES + 1) log('sito: (further unreadable records are counted but not listed)');
  };

  try {
    engine = await createScoringEngine(options.spec, options.workers);
    const dataCutoffs = options.cutoffsFromData
      ? await cutoffsFromData(options.inputs, readOptions, engine, options.cutoffsFromData.sample, log)
      : undefined;
    const context = {
      lineKind: settings.format === 'text' ? ('text-line' as const) : ('jsonl' as const),
      fields: { textField: settings.textField, idField: settings.idField },
      limit: settings.limit,
      strict: settings.strict,
      output: writerOptions,
      splitByLang: split !== undefined,
      criteria: options.criteria,
      cutoffs: dataCutoffs,
      stats: stats !== undefined,
    };
    for await (const item of dispatchBatches(reader, engine, context)) {
      if (item.kind === 'warning') {
        log(`sito: ${item.message}`);
        continue;
      }
      if (item.kind === 'reject') {
        summary.read++;
        await rejects.write(item.rejected);
        reportUnreadable(item.rejected);
        continue;
      }
      const outcome = item.outcome;
      if (outcome.failure) throw rejectToError(outcome.failure);
      summary.read += outcome.read;
      summary.kept += outcome.kept;
      documents += outcome.read;
      for (const r of outcome.unreadable) reportUnreadable(r);
      for (const out of outcome.outputs) await (split ? split.get(out.key) : output!).writeSerialized(out.bytes, out.records);
      if (outcome.rejects.slugs.length > 0) await rejects.writeSerialized(outcome.rejects.bytes, outcome.rejects.slugs);
      if (stats && outcome.observations) for (const o of outcome.observations) stats.addObservation(o);
    }
    await Promise.all([output?.commit(), split?.commit(), rejects.commit()]);
    summary.rejected = rejects.total;
    summary.reasons = Object.fromEntries(rejects.counts);
    if (options.stats && stats) await writeJsonAtomically(options.stats, { summary, languages: stats.toJSON() });
  } catch (err) {
    await abortAll();
    throw err;
  } finally {
    progress.stop();
    removeInterruptHandler();
    await engine?.close();
  }
  log(`sito: read ${summary.read} = kept ${summary.kept} + rejected ${summary.rejected}${formatReasons(summary.reasons)}`);
  return summary;
}

/** First pass for data-derived cut-offs: perplexity quantiles per language over a sample. */
async function cutoffsFromData(
  inputs: string[],
  read: ReadOptions,
  engine: ScoringEngine,
  sample: number,
  log: (line: string) => void,
): Promise<Map<string, { p30: number; p60: number }>> {
  if (inputs.includes('-')) throw new SitoError('--cutoffs data reads the input twice, so it needs files, not stdin');
  const perLang = new Map<string, QuantileSample>();
  let seen = 0;
  async function* firstDocs(): AsyncGenerator<InputDocument> {
    for await (const event of readDocuments(inputs, { ...read, strict: false })) {
      if (event.kind !== 'doc') continue;
      yield event.doc;
      if (++seen >= sample) return;
    }
  }
  for await (const { tags } of tagDocuments(firstDocs(), engine)) {
    if (tags.perplexity === undefined) continue;
    let q = perLang.get(tags.lang);
    if (!q) perLang.set(tags.lang, (q = new QuantileSample(100_000)));
    q.add(tags.perplexity);
  }
  const cutoffs = new Map<string, { p30: number; p60: number }>();
  for (const [lang, q] of perLang) {
    const c = { p30: q.quantile(0.3), p60: q.quantile(0.6) };
    cutoffs.set(lang, c);
    log(`sito: ${lang}: cut-offs from ${q.count} documents: p30 ${c.p30.toFixed(1)}, p60 ${c.p60.toFixed(1)}`);
  }
  return cutoffs;
}

function formatReasons(reasons: Record<string, number>): string {
  const entries = Object.entries(reasons).sort((a, b) => b[1] - a[1]);
  return entries.length ? ` (${entries.map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  // A device or pipe is written in place: renaming over it would replace it with a plain file.
  if (isSpecialFile(path)) return writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  const temp = `${path}.sito-tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}
