import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rejectionReason, type FilterCriteria } from '../../src/pipeline/decision.js';
import type { SitoTags } from '../../src/pipeline/types.js';

const base: FilterCriteria = {
  langs: new Set(['pl']),
  minLangScore: new Map([['pl', 0.6]]),
  defaultMinLangScore: 0.5,
  maxMt: new Map([['pl', 0.5]]),
};
const tags = (t: Partial<SitoTags>): SitoTags => ({ lang: 'pl', lang_score: 0.9, lang_shares: { pl: 1 }, ...t });

test('keeps a confident Polish document', () => {
  assert.equal(rejectionReason(tags({}), base), null);
});

test('drops other languages and low scores with reasons that start with their slug', () => {
  assert.match(rejectionReason(tags({ lang: 'cs' }), base)!, /^lang: detected cs/);
  assert.match(rejectionReason(tags({ lang_score: 0.55 }), base)!, /^lang-score: pl score 0.55 < 0.6/);
});

test('perplexity buckets and maximum', () => {
  const c = { ...base, buckets: new Set(['head', 'middle'] as const), maxPerplexity: 1000 };
  assert.equal(rejectionReason(tags({ ppl_bucket: 'middle', perplexity: 500 }), c), null);
  assert.match(rejectionReason(tags({ ppl_bucket: 'tail', perplexity: 900 }), c)!, /^perplexity: bucket tail/);
  assert.match(rejectionReason(tags({ ppl_bucket: 'head', perplexity: 1500 }), c)!, /^perplexity: 1500 > 1000/);
});

test('MT threshold, and 1 turns it off', () => {
  assert.match(rejectionReason(tags({ mt_prob: 0.8 }), base)!, /^mt: mt_prob 0.8 > 0.5/);
  assert.equal(rejectionReason(tags({ mt_prob: 0.4 }), base), null);
  assert.equal(rejectionReason(tags({ mt_prob: 0.99 }), { ...base, maxMt: new Map([['pl', 1]]) }), null);
});
