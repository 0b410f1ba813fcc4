/**
 * Piscina worker: builds the scorers once from the spec it was started with, then takes either
 * bare texts (library use: tags come back) or whole batches of a run (undecoded lines in,
 * serialised output out, see work-batch.ts).
 */
import { workerData } from 'piscina';
import { buildScorers, scoreTexts } from './scorers.js';
import { processBatch } from './batch-processor.js';
import type { ScorerSpec } from './scorer-spec.js';
import type { SitoTags } from './types.js';
import type { BatchContext, BatchOutcome, WorkBatch } from './work-batch.js';

const scorers = await buildScorers(workerData as ScorerSpec);

export default function scoreBatch(texts: string[]): SitoTags[] {
  return scoreTexts(scorers, texts);
}

/** The serialised lines go back copied, not moved: see work-batch.ts. */
export function runBatch(task: { batch: WorkBatch; ctx: BatchContext }): BatchOutcome {
  return processBatch(scorers, task.batch, task.ctx);
}
