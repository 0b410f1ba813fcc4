import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLanguageIdentifier, type FusedLanguageIdentifier } from '../../src/lid/identifier.js';
import { sharedPath } from '../helpers.js';

let lid: FusedLanguageIdentifier;
before(async () => {
  lid = await createLanguageIdentifier();
});
after(() => lid.dispose());

const lingua = (lang: string, n: number, from = 0): string[] =>
  readFileSync(sharedPath('lid', 'lingua', 'sentences', `${lang}.txt`), 'utf8').split('\n').filter(Boolean).slice(from, from + n);
const visibleChars = (s: string): number => [...s].filter((c) => c.trim() !== '').length;

test('per-line shares on a mixed document follow its lines', () => {
  const polish = lingua('pl', 12);
  const english = lingua('en', 4);
  const german = lingua('de', 3);
  const lines = [
    'Menu', // short: inherits from the Polish line after it
    ...polish.slice(0, 6),
    '2024-05-01 | 12:00 | 3.5 %', // no letters: not counted
    ...english,
    'OK', // short: inherits English from the line before
    ...polish.slice(6),
    ...german,
    '',
  ];
  const r = lid.identify(lines.join('\n'));
  assert.equal(r.lang, 'pl');
  const pl = visibleChars(['Menu', ...polish].join(''));
  const en = visibleChars([...english, 'OK'].join(''));
  const de = visibleChars(german.join(''));
  const total = pl + en + de;
  assert.deepEqual(Object.keys(r.shares).sort(), ['de', 'en', 'pl']);
  assert.ok(Math.abs(r.shares.pl! - pl / total) < 1e-9, `pl share ${r.shares.pl} vs ${pl / total}`);
  assert.ok(Math.abs(r.shares.en! - en / total) < 1e-9, `en share ${r.shares.en} vs ${en / total}`);
  assert.ok(Math.abs(r.shares.de! - de / total) < 1e-9, `de share ${r.shares.de} vs ${de / total}`);
});

test('a Croatian document shows no Serbian/Bosnian lines: lines in the document label group take its label', () => {
  const text = lingua('hr', 30).join('\n');
  const r = lid.identify(text);
  const keys = Object.keys(r.shares);
  assert.ok(keys.length >= 1);
  for (const k of ['hr', 'bs', 'sr', 'sh']) if (k !== r.lang) assert.equal(r.shares[k], undefined, `share for ${k} on a ${r.lang} page`);
  assert.ok(r.shares[r.lang]! > 0.9);
});

test('texts without letters are und with no shares; a one-line text is all its label', () => {
  for (const t of ['', '   \n\n ', '12345 67 89', '--- *** ---']) {
    assert.deepEqual(lid.identify(t), { lang: 'und', score: 0, shares: {} }, JSON.stringify(t));
  }
  const r = lid.identify('Zażółć gęślą jaźń, a potem napisz porządny test jednostkowy.');
  assert.equal(r.lang, 'pl');
  assert.deepEqual(r.shares, { pl: 1 });
  assert.ok(r.score > 0.5 && r.score <= 1);
});

test('a multi-megabyte document is capped: fast, and CLD3 survives', () => {
  const big = lingua('pl', 50).join('\n').repeat(400); // ~3 MB
  const t = performance.now();
  const r = lid.identify(big);
  assert.ok(performance.now() - t < 2000, 'capped analysis');
  assert.equal(r.lang, 'pl');
  // The CLD3 runtime aborts for good on oversize input; it must still answer afterwards.
  assert.equal(lid.runCld3('Dobry wieczór, czy mogę prosić o rachunek za obiad?').lang, 'pl');
});

test('scores mean what they say: high on clear sentences, lower on single words', () => {
  const sentences = lingua('de', 200).map((s) => lid.identify(s));
  const words = readFileSync(sharedPath('lid', 'lingua', 'single-words', 'de.txt'), 'utf8').split('\n').filter(Boolean).slice(0, 200).map((s) => lid.identify(s));
  const mean = (xs: { score: number }[]): number => xs.reduce((a, x) => a + x.score, 0) / xs.length;
  const acc = (xs: { lang: string }[]): number => xs.filter((x) => x.lang === 'de').length / xs.length;
  assert.ok(mean(sentences) > mean(words) + 0.2, `${mean(sentences)} vs ${mean(words)}`);
  // Calibrated within a loose band on this out-of-calibration-set data.
  assert.ok(Math.abs(mean(sentences) - acc(sentences)) < 0.15, `sentences: score ${mean(sentences)} accuracy ${acc(sentences)}`);
});
