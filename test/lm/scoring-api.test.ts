/**
 * The allocation-free scoring API the perplexity scorer uses: `scoreLine` must give the same
 * numbers as the KenLM-format runner, and tokenisation must follow KenLM's kSpaces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../helpers.js';
import { loadLanguageModel } from '../../src/lm/load.js';
import { queryText } from '../../src/lm/query-runner.js';
import { perplexity } from '../../src/lm/perplexity.js';
import { formatFloat32 } from '../../src/lm/arpa-number.js';

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
