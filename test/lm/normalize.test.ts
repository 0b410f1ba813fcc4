import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../helpers.js';
import { normalizeForLm, resolveNormalizerOptions, normalizerKey, DEFAULT_NORMALIZER } from '../../src/lm/normalize.js';

test('CCNet rules: lower-case, digits to 0, punctuation map, control characters, spaces', () => {
  assert.equal(normalizeForLm('  Ala  MA 2 Koty\t i 1999 PSÓW  '), 'ala ma 0 koty i 0000 psów');
  assert.equal(normalizeForLm('„Cytat” — i… ５ ٣'), '"cytat" - i... 0 0');
  assert.equal(normalizeForLm('a\u200bb\u0007c\u00a0d\ne\u2003f'), 'abc d e f');
  assert.equal(normalizeForLm('Zażółć GĘŚLĄ jaźń'), 'zażółć gęślą jaźń');
  // ł has no canonical decomposition, so stripping accents keeps it (as in cc_net)
  assert.equal(normalizeForLm('Zażółć GĘŚLĄ jaźń', { ...DEFAULT_NORMALIZER, accents: 'strip' }), 'zazołc gesla jazn');
  // decomposed input is composed first, so it meets the same vocabulary
  assert.equal(normalizeForLm('zo\u0301łw'), 'zółw');
  assert.equal(normalizeForLm('ABC 12', { ...DEFAULT_NORMALIZER, lowercase: false, digits: 'keep' }), 'ABC 12');
  assert.equal(normalizeForLm('   '), '');
});

test('the KenLM pack\'s test text is already normalised (a fixed point)', () => {
  const lines = readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8').split('\n').slice(0, 500);
  let changed = 0;
  for (const line of lines) if (normalizeForLm(line) !== line) changed++;
  // The pack used cc_net's rules without the punctuation map, so only mapped punctuation differs.
  assert.ok(changed / lines.length < 0.05, `${changed} of ${lines.length} lines changed`);
});

test('Intl.Segmenter splits text without spaces into words', () => {
  const opts = resolveNormalizerOptions({ segmenter: 'intl', locale: 'ja' });
  const out = normalizeForLm('私は東京に住んでいます。', opts);
  assert.ok(out.split(' ').length >= 4, out);
  assert.equal(out.replace(/ /g, ''), '私は東京に住んでいます.');
});

test('options: defaults filled in, unknown keys and values refused, canonical key', () => {
  assert.deepEqual(resolveNormalizerOptions({ accents: 'keep' }), DEFAULT_NORMALIZER);
  assert.throws(() => resolveNormalizerOptions({ acents: 'keep' }), /unknown option "acents"/);
  assert.throws(() => resolveNormalizerOptions({ digits: 'nine' }), /"digits" must be one of/);
  assert.equal(normalizerKey(DEFAULT_NORMALIZER), 'lowercase=true;digits=zero;punctuation=ccnet;accents=keep;segmenter=space');
  assert.notEqual(normalizerKey({ ...DEFAULT_NORMALIZER, segmenter: 'intl', locale: 'th' }), normalizerKey({ ...DEFAULT_NORMALIZER, segmenter: 'intl', locale: 'ja' }));
});
