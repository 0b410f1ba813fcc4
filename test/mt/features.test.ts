import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DENSE_FEATURES, ENGLISH_FUNCTION_WORDS, FeatureExtractor, WordBitset, pairKey, tokenize, wordKey, type FeatureConfig,
} from '../../src/mt/features.js';
import { sharedPath } from '../helpers.js';

// The extractor reads tokens straight from character codes; this is the definition it must match
// bit for bit (it is how the shipped models were trained): tokenise into strings, hash the strings.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
function hashString(s: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
const isLetterOrDigit = (t: string) => /^[\p{L}\p{N}]/u.test(t[0]!);

function reference(text: string, c: FeatureConfig, stop: ReadonlySet<string>, vocab: WordBitset | null, pairs: WordBitset | null) {
  const mask = c.buckets - 1;
  const tokens = tokenize(text);
  const hashed: number[] = [];
  let prev = -1, prev2 = -1, nWords = 0, repeat = 0, english = 0, letterWords = 0, unknown = 0;
  let prevKnown = -1, nPairs = 0, unseen = 0, trigrams = 0, repeatTrigrams = 0;
  const seen = new Set<number>();
  tokens.forEach((t, i) => {
    const h = hashString(t, 1);
    const isWord = t.length > 1 || isLetterOrDigit(t);
    if (isWord) {
      nWords++;
      if (vocab && t.length > 1 && /^\p{L}/u.test(t[0]!)) {
        letterWords++;
        const key = wordKey(t);
        const known = vocab.hasKey(key);
        if (!known) unknown++;
        else if (pairs && prevKnown !== -1) { nPairs++; if (!pairs.hasKey(pairKey(prevKnown, key))) unseen++; }
        prevKnown = known ? key : -1;
      } else prevKnown = -1;
      if (ENGLISH_FUNCTION_WORDS.has(t)) english++;
      if (tokens.slice(Math.max(0, i - 3), i).includes(t)) repeat++;
    }
    if (i >= 2) {
      trigrams++;
      const key = mix(mix(prev2, prev), h);
      if (seen.has(key)) repeatTrigrams++;
      seen.add(key);
    }
    if (c.contentWordsOnly) {
      if (isWord && !stop.has(t) && /^\p{L}/u.test(t)) hashed.push(h & mask);
    } else {
      hashed.push(h & mask);
      if (c.wordNgrams >= 2 && prev >= 0) hashed.push(mix(prev, h) & mask);
      if (isWord && c.charMax > 0) {
        const w = `<${t}>`;
        for (let s = 0; s < w.length; s++) {
          for (let len = Math.max(1, c.charMin); len <= c.charMax && s + len <= w.length; len++) {
            if (len < w.length) hashed.push(mix(hashString(w.slice(s, s + len), 7), len) & mask);
          }
        }
      }
    }
    prev2 = prev;
    prev = h;
  });
  const space = (text.match(/\s[.,;:!?](?=\s|$)/g) ?? []).length;
  let run = 1;
  for (const m of text.matchAll(/([\s\S])\1+/g)) if (m[1]!.charCodeAt(0) > 64) run = Math.max(run, m[0].length);
  const words = Math.max(1, nWords);
  const dense = [
    repeat / words, trigrams ? repeatTrigrams / trigrams : 0, run > 2 ? Math.log2(run - 1) / 4 : 0, english / words,
    Math.min(1, (4 * space) / words), letterWords ? unknown / letterWords : 0, nPairs ? unseen / nPairs : 0,
  ];
  return { hashed, dense, nWords };
}

const paragraphs = (() => {
  const out: string[] = [];
  const lines = readFileSync(sharedPath('mt', 'pl-nmt.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 300);
  for (const l of lines) {
    const r = JSON.parse(l) as Record<string, unknown>;
    for (const v of Object.values(r)) if (typeof v === 'string' && v.length > 20) out.push(v);
  }
  out.push(...readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8').split('\n').filter(Boolean).slice(0, 300));
  out.push(
    'İstanbul İİ ΣΑΣ ς 12 345 ٣٤ ９９ x2y3 2024-01-01 a1b22c333', 'the the the of and to in is that\u00a0. a ,\u2003! b ;\tc :',
    '😀😀 a😀b 𝒜𝒜𝒜 ﬁ ß ẞ Ǆ ǅ', 'Geeeeee wooooow !!! ??? ... ,,, the AAAaaa', ' . , ; : ! ?', '', 'a\u2028b\u2029c\u0085d\ufeff. e\u3000?',
    'THE Of AND tHe ThE because Because BETWEEN', 'słowo słowo słowo słowo', '1 2 3 1 2 3 1 2 3 a b a b 007 7', 'x\u0301\u0301 e\u0300 ą ę ó',
    '\ud800 lone \udc00 surrogates \ud83d', '<p> > < <> &amp; the</p>', 'the_the—the it\'s isn\'t',
  );
  return out;
})();

test('the character-code extractor gives exactly the features of the string tokeniser', () => {
  // Bitsets filled from part of the text itself, so known, unknown and unseen-pair paths all occur.
  const vocab = WordBitset.withBits(1 << 16);
  const pairs = WordBitset.withBits(1 << 16);
  for (const p of paragraphs.filter((_, i) => i % 2 === 0)) {
    let last = -1;
    for (const t of tokenize(p)) {
      const k = t.length > 1 && /^\p{L}/u.test(t) ? wordKey(t) : -1;
      if (k !== -1) { vocab.addKey(k); if (last !== -1) pairs.addKey(pairKey(last, k)); }
      last = k;
    }
  }
  const stop = new Set(['i', 'w', 'się', 'na', 'nie', 'z', 'the', 'of', 'to']);
  const configs: FeatureConfig[] = [
    { buckets: 1 << 20, wordNgrams: 2, charMin: 0, charMax: 0 }, // the shipped models
    { buckets: 1 << 16, wordNgrams: 1, charMin: 2, charMax: 5 },
    { buckets: 1 << 12, wordNgrams: 2, charMin: 3, charMax: 3, contentWordsOnly: true },
  ];
  let checked = 0;
  for (const c of configs) {
    for (const [v, pr] of [[vocab, pairs], [null, null]] as const) {
      const x = new FeatureExtractor(c, stop, v, pr);
      for (const p of paragraphs) {
        const got = x.extract(p);
        const want = reference(p, c, stop, v, pr);
        assert.deepEqual(Array.from(got.hashed), want.hashed, p);
        assert.equal(got.nHashed, want.hashed.length);
        assert.deepEqual(Array.from(got.dense), want.dense, p);
        assert.equal(got.dense.length, DENSE_FEATURES.length);
        assert.equal(got.nWords, want.nWords);
        checked++;
      }
    }
  }
  assert.ok(checked > 3000, `only ${checked} paragraphs checked`);
});
