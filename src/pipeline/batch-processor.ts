/**
 * What a worker does with a batch: decode and parse each line, score the document, decide, and
 * serialise the output and reject lines. Pure given its scorer chain, so it runs the same in a
 * worker thread and in the calling thread.
 */
import { parseJsonLine, parseTextLine, textRecord, type LineResult } from '../io/records.js';
import { reasonSlug } from '../io/reasons.js';
import { rejectLine, serializerFor, taggedLine } from '../io/serialize.js';
import { observe, type DocumentObservation } from '../stats/lang-stats.js';
import { rejectionReason } from './decision.js';
import { scoreText, type ScorerChain } from './scorers.js';
import { bucketOf } from './scorers/perplexity.js';
import { TAG_KEY, withTags } from './tags.js';
import type { BatchContext, BatchOutcome, BatchOutput, WorkBatch } from './work-batch.js';
import type { RejectedDocument } from './types.js';

const encoder = new TextEncoder();

export function processBatch(chain: ScorerChain, batch: WorkBatch, ctx: BatchContext): BatchOutcome {
  const serialize = serializerFor(ctx.output);
  const outputs = new Map<string, { lines: string[] }>();
  const rejectLines: string[] = [];
  const slugs: string[] = [];
  const unreadable: RejectedDocument[] = [];
  const observations: DocumentObservation[] | undefined = ctx.stats ? [] : undefined;
  let read = 0;
  let kept = 0;

  for (let i = 0; i < batch.lines.length; i++) {
    const result = parseItem(batch, i, ctx);
    if (result === undefined) continue; // blank: not a record
    read++;
    if ('rejected' in result) {
      if (ctx.strict) return emptyOutcome(result.rejected);
      unreadable.push(result.rejected);
      rejectLines.push(rejectLine(result.rejected));
      slugs.push(reasonSlug(result.rejected.reason));
      continue;
    }
    const { doc } = result;
    const tags = scoreText(chain, doc.text);
    const cutoffs = ctx.cutoffs?.get(tags.lang);
    if (cutoffs && tags.perplexity !== undefined) tags.ppl_bucket = bucketOf(tags.perplexity, cutoffs);
    const reason = ctx.criteria ? rejectionReason(tags, ctx.criteria) : null;
    observations?.push(observe(doc.text, tags, reason));
    if (reason !== null) {
      rejectLines.push(rejectLine({ source: doc.source, reason, record: withTags(doc.record, tags) }));
      slugs.push(reasonSlug(reason));
      continue;
    }
    kept++;
    const key = ctx.splitByLang ? tags.lang : '';
    let out = outputs.get(key);
    if (!out) outputs.set(key, (out = { lines: [] }));
    out.lines.push(taggedLine(doc, TAG_KEY, tags, ctx.output, serialize));
  }

  const encoded: BatchOutput[] = [...outputs].map(([key, { lines }]) => ({ key, bytes: encodeLines(lines), records: lines.length }));
  const outcome: BatchOutcome = { read, kept, outputs: encoded, rejects: { bytes: encodeLines(rejectLines), slugs }, unreadable };
  if (observations) outcome.observations = observations;
  return outcome;
}

function parseItem(batch: WorkBatch, i: number, ctx: BatchContext): LineResult {
  const line = batch.lines[i]!;
  if (batch.kind === 'text-block') return { doc: textRecord(batch.texts![i]!, { file: batch.file, line }, ctx.fields) };
  const start = i === 0 ? 0 : batch.ends![i - 1]!;
  const bytes = Buffer.from(batch.bytes!.buffer, batch.bytes!.byteOffset + start, batch.ends![i]! - start);
  const event = { kind: 'line' as const, line, bytes };
  return batch.kind === 'jsonl' ? parseJsonLine(event, batch.file, ctx.fields, ctx.limit) : parseTextLine(event, batch.file, ctx.fields, ctx.limit);
}

function encodeLines(lines: string[]): Uint8Array {
  if (lines.length === 0) return new Uint8Array(0);
  lines.push('');
  return encoder.encode(lines.join('\n'));
}

function emptyOutcome(failure: RejectedDocument): BatchOutcome {
  return { read: 0, kept: 0, outputs: [], rejects: { bytes: new Uint8Array(0), slugs: [] }, unreadable: [], failure };
}
