/**
 * MT scorer throughput on ~2 KB documents (Polish: the weak NMT output and its human
 * counterparts from ../shared/mt/pl-nmt.jsonl, packed into documents). Baseline, in the same run:
 * a bare pass that only splits the same documents into paragraphs and tokenises them, so the
 * ratio shows what the model adds over reading the text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMtScorer } from '../src/mt/scorer.js';
import { MtModel } from '../src/mt/model.js';
import { splitParagraphs, tokenize } from '../src/mt/features.js';
import type { SitoTags } from '../src/pipeline/types.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = process.env.SITO_SHARED ?? join(root, '..', 'shared');

function documents(target = 2000, max = 3000): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  let len = 0;
  for (const line of readFileSync(join(shared, 'mt', 'pl-nmt.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { mt: string; en: string };
    cur.push(r.mt);
    len += r.mt.length + 1;
    if (len >= target) {
      docs.push(cur.join('\n'));
      cur = [];
      len = 0;
      if (docs.length >= max) break;
    }
  }
  return docs;
}

function time(fn: () => void, minMs = 1500): { runs: number; ms: number } {
  fn(); // warm-up
  const t0 = performance.now();
  let runs = 0;
  while (performance.now() - t0 < minMs) {
    fn();
    runs++;
  }
  return { runs, ms: performance.now() - t0 };
}

const docs = documents();
const meanChars = docs.reduce((n, d) => n + d.length, 0) / docs.length;
const rows: string[] = [];
let baselineRate = 0;
let sink = 0;
const baseline = time(() => {
  for (const d of docs) for (const p of splitParagraphs(d)) sink += tokenize(p).length;
});
baselineRate = (baseline.runs * docs.length) / (baseline.ms / 1000);
rows.push(`| baseline: split + tokenise | ${baselineRate.toFixed(0)} | ${(1000 / baselineRate).toFixed(3)} | 1.00 |`);
for (const lang of ['pl', 'es']) {
  const scorer = createMtScorer({ lang });
  const tags: SitoTags = { lang, lang_score: 1, lang_shares: { [lang]: 1 } };
  const r = time(() => {
    for (const d of docs) {
      scorer.score(d, tags);
      sink += tags.mt_prob ?? 0;
    }
  });
  const rate = (r.runs * docs.length) / (r.ms / 1000);
  rows.push(`| mt scorer (${lang} model) | ${rate.toFixed(0)} | ${(1000 / rate).toFixed(3)} | ${(baselineRate / rate).toFixed(2)} |`);
  // The same model without its LM pair: what the Moore–Lewis evidence costs.
  const m = scorer.modelFor(lang)!;
  if (m.lm) {
    const bare = new MtModel({ ...m.header, lm: undefined }, m.weights, m.vocabulary, m.bigrams, null);
    const r2 = time(() => {
      for (const d of docs) sink += bare.scoreDocument(d).z;
    });
    const rate2 = (r2.runs * docs.length) / (r2.ms / 1000);
    rows.push(`| … classifier only, LMs detached (${lang}) | ${rate2.toFixed(0)} | ${(1000 / rate2).toFixed(3)} | ${(baselineRate / rate2).toFixed(2)} |`);
  }
}

console.log(`### MT scorer\n`);
console.log(`${docs.length} documents of ${meanChars.toFixed(0)} characters on average (Polish NMT output from ../shared/mt/pl-nmt.jsonl), one thread.\n`);
console.log('| pass | docs/s | ms/doc | cost vs baseline |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(r);
console.log(`\nCommand: \`npm run bench -- mt\`. Baseline: splitting the same documents into paragraphs and tokenising them, measured in the same run. (checksum ${sink % 97})\n`);
