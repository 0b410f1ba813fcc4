/**
 * Streams documents through a scoring engine in batches and yields them, tagged, in input
 * order. A bounded number of batches is in flight, so memory stays flat however large the
 * input, while every worker stays busy.
 */
import type { ScoringEngine } from './engine.js';
import type { InputDocument, SitoTags } from './types.js';

export interface TaggedDocument {
  doc: InputDocument;
  tags: SitoTags;
}

export interface BatchOptions {
  /** Documents per batch (default 64). */
  batchSize?: number;
  /** Characters per batch, so a few huge documents do not stall one worker (default 256 k). */
  batchChars?: number;
  /** Batches in flight (default 2 per worker + 1). */
  inFlight?: number;
}

interface PendingBatch {
  docs: InputDocument[];
  tags: Promise<SitoTags[]>;
}

export async function* tagDocuments(
  docs: AsyncIterable<InputDocument>,
  engine: ScoringEngine,
  options: BatchOptions = {},
): AsyncGenerator<TaggedDocument> {
  const batchSize = options.batchSize ?? 64;
  const batchChars = options.batchChars ?? 256 * 1024;
  const inFlight = options.inFlight ?? Math.max(1, engine.workers) * 2 + 1;
  const queue: PendingBatch[] = [];
  let batch: InputDocument[] = [];
  let chars = 0;

  const submit = () => {
    const tags = engine.score(batch.map((d) => d.text));
    tags.catch(() => {}); // awaited in order below; this only silences the early-rejection warning
    queue.push({ docs: batch, tags });
    batch = [];
    chars = 0;
  };

  try {
    for await (const doc of docs) {
      batch.push(doc);
      chars += doc.text.length;
      if (batch.length >= batchSize || chars >= batchChars) {
        submit();
        while (queue.length >= inFlight) yield* drain(queue.shift()!);
      }
    }
    if (batch.length) submit();
    while (queue.length) yield* drain(queue.shift()!);
  } finally {
    // On early exit (error, consumer stopped) let outstanding batches settle quietly.
    await Promise.allSettled(queue.map((p) => p.tags));
  }
}

async function* drain(pending: PendingBatch): AsyncGenerator<TaggedDocument> {
  const tags = await pending.tags;
  for (let i = 0; i < pending.docs.length; i++) yield { doc: pending.docs[i]!, tags: tags[i]! };
}
