/**
 * The keep/drop decision for `sito filter`: pure, from tags and criteria to a reason. A
 * dropped document's reason starts with the criterion's slug (`lang`, `lang-score`,
 * `perplexity`, `quality`, `mt`) so rejects can be counted and grepped.
 */
import { qualityFailure, type QualityRuleSet } from '../quality/rules.js';
import type { PplBucket, SitoTags } from './types.js';

export interface FilterCriteria {
  /** Languages to keep (canonical codes). Empty = any language. */
  langs: ReadonlySet<string>;
  /** Minimum LID score per language (falls back to `defaultMinLangScore`). */
  minLangScore: ReadonlyMap<string, number>;
  defaultMinLangScore: number;
  /** Perplexity buckets to keep (undefined = all). */
  buckets?: ReadonlySet<PplBucket>;
  maxPerplexity?: number;
  /** Maximum MT probability per language (a document above it is dropped). */
  maxMt: ReadonlyMap<string, number>;
  /** Quality rule sets a document must pass. */
  quality?: readonly QualityRuleSet[];
}

/** Returns why the document is dropped, or null to keep it. */
export function rejectionReason(tags: SitoTags, c: FilterCriteria): string | null {
  if (c.langs.size > 0 && !c.langs.has(tags.lang)) {
    return `lang: detected ${tags.lang} (score ${tags.lang_score}), wanted ${[...c.langs].join(',')}`;
  }
  const minScore = c.minLangScore.get(tags.lang) ?? c.defaultMinLangScore;
  if (tags.lang_score < minScore) return `lang-score: ${tags.lang} score ${tags.lang_score} < ${minScore}`;
  if (c.buckets && tags.ppl_bucket !== undefined && !c.buckets.has(tags.ppl_bucket)) {
    return `perplexity: bucket ${tags.ppl_bucket} (perplexity ${tags.perplexity}) not in ${[...c.buckets].join(',')}`;
  }
  if (c.maxPerplexity !== undefined && tags.perplexity !== undefined && tags.perplexity > c.maxPerplexity) {
    return `perplexity: ${tags.perplexity} > ${c.maxPerplexity}`;
  }
  if (c.quality?.length && tags.quality) {
    const failure = qualityFailure(tags.quality, c.quality);
    if (failure) return failure;
  }
  const maxMt = c.maxMt.get(tags.lang);
  if (maxMt !== undefined && maxMt < 1 && tags.mt_prob !== undefined && tags.mt_prob > maxMt) {
    return `mt: mt_prob ${tags.mt_prob} > ${maxMt}`;
  }
  return null;
}
