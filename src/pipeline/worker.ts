/**
 * Piscina worker: builds the scorers once from the spec it was started with, then scores
 * batches of texts. Only texts go in and only tags come out; records stay in the main thread.
 */
import { workerData } from 'piscina';
import { buildScorers, scoreTexts } from './scorers.js';
import type { ScorerSpec } from './scorer-spec.js';
import type { SitoTags } from './types.js';

const scorers = await buildScorers(workerData as ScorerSpec);

export default function scoreBatch(texts: string[]): SitoTags[] {
  return scoreTexts(scorers, texts);
}
