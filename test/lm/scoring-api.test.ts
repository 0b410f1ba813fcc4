/**
 * The allocation-free scoring API the perplexity scorer uses: `scoreLine` must give the same
 * numbers as the KenLM-format runner, and tokenisation must follow KenLM's kSpaces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath, tempDir } from '../helpers.js';
import { loadLanguageModel } from '../../src/lm/load.js';
import { queryText } from '../../src/lm/query-runner.js';
import { perplexity } from '../../src/lm/perplexity.js';
import { formatFloat32 } from '../../src/lm/arpa-number.js';
import { scoreDocument } from '../../src/lm/document.js';
import { createNormalizer } from '../../src/lm/normalize.js';

const kenlm = (...p: string[]): string => sharedPath('kenlm', ...p);

test('scoreLine gives the sentence totals, token and OOV counts of query', async () => {
  const lm = await loadLanguageModel(kenlm('models', 'pl.o3.prune011.arpa.gz'));
  const lines = readFileSync(kenlm('data', 'test.pl.txt'), 'utf8').split('\n').slice(0, 300);
  const expected = queryText(lm, lines.join('\n') + '\n', { printWord: false, printSummary: false }).output.trim().split('\n');
  let log10 = 0;
  let tokens = 0;
  let oov = 0;
  lines.forEach((line, i) => {
    const s = lm.scoreLine(line);
    assert.equal(`Total: ${formatFloat32(s.log10)} OOV: ${s.oov}`, expected[i]);
    log10 += s.log10;
    tokens += s.tokens;
    oov += s.oov;
  });
  const whole = queryText(lm, lines.join('\n') + '\n').summary;
  assert.equal(tokens, whole.tokens);
  assert.equal(oov, whole.oov);
  assert.equal(perplexity(log10, tokens), whole.perplexity);
});

test('tokens split on space, tab, \\v, \\f, \\r; NBSP stays inside a word; <unk> is an OOV', async () => {
  const lm = await loadLanguageModel(kenlm('models', 'tiny.pl.o3.fallback.arpa'));
  const plain = lm.scoreLine('w przeciwieństwie do');
  assert.deepEqual(lm.scoreLine(' w\tprzeciwieństwie\v\f\r do  '), plain);
  assert.equal(plain.tokens, 4);
  assert.equal(plain.oov, 0);
  const nbsp = lm.scoreLine('w\u00a0przeciwieństwie do');
  assert.equal(nbsp.tokens, 3);
  assert.equal(nbsp.oov, 1);
  assert.equal(lm.scoreLine('<unk>').oov, 1);
  assert.equal(lm.wordId('<unk>'), 0);
  assert.equal(lm.word(lm.wordId('przeciwieństwie')), 'przeciwieństwie');
  const noEos = lm.scoreLine('w do', { bos: false, eos: false });
  assert.equal(noEos.tokens, 2);
});

test('an n-gram whose suffix is missing (SRILM-style pruning) is still reached, and backs off correctly', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'srilm.arpa');
    writeFileSync(file, [
      '\\data\\', 'ngram 1=6', 'ngram 2=2', 'ngram 3=1', '',
      '\\1-grams:', '-1\t<unk>\t0', '0\t<s>\t-0.5', '-0.8\t</s>\t0', '-0.6\ta\t-0.3', '-0.7\tb\t-0.2', '-0.9\tc\t-0.1', '',
      '\\2-grams:', '-0.4\ta b\t-0.25', '-0.35\t<s> a\t-0.15', '',
      '\\3-grams:', '-0.05\ta b c', '', '\\end\\', '',
    ].join('\n'));
    const lm = await loadLanguageModel(file);
    assert.equal(lm.header.tables.find((t) => t.order === 2)!.blanks, 1);
    const words: [string, number, number][] = [];
    const sink = { word: (t: string, s: number, e: number, _id: number, n: number, p: number) => words.push([t.slice(s, e), n, p]) };
    const f = Math.fround;
    lm.scoreRange('a b c', 0, 5, false, false, sink, { oovLog10: 0 });
    assert.deepEqual(words.splice(0), [['a', 1, f(-0.6)], ['b', 2, f(-0.4)], ['c', 3, f(-0.05)]]);
    lm.scoreRange('b c', 0, 3, false, false, sink, { oovLog10: 0 });
    assert.deepEqual(words.splice(0), [['b', 1, f(-0.7)], ['c', 1, f(f(-0.9) + f(-0.2))]]);
    lm.scoreRange('x b c', 0, 5, false, false, sink, { oovLog10: 0 });
    assert.deepEqual(words.splice(0), [['x', 1, -1], ['b', 1, f(-0.7)], ['c', 1, f(f(f(-0.9) + f(-0.2)) + 0)]]);
  } finally {
    cleanup();
  }
});

test('scoreDocument sums normalised lines and skips blank ones', async () => {
  const lm = await loadLanguageModel(sharedPath('kenlm', 'models', 'tiny.pl.o3.fallback.arpa'));
  const normalize = createNormalizer({ accents: 'keep' });
  const lines: number[] = [];
  const doc = scoreDocument(lm, 'W przeciwieństwie DO 12\n\n  \nAby zapisać', normalize, (log10) => lines.push(log10));
  const a = lm.scoreLine('w przeciwieństwie do 00');
  const b = lm.scoreLine('aby zapisać');
  assert.equal(doc.lines, 2);
  assert.deepEqual(lines, [a.log10, b.log10]);
  assert.equal(doc.tokens, a.tokens + b.tokens);
  assert.equal(doc.oov, a.oov + b.oov);
  assert.equal(doc.perplexity, perplexity(a.log10 + b.log10, a.tokens + b.tokens));
});
