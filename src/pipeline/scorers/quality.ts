import { qualitySignals } from '../../quality/signals.js';
import type { DocumentScorer, SitoTags } from '../types.js';

/** Quality signals as a scorer: language-independent, one pass, on every document. */
export function createQualityScorer(): DocumentScorer {
  return {
    name: 'quality',
    score(text: string, tags: SitoTags): void {
      tags.quality = qualitySignals(text);
    },
  };
}
