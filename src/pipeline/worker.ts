/**
 * Piscina worker: builds the scorers once from the spec it was started with, then takes either
 * bare texts (library use: tags come back) or whole batches of a run (undecoded lines in,
 * serialised output out, see work-batch.ts).
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { buildScorers, scoreTexts } from './scorers.js';
import { processBatch } from './batch-processor.js';
import type { ScorerSpec } from './scorer-spec.js';
import type { SitoTags } from './types.js';
import { movableBuffers, type BatchContext, type BatchOutcome, type WorkBatch } from './work-batch.js';

const scorers = await buildScorers(workerData as ScorerSpec);

export default function scoreBatch(texts: string[]): SitoTags[] {
  return scoreTexts(scorers, texts);
}

export function runBatch(task: { batch: WorkBatch; ctx: BatchContext }): BatchOutcome {
  const outcome = processBatch(scorers, task.batch, task.ctx);
  // The serialised lines move to the main thread instead of being copied there.
  const buffers = movableBuffers([...outcome.outputs.map((o) => o.bytes), outcome.rejects.bytes]);
  return move({ [transferableSymbol]: buffers, [valueSymbol]: outcome }) as unknown as BatchOutcome;
}
