/**
 * The single-pass `normalizeForLm` must give exactly what the original string-level
 * implementation gave (shipped models were trained with it), for every option combination.
 * The original is copied below verbatim as the reference and compared on real text (the
 * KenLM pack, the Lingua sentences of all 75 languages) and on generated adversarial strings
 * (every BMP code point, astral ranges, Σ/İ, combining sequences, every space and control
 * character, random mixtures of them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { sharedPath } from '../helpers.js';
import { normalizeForLm, DEFAULT_NORMALIZER, type NormalizerOptions } from '../../src/lm/normalize.js';
import { referenceNormalize, UNICODE_PUNCT } from './normalize-reference.js';
import { mulberry32 } from '../../src/stats/random.js';


/** All 24 combinations of the character rules, with the given segmenter. */
function combinations(segmenter: NormalizerOptions['segmenter'], locale?: string): NormalizerOptions[] {
  const all: NormalizerOptions[] = [];
  for (const lowercase of [true, false])
    for (const digits of ['zero', 'keep'] as const)
      for (const punctuation of ['ccnet', 'remove', 'keep'] as const)
        for (const accents of ['keep', 'strip'] as const) {
          const o: NormalizerOptions = { lowercase, digits, punctuation, accents, segmenter };
          if (locale !== undefined) o.locale = locale;
          all.push(o);
        }
  return all;
}

/** Compares on every input; reports the first few differences with code points, not just a count. */
function assertSame(inputs: readonly string[], opts: NormalizerOptions, what: string): void {
  const bad: string[] = [];
  for (const input of inputs) {
    const expected = referenceNormalize(input, opts);
    const actual = normalizeForLm(input, opts);
    if (actual !== expected && bad.length < 3) {
      const cps = (x: string) => [...x].slice(0, 40).map((c) => c.codePointAt(0)!.toString(16)).join(' ');
      bad.push(`input [${cps(input)}]\n  expected [${cps(expected)}]\n  actual   [${cps(actual)}]`);
    }
  }
  assert.equal(bad.length, 0, `${what} ${JSON.stringify(opts)}:\n${bad.join('\n')}`);
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n');
}

/** Deterministic generator, so a failure can be reproduced. */
const random = mulberry32;

const lingua = sharedPath('lid', 'lingua', 'sentences');
const linguaFiles = readdirSync(lingua).filter((f) => f.endsWith('.txt')).sort();

test('KenLM pack data: every line, every option combination', () => {
  const dir = sharedPath('kenlm', 'data');
  const all = readdirSync(dir).filter((f) => f.endsWith('.txt')).flatMap((f) => lines(`${dir}/${f}`));
  assert.ok(all.length > 10000);
  // The large training file is normalised text; every combination on all of it is the point.
  for (const o of combinations('space')) assertSame(all, o, 'kenlm data');
  const sample = all.filter((_, i) => i % 20 === 0);
  for (const o of combinations('intl', 'pl')) assertSame(sample, o, 'kenlm data');
});

test('Lingua sentences of all 75 languages: every line with the shipped settings, a stride with all combinations', () => {
  assert.ok(linguaFiles.length >= 75, `${linguaFiles.length} sentence files`);
  const every: string[] = [];
  for (const f of linguaFiles) every.push(...lines(`${lingua}/${f}`));
  assertSame(every, DEFAULT_NORMALIZER, 'lingua');
  const strided = every.filter((_, i) => i % 7 === 0);
  for (const o of combinations('space')) assertSame(strided, o, 'lingua (every 7th line)');
});

test('Lingua sentences without spaces between words: Intl.Segmenter with each language\'s locale', () => {
  for (const lang of ['zh', 'ja', 'th', 'ko']) {
    const text = lines(`${lingua}/${lang}.txt`);
    assertSame(text, { ...DEFAULT_NORMALIZER, segmenter: 'intl', locale: lang }, lang);
    const sample = text.filter((_, i) => i % 25 === 0);
    for (const o of combinations('intl', lang)) assertSame(sample, o, lang);
  }
});

/** Adversarial strings: everything where a per-character shortcut could disagree with the whole-string steps. */
function adversarial(): string[] {
  const out: string[] = [];
  const fromCp = (a: number, b: number) => {
    let s = '';
    for (let c = a; c < b; c++) s += String.fromCodePoint(c);
    return s;
  };
  // Every BMP code unit (lone surrogates included), in runs of 48 consecutive code points
  // and, offset by half a run, with letters and spaces around.
  for (let c = 0; c < 0x10000; c += 48) out.push(fromCp(c, Math.min(c + 48, 0x10000)));
  for (let c = 24; c < 0x10000; c += 48) out.push(`Ab ${fromCp(c, Math.min(c + 48, 0x10000))} Σ`);
  // Astral: the supplementary planes with letters, digits, symbols and new scripts in full,
  // then a stride over the rest of the code space.
  for (let c = 0x10000; c < 0x20000; c += 64) out.push(fromCp(c, c + 64));
  for (let c = 0x20000; c < 0x110000; c += 4099) out.push(fromCp(c, Math.min(c + 16, 0x110000)));
  // Every Unicode space, line break and control/format character, alone and between words.
  const special: string[] = [];
  for (let c = 0; c < 0x110000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    if (/[\s\p{C}\p{Nd}]/u.test(ch) && !/\p{Cn}|\p{Co}/u.test(ch)) special.push(ch);
  }
  special.push('\ud800', '\udc00', '\udbff', '\udfff');
  for (const ch of special) out.push(ch, ` ${ch} `, `x${ch}y`, `${ch}${ch}ab${ch}`, `Ó${ch}\u0301`);
  // Final sigma and other special casing: ΣΑΣ, Σ after combining marks, İ, ẞ, Ǆ, ŉ, ﬃ, Turkish I.
  out.push(
    'ΣΑΣ', 'ΟΔΥΣΣΕΥΣ', 'Σ', ' Σ ', 'ΑΣ.', 'ΑΣ\u0301', 'Α\u0301Σ', 'ΑΣ\u200bΒ', 'A Σ b', 'ΑΣ1', 'ΑΣ\u00adΑ', 'ΌΣΟΣ ΣΑΣ',
    'İstanbul', 'İ\u0307', 'I\u0307', 'ẞ STRASSE', 'ǄǅǆDž', 'ŉ', 'ﬃ', 'İİ', 'ΐ', 'Ω K Å',
    'a\u0301', 'o\u0301\u0328', 'o\u0328\u0301', 'e\u0302\u0323', 'e\u0323\u0302', '\u0301a', ' \u0301 ',
    '가\u11a8', '\u1100\u1161\u11a8', '\u1100 \u1161', '\u0b47\u0b3e', '\u0b47\u200b\u0b3e', 'ｶﾞ', 'か\u3099', 'Å',
    '\u212b', '\u2126', '\uf900', '\u0344', '\u0f73', '\u1e9b\u0323', 'q\u0307\u0323', 'a\u0315\u0300\u05ae\u0300b',
    ' ', '  ', ' a', 'a ', 'a  b', ' A1 ', 'A1', '1 ', 'é ', ' é', 'é  é', 'É1', ' É 9 ', 'ß\u00a0', '«x»',
    '🇵🇱 ❤️ 👍🏽 👨‍👩‍👧', '𝟘𝟙𝟚 𐐀𐐨 𝐀', '１２３ ５ ٣ ߀', '—…„”«»', ' \u00a0\u2003\u3000 ', '\t\n\r\v\f', '',
  );
  // Random mixtures from an alphabet of the characters above plus ordinary letters.
  const alphabet = [
    ...'aAzZ óÓłŁßẞΣσςΑάİıIiЁёЙй中文かカ가ㄱ0٣５',
    '\u0301', '\u0307', '\u0328', '\u0345', '\u3099', '\u1161', '\u11a8', '\u0b3e', '\u200b', '\u200d', '\ufe0f', '\u00ad',
    '\u00a0', '\u2003', '\u3000', '\t', '\n', '\u2028', '\u0007', '\ud83d', '\ude00', '\ud800', '😀', '𝟘',
    ...Object.keys(UNICODE_PUNCT),
  ];
  const rnd = random(20261126);
  for (let k = 0; k < 6000; k++) {
    let s = '';
    const len = 1 + Math.floor(rnd() * 12);
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    out.push(s);
  }
  // Text below U+0300 only (which skips NFC), including İ (lower case i + U+0307),
  // controls, Latin-1 spaces and the mapped « » ´.
  const latin = Array.from({ length: 0x300 }, (_, c) => String.fromCharCode(c));
  latin.push(' ', ' ', ' ', 'İ', 'İ', '0', '7');
  // Every other one from Latin-1 only (the path that lower-cases natively).
  const latin1 = [...latin.slice(0, 0x100), ' ', ' ', ' ', 'a', 'B', '0'];
  for (let k = 0; k < 6000; k++) {
    const from = k % 2 === 0 ? latin : latin1;
    let s = '';
    const len = 1 + Math.floor(rnd() * 10);
    for (let j = 0; j < len; j++) s += from[Math.floor(rnd() * from.length)];
    out.push(s);
  }
  return out;
}

test('adversarial strings: all code points, Σ/İ, combining sequences, spaces and controls, every combination', () => {
  const inputs = adversarial();
  for (const o of combinations('space')) assertSame(inputs, o, 'adversarial');
  const sample = inputs.filter((_, i) => i % 10 === 0);
  for (const o of combinations('intl', 'ja')) assertSame(sample, o, 'adversarial');
});

test('composition: every canonical decomposition and pairs of non-starters are composed and reordered as before', () => {
  // The single pass skips NFC for text whose characters composition cannot touch; these
  // inputs are exactly what NFC changes: decomposed forms of every composite (BMP and
  // astral) and combining marks out of canonical order.
  const inputs: string[] = [];
  for (let c = 0xc0; c < 0x110000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    const d = ch.normalize('NFD');
    if (d !== ch) inputs.push(d, `Жd${d}ж`);
  }
  const partners = ['\u0301', '\u0316', '\u0334', '\u0345', '\u05b0', '\u093c', '\u0f71', '\u3099'];
  for (let c = 0x300; c < 0x10000; c++) {
    const m = String.fromCharCode(c);
    if (!/\p{M}/u.test(m)) continue;
    for (const p of partners) inputs.push(`ж${m}${p}`, `ж${p}${m}`);
  }
  assert.ok(inputs.length > 20000);
  for (const o of [DEFAULT_NORMALIZER, { ...DEFAULT_NORMALIZER, lowercase: false, punctuation: 'keep' as const }]) assertSame(inputs, o, 'composition');
});

test('no astral composite has a BMP second part (the runtime only lists BMP decompositions)', () => {
  const bmpSeconds = new Set<number>();
  const astralSeconds = new Set<number>();
  for (let c = 0xc0; c < 0x110000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const d = [...String.fromCodePoint(c).normalize('NFD')];
    for (const x of d.slice(1)) (c < 0x10000 ? bmpSeconds : astralSeconds).add(x.codePointAt(0)!);
  }
  const missing = [...astralSeconds].filter((x) => x < 0x10000 && !bmpSeconds.has(x));
  assert.deepEqual(missing, []);
});

test('text below U+0300 is already composed, the premise for skipping NFC on it', () => {
  // Composition works on a starter and the following character, so all pairs settle it.
  const chars = Array.from({ length: 0x300 }, (_, c) => String.fromCharCode(c));
  let changed = 0;
  for (const a of chars) for (const b of chars) if ((a + b).normalize('NFC') !== a + b) changed++;
  assert.equal(changed, 0);
});

test('the comparison can fail: a deliberately different normaliser is caught', () => {
  // Guards the harness itself: toLowerCase per code point differs from the reference on Σ.
  const perChar = (s: string) => [...s].map((c) => c.toLowerCase()).join('');
  assert.notEqual(perChar('ΑΣ'), referenceNormalize('ΑΣ', DEFAULT_NORMALIZER));
  assert.equal(normalizeForLm('ΑΣ'), referenceNormalize('ΑΣ', DEFAULT_NORMALIZER));
});
