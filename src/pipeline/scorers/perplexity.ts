/**
 * CCNet-style perplexity: every line of the document is normalised and scored as a sentence
 * (with <s> and </s>) under the language's native-text model; the document perplexity is
 * 10^(−Σlog10 p / Σtokens) over all lines, and the bucket compares it with the profile's
 * cut-offs (p30/p60 of held-out native text). Lines whose own perplexity is above the tail
 * cut-off are counted, so a page that is mostly good text with a boilerplate block is visible.
 */
import { languageModelFromBuffer } from '../../lm/load.js';
import { normalizeForLm } from '../../lm/normalize.js';
import type { PerplexitySpec } from '../scorer-spec.js';
import type { DocumentScorer, PplBucket, SitoTags } from '../types.js';
import { round } from './lid.js';

export interface DocumentPerplexity {
  perplexity: number;
  /** Share of scored lines with a perplexity above the tail cut-off. */
  tailLines: number;
}

export function bucketOf(perplexity: number, cutoffs: { p30: number; p60: number }): PplBucket {
  if (perplexity <= cutoffs.p30) return 'head';
  if (perplexity <= cutoffs.p60) return 'middle';
  return 'tail';
}

export function createPerplexityScorer(spec: PerplexitySpec): DocumentScorer {
  const normalizer = spec.normalizer;
  // Refuses a model trained with other normaliser settings: its scores would mean nothing.
  const model = languageModelFromBuffer(spec.model, { expectNormalizer: normalizer });
  const tailCutoff = spec.tailLineCutoff ?? Infinity;
  return {
    name: 'perplexity',
    score(text: string, tags: SitoTags): void {
      let log10 = 0;
      let tokens = 0;
      let lines = 0;
      let tailLines = 0;
      for (const raw of text.split('\n')) {
        const line = normalizeForLm(raw, normalizer);
        if (!line) continue;
        const s = model.scoreLine(line);
        log10 += s.log10;
        tokens += s.tokens;
        lines++;
        if (10 ** (-s.log10 / s.tokens) > tailCutoff) tailLines++;
      }
      if (tokens === 0) return;
      const perplexity = 10 ** (-log10 / tokens);
      tags.perplexity = round(perplexity, 1);
      tags.ppl_bucket = bucketOf(perplexity, spec.cutoffs);
      tags.ppl_tail_lines = round(tailLines / lines, 4);
    },
  };
}
