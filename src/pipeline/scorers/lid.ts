import type { LanguageIdentifier } from '../../lid/types.js';
import type { DocumentScorer, SitoTags } from '../types.js';

/** Language ID as a scorer: label, calibrated score and per-line shares. */
export function createLidScorer(identifier: LanguageIdentifier): DocumentScorer {
  return {
    name: 'lid',
    score(text: string, tags: SitoTags): void {
      const result = identifier.identify(text);
      tags.lang = result.lang;
      tags.lang_score = round(result.score, 4);
      tags.lang_shares = Object.fromEntries(Object.entries(result.shares).map(([k, v]) => [k, round(v, 4)]));
    },
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
