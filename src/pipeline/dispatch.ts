/**
 * Main-thread side of a run: framed lines from the reader are packed into batches, sent to the
 * scoring engine, and their outcomes handed on in input order, interleaved with what the reader
 * rejected or warned about itself. A bounded number of batches is in flight, so memory stays
 * flat however large the input, while every worker stays busy.
 */
import type { RawReadEvent } from '../io/reader.js';
import { defaultInFlight, type ScoringEngine } from './engine.js';
import type { RejectedDocument } from './types.js';
import { DEFAULT_BATCH_BYTES, DEFAULT_BATCH_ITEMS, WorkBatchBuilder, type BatchContext, type BatchOutcome } from './work-batch.js';
import { OrderedQueue } from './ordered-queue.js';

export type DispatchItem =
  | { kind: 'outcome'; outcome: BatchOutcome }
  | { kind: 'reject'; rejected: RejectedDocument }
  | { kind: 'warning'; message: string };

export interface DispatchOptions {
  /** Items per batch (default 512). */
  batchSize?: number;
  /** Bytes (or characters, for text blocks) per batch, so a few huge documents do not stall one worker (default 1 MiB). */
  batchBytes?: number;
  /** Batches in flight (default `defaultInFlight`: two per worker, + 1). */
  inFlight?: number;
}

export async function* dispatchBatches(
  events: AsyncIterable<RawReadEvent>,
  engine: ScoringEngine,
  ctx: BatchContext & { lineKind: 'jsonl' | 'text-line' },
  options: DispatchOptions = {},
): AsyncGenerator<DispatchItem> {
  const builder = new WorkBatchBuilder(options.batchSize ?? DEFAULT_BATCH_ITEMS, options.batchBytes ?? DEFAULT_BATCH_BYTES);
  const inFlight = options.inFlight ?? defaultInFlight(engine);
  const { lineKind, ...context } = ctx;
  const queue = new OrderedQueue<DispatchItem>(inFlight);
  const submit = () => queue.start(engine.process(builder.take(), context).then((outcome) => ({ kind: 'outcome', outcome })));

  try {
    for await (const event of events) {
      if (event.kind === 'line' || event.kind === 'doc') {
        const file = event.kind === 'line' ? event.file : event.doc.source.file;
        const kind = event.kind === 'line' ? lineKind : 'text-block';
        if (builder.needsFlushFor(file, kind)) submit();
        if (event.kind === 'line') builder.addBytes(file, lineKind, event.line, event.bytes);
        else builder.addText(file, event.doc.source.line, event.doc.text);
        if (builder.full) submit();
      } else {
        // Keep the reader's own rejects and warnings in their place among the documents.
        if (builder.items > 0) submit();
        queue.push(event.kind === 'reject' ? { kind: 'reject', rejected: event.rejected } : { kind: 'warning', message: event.message });
      }
      yield* queue.drain(false);
    }
    if (builder.items > 0) submit();
    yield* queue.drain(true);
  } finally {
    // On early exit (error, consumer stopped) let outstanding batches settle quietly.
    await queue.settle();
  }
}
