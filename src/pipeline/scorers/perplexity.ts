/**
 * CCNet-style perplexity: every line of the document is normalised and scored as a sentence
 * (with <s> and </s>) under the language's native-text model — for a subword model (CCNet's
 * kind) its words are first split into the model's pieces and tokens are pieces; the document perplexity is
 * 10^(−Σlog10 p / Σtokens) over all lines, and the bucket compares it with the profile's
 * cut-offs (p30/p60 of held-out native text). Lines whose own perplexity is above the tail
 * cut-off are counted, so a page that is mostly good text with a boilerplate block is visible.
 */
import { languageModelFromBuffer } from '../../lm/load.js';
import { normalizeForLm } from '../../lm/normalize.js';
import { scoreDocument } from '../../lm/document.js';
import type { PerplexitySpec } from '../scorer-spec.js';
import type { DocumentScorer, PplBucket, SitoTags } from '../types.js';
import { round } from './lid.js';

export function bucketOf(perplexity: number, cutoffs: { p30: number; p60: number }): PplBucket {
  if (perplexity <= cutoffs.p30) return 'head';
  if (perplexity <= cutoffs.p60) return 'middle';
  return 'tail';
}

export function createPerplexityScorer(spec: PerplexitySpec): DocumentScorer {
  const normalizer = spec.normalizer;
  // Refuses a model trained with other normaliser settings: its scores would mean nothing.
  const model = languageModelFromBuffer(spec.model, { expectNormalizer: normalizer });
  // A subword model strips accents per distinct word in its cache: the lines keep theirs.
  const lineNormalizer = model.lineNormalizer(normalizer);
  const normalize = (line: string) => normalizeForLm(line, lineNormalizer);
  // A line is in the tail when its perplexity 10^(−log10/tokens) exceeds the cut-off; compared
  // in the log domain, so the hot path computes no power per line.
  const tailLog10 = Math.log10(spec.tailLineCutoff ?? Infinity);
  let tailLines = 0;
  const countTail = (log10: number, tokens: number) => {
    if (-log10 / tokens > tailLog10) tailLines++;
  };
  return {
    name: 'perplexity',
    score(text: string, tags: SitoTags): void {
      tailLines = 0;
      const doc = scoreDocument(model, text, normalize, countTail);
      if (doc.tokens === 0) return;
      tags.perplexity = round(doc.perplexity, 1);
      tags.ppl_bucket = bucketOf(doc.perplexity, spec.cutoffs);
      tags.ppl_tail_lines = round(tailLines / doc.lines, 4);
    },
  };
}
