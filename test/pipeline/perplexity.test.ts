/**
 * The perplexity stage inside the pipeline: a model built with `sito lm build` from KenLM's own
 * ARPA, a profile that names it, CCNet document perplexity and buckets, data-derived cut-offs,
 * and the refusal of a model whose normaliser differs from the profile's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath, sitoBin, tempDir } from '../helpers.js';
import { createPerplexityScorer, bucketOf } from '../../src/pipeline/scorers/perplexity.js';
import { loadBinaryLanguageModel } from '../../src/lm/load.js';
import { DEFAULT_NORMALIZER, normalizeForLm } from '../../src/lm/normalize.js';
import type { SitoTags } from '../../src/pipeline/types.js';

let dir: string;
let cleanup: () => void;
let model: string;
const normalizer = { ...DEFAULT_NORMALIZER };

function sito(args: string[], input?: string) {
  return spawnSync(process.execPath, [sitoBin, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
}

function profileDir(name: string, profileNormalizer: object, cutoffs = { p30: 300, p60: 900 }): string {
  const langs = join(dir, name);
  mkdirSync(langs, { recursive: true });
  writeFileSync(
    join(langs, 'pl.json'),
    JSON.stringify({ code: 'pl', name: 'Polish', aliases: ['pol'], normalizer: profileNormalizer, perplexity: { model, cutoffs, tail_line_cutoff: 5000 } }),
  );
  return langs;
}

before(() => {
  ({ dir, cleanup } = tempDir());
  model = join(dir, 'pl.o3.sitolm');
  const r = sito(['lm', 'build', sharedPath('kenlm', 'models', 'pl.o3.arpa.gz'), model, '--normalizer', JSON.stringify(normalizer)]);
  assert.equal(r.status, 0, r.stderr);
});
after(() => cleanup());

const held = () => readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8').split('\n').filter(Boolean);

test('document perplexity is 10^(−Σlog10/Σtokens) over its lines, as CCNet computes it', () => {
  const buf = readFileSync(model);
  const shared = new SharedArrayBuffer(buf.byteLength);
  new Uint8Array(shared).set(buf);
  const scorer = createPerplexityScorer({ model: shared, normalizer, cutoffs: { p30: 300, p60: 900 }, tailLineCutoff: 5000 });
  const lines = held().slice(0, 5);
  const tags: SitoTags = { lang: 'pl', lang_score: 1, lang_shares: {} };
  scorer.score(lines.join('\n'), tags);
  const lm = loadBinaryLanguageModel(model);
  let log10 = 0;
  let tokens = 0;
  for (const l of lines) {
    const s = lm.scoreLine(normalizeForLm(l, normalizer));
    log10 += s.log10;
    tokens += s.tokens;
  }
  const expected = 10 ** (-log10 / tokens);
  assert.ok(Math.abs(tags.perplexity! - expected) < 0.06, `${tags.perplexity} vs ${expected}`);
  assert.equal(tags.ppl_bucket, bucketOf(expected, { p30: 300, p60: 900 }));
  // Shuffled words read worse than the real sentences.
  const shuffled: SitoTags = { lang: 'pl', lang_score: 1, lang_shares: {} };
  scorer.score(lines.map((l) => l.split(' ').reverse().join(' ')).join('\n'), shuffled);
  assert.ok(shuffled.perplexity! > tags.perplexity!, `${shuffled.perplexity} > ${tags.perplexity}`);
});

test('filter --bucket keeps head and middle; --cutoffs data computes p30/p60 from the input', () => {
  const docs = [];
  const lines = held();
  for (let i = 0; i + 3 <= 600; i += 3) docs.push({ id: i, text: lines.slice(i, i + 3).join('\n') });
  const input = join(dir, 'docs.jsonl');
  writeFileSync(input, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const langs = profileDir('langs-ok', normalizer);
  const r = sito(['filter', '--lang', 'pl', '--langs-dir', langs, '--workers', '1', '--max-mt', '1', '--bucket', 'head,middle', '--cutoffs', 'data', input]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /pl: cut-offs from \d+ documents: p30 [\d.]+, p60 [\d.]+/);
  const kept = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const polish = Number(/read (\d+)/.exec(r.stderr)![1]);
  assert.equal(polish, docs.length);
  // p60 of the data: about 60 % of the Polish documents are head or middle.
  const plDocs = docs.length - Number(/lang (\d+)/.exec(r.stderr)?.[1] ?? 0) - Number(/lang-score (\d+)/.exec(r.stderr)?.[1] ?? 0);
  assert.ok(Math.abs(kept.length / plDocs - 0.6) < 0.08, `kept ${kept.length} of ${plDocs}`);
  assert.ok(kept.every((k) => k.sito.ppl_bucket !== 'tail' && typeof k.sito.perplexity === 'number'));
});

test('a model built with another normaliser than the profile says is refused, clearly', () => {
  const langs = profileDir('langs-mismatch', { ...normalizer, accents: 'strip' });
  const r = sito(['tag', '--langs-dir', langs, '--workers', '1'], JSON.stringify({ text: 'Ala ma kota.' }) + '\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^sito: .*normali[sz]er/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('the LM normaliser is perplexity.normalizer when the profile has one, else the top-level one', () => {
  const write = (name: string, top: object, own: object) => {
    const langs = join(dir, name);
    mkdirSync(langs, { recursive: true });
    writeFileSync(join(langs, 'pl.json'), JSON.stringify({ code: 'pl', name: 'Polish', aliases: [], normalizer: top, perplexity: { model, normalizer: own, cutoffs: { p30: 300, p60: 900 } } }));
    return langs;
  };
  const input = JSON.stringify({ text: 'Ala ma kota, a kot ma Alę.' }) + '\n';
  // The top-level normaliser (other models' business) may differ from the LM's.
  const ok = sito(['tag', '--langs-dir', write('langs-own-ok', { ...normalizer, accents: 'strip' }, normalizer), '--workers', '1'], input);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(typeof JSON.parse(ok.stdout).sito.perplexity, 'number');
  // The model is checked against perplexity.normalizer, not the top-level one.
  const bad = sito(['tag', '--langs-dir', write('langs-own-bad', normalizer, { ...normalizer, accents: 'strip' }), '--workers', '1'], input);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /^sito: .*normali[sz]er/m);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
});
