/**
 * Where scoring happens: a piscina pool of worker threads (each builds its scorers once), or
 * the calling thread itself when `workers` is 0 (library use, tests, tiny inputs).
 */
import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import { buildScorers, scoreTexts } from './scorers.js';
import type { ScorerSpec } from './scorer-spec.js';
import type { SitoTags } from './types.js';

export interface ScoringEngine {
  /** Number of worker threads (0 = scores in the calling thread). */
  readonly workers: number;
  score(texts: string[]): Promise<SitoTags[]>;
  close(): Promise<void>;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export async function createScoringEngine(spec: ScorerSpec, workers = defaultWorkerCount()): Promise<ScoringEngine> {
  if (workers <= 0) {
    const chain = await buildScorers(spec);
    return { workers: 0, score: async (texts) => scoreTexts(chain, texts), close: async () => {} };
  }
  const pool = new Piscina<string[], SitoTags[]>({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
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
  return {
    workers,
    score: (texts) => {
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<SitoTags[]>((resolve, reject) => {
        waiting.add(reject);
        pool.run(texts).then(resolve, reject).finally(() => waiting.delete(reject));
      });
    },
    close: () => pool.destroy(),
  };
}
