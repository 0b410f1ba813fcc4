/**
 * Where scoring happens: a piscina pool of worker threads (each builds its scorers once), or
 * the calling thread itself when `workers` is 0 (library use, tests, tiny inputs).
 */
import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import type { ScorerSpec } from './scorer-spec.js';
import type { SitoTags } from './types.js';
import type { BatchContext, BatchOutcome, WorkBatch } from './work-batch.js';

export interface ScoringEngine {
  /** Number of worker threads (0 = scores in the calling thread). */
  readonly workers: number;
  score(texts: string[]): Promise<SitoTags[]>;
  /**
   * A batch of a run: parsed, scored, decided and serialised where the scorers are. With
   * workers, the batch is copied to the worker, not moved (work-batch.ts).
   */
  process(batch: WorkBatch, ctx: BatchContext): Promise<BatchOutcome>;
  close(): Promise<void>;
}

/** Batches each worker holds: one it scores and the next, waiting in its port (see the pool below). */
const BATCHES_PER_WORKER = 2;

/** Batches a run keeps in flight: every worker's, plus one being filled. */
export function defaultInFlight(engine: ScoringEngine): number {
  return Math.max(1, engine.workers) * BATCHES_PER_WORKER + 1;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export async function createScoringEngine(spec: ScorerSpec, workers = defaultWorkerCount()): Promise<ScoringEngine> {
  if (workers <= 0) {
    // Imported here: with workers, the scorers (and their WASM and models) load only in the
    // workers, and the main thread starts faster.
    const [{ buildScorers, scoreTexts }, { processBatch }] = await Promise.all([import('./scorers.js'), import('./batch-processor.js')]);
    const chain = await buildScorers(spec);
    return {
      workers: 0,
      score: async (texts) => scoreTexts(chain, texts),
      process: async (batch, ctx) => processBatch(chain, batch, ctx),
      close: async () => {},
    };
  }
  const pool = new Piscina({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    // Each worker holds a second batch while it scores one, so it never idles waiting for the
    // main thread to hand it the next. That matters when there are as many workers as cores:
    // the main thread then waits for a core too, and each such round trip idled a worker.
    concurrentTasksPerWorker: BATCHES_PER_WORKER,
    // Piscina's Atomics mode takes both batches off the port at once and posts the first result
    // only after scoring the second, so the worker again waited for a round trip after every
    // second batch. With batches of tens of milliseconds, plain messages cost nothing measurable.
    atomics: 'disabled',
    // Models are shared, not copied: the spec carries SharedArrayBuffers.
    workerData: spec,
  });
  // A worker that fails while building its scorers is reported by piscina as an 'error' event,
  // not as a rejected task: without this, the run would crash with a stack trace or hang.
  let failure: unknown;
  const waiting = new Set<(err: unknown) => void>();
  pool.on('error', (err: unknown) => {
    failure ??= err;
    for (const reject of waiting) reject(err);
    waiting.clear();
  });
  // Nothing goes in a transfer list: a detached buffer slows the sending thread's typed-array
  // code for the rest of the run (work-batch.ts).
  const run = <T>(task: unknown, name: string): Promise<T> => {
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      waiting.add(reject);
      pool.run(task, { name }).then(resolve, reject).finally(() => waiting.delete(reject));
    });
  };
  return {
    workers,
    score: (texts) => run<SitoTags[]>(texts, 'default'),
    process: (batch, ctx) => run<BatchOutcome>({ batch, ctx }, 'runBatch'),
    close: () => pool.destroy(),
  };
}
