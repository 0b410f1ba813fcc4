/**
 * Streams documents through a scoring engine in batches and yields them, tagged, in input
 * order. A bounded number of batches is in flight, so memory stays flat however large the
 * input, while every worker stays busy.
 */
import { defaultInFlight, type ScoringEngine } from './engine.js';
import { OrderedQueue } from './ordered-queue.js';
import { DEFAULT_BATCH_BYTES, DEFAULT_BATCH_ITEMS } from './work-batch.js';
import type { InputDocument, SitoTags } from './types.js';

export interface TaggedDocument {
  doc: InputDocument;
  tags: SitoTags;
}

export interface BatchOptions {
  /** Documents per batch (default 512). */
  batchSize?: number;
  /** Characters per batch, so a few huge documents do not stall one worker (default 1 Mi). */
  batchChars?: number;
  /** Batches in flight (default `defaultInFlight`: two per worker, + 1). */
  inFlight?: number;
}

export async function* tagDocuments(
  docs: AsyncIterable<InputDocument>,
  engine: ScoringEngine,
  options: BatchOptions = {},
): AsyncGenerator<TaggedDocument> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_ITEMS;
  const batchChars = options.batchChars ?? DEFAULT_BATCH_BYTES;
  const queue = new OrderedQueue<TaggedDocument[]>(options.inFlight ?? defaultInFlight(engine));
  let batch: InputDocument[] = [];
  let chars = 0;

  const submit = () => {
    const docs = batch;
    queue.start(engine.score(docs.map((d) => d.text)).then((tags) => docs.map((doc, i) => ({ doc, tags: tags[i]! }))));
    batch = [];
    chars = 0;
  };

  try {
    for await (const doc of docs) {
      batch.push(doc);
      chars += doc.text.length;
      if (batch.length >= batchSize || chars >= batchChars) {
        submit();
        for await (const tagged of queue.drain(false)) yield* tagged;
      }
    }
    if (batch.length) submit();
    for await (const tagged of queue.drain(true)) yield* tagged;
  } finally {
    // On early exit (error, consumer stopped) let outstanding batches settle quietly.
    await queue.settle();
  }
}
