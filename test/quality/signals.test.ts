import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { qualitySignals } from '../../src/quality/signals.js';
import { qualityFailure } from '../../src/quality/rules.js';
import { sharedPath } from '../helpers.js';

const prose = readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.split(' ').length >= 10)
  .slice(0, 12)
  .map((l) => `${l[0]!.toUpperCase()}${l.slice(1)}${/[.!?]$/.test(l) ? '' : '.'}`)
  .join('\n');

test('real prose passes the Gopher and FineWeb rules', () => {
  const s = qualitySignals(prose);
  assert.ok(s.words > 100, `words ${s.words}`);
  assert.ok(s.mean_word_length > 4 && s.mean_word_length < 8);
  assert.equal(s.dup_line_chars, 0);
  assert.equal(qualityFailure(s, ['gopher', 'fineweb']), null);
});

test('a navigation menu, a keyword list and repeated boilerplate fail with a reason', () => {
  const menu = ['Strona główna', 'O nas', 'Kontakt', 'Sklep', 'Koszyk', 'Regulamin'].map((x) => `• ${x}`).join('\n');
  assert.match(qualityFailure(qualitySignals(menu), ['gopher'])!, /^quality: gopher too-few-words/);
  const repeated = `${prose}\n${Array(30).fill('Kliknij tutaj, aby przeczytać więcej na naszej stronie.').join('\n')}`;
  const s = qualitySignals(repeated);
  assert.ok(s.dup_line_chars > 0.2, `dup ${s.dup_line_chars}`);
  assert.match(qualityFailure(s, ['gopher'])!, /duplicate-lines/);
  const tags = Array(80).fill('#tanie #buty #sklep #promocja').join(' ');
  assert.match(qualityFailure(qualitySignals(tags), ['gopher'])!, /symbols/);
});

test('empty text gives zeros, not NaN', () => {
  const s = qualitySignals('');
  assert.equal(s.words, 0);
  assert.ok(Object.values(s).every((v) => Number.isFinite(v)));
});
