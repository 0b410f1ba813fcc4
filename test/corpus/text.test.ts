import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedupKey } from '../../src/corpus/build.js';
import { proseRules, rejectReason, splitSentences, squeeze, unwrapLines } from '../../src/corpus/text.js';

const rules = proseRules('pl', 'Latn', {
  pl: ['i', 'w', 'nie', 'na', 'się', 'z', 'do', 'że', 'to', 'jest', 'jak', 'o', 'co', 'ale'],
  en: ['the', 'of', 'and', 'to', 'in', 'is', 'that', 'it', 'for', 'with', 'as', 'are', 'this'],
}, 4, 80);

test('squeeze collapses every kind of space and drops soft hyphens', () => {
  assert.equal(squeeze(' a\u00a0\tb\u00adc \n d '), 'a bc d');
});

test('unwrapLines joins hand-wrapped sentences but keeps closed lines apart', () => {
  assert.deepEqual(unwrapLines(['Ala ma kota, a kot', 'ma Alę.', 'Nowe zdanie', 'Kolejne.']), ['Ala ma kota, a kot ma Alę.', 'Nowe zdanie', 'Kolejne.']);
  assert.deepEqual(unwrapLines(['roz-', 'dzielone słowo']), ['rozdzielone słowo']);
});

test('splitSentences splits at sentence ends before a capital, not inside numbers', () => {
  assert.deepEqual(splitSentences('To jest zdanie. A to drugie! Czy trzecie? Tak, 3.5 procent.'), ['To jest zdanie.', 'A to drugie!', 'Czy trzecie?', 'Tak, 3.5 procent.']);
});

test('rejectReason keeps Polish prose and names why other lines go', () => {
  assert.equal(rejectReason('Pasek narzędzi Znajdź może być użyty do szybkiego przeszukiwania dokumentów.', rules), null);
  assert.equal(rejectReason('Znajdź tekst', rules), 'short');
  assert.equal(rejectReason('The IP address can conform to either IPv4 or IPv6 in this file.', rules), 'foreign');
  assert.equal(rejectReason('if (x == 1) { return y; }', rules), 'code');
  assert.equal(rejectReason('--help wyświetla pomoc i kończy działanie', rules), 'command');
  assert.equal(rejectReason('Zobacz https://example.org aby dowiedzieć się więcej', rules), 'url');
  assert.equal(rejectReason('Слово за слово и так далее всё это', rules), 'script');
  assert.equal(rejectReason('Motylki obsysaja ;> A nie masz Argante? ;)', rules), null, 'emoticons are chat prose');
});

test('dedupKey ignores case, punctuation and spacing', () => {
  assert.equal(dedupKey('Ala  ma kota!'), dedupKey('ala ma kota.'));
  assert.notEqual(dedupKey('Ala ma kota'), dedupKey('Ala ma psa'));
});
