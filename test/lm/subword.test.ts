import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../helpers.js';
import { normalizeForLm } from '../../src/lm/normalize.js';
import { SubwordTokenizer, countWords, WORD_START, UNKNOWN_PIECE } from '../../src/lm/subword.js';
import { SitoError } from '../../src/errors.js';

const lines = readFileSync(sharedPath('kenlm', 'data', 'train.pl.txt'), 'utf8').split('\n').slice(0, 3000).map((l) => normalizeForLm(l)).filter((l) => l !== '');
const counts = countWords(lines);

/**
 * Textbook BPE: recount every pair of every word before each merge. Slow, obviously right;
 * the incremental trainer must learn exactly the same merges and segment words the same way.
 */
function referenceBpe(wordCounts: Map<string, number>, vocabSize: number): { pieces: string[]; segmentation: Map<string, string[]> } {
  const chars = new Set<string>();
  for (const w of wordCounts.keys()) for (const c of w) chars.add(c);
  chars.delete(WORD_START);
  const base = [WORD_START, ...[...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!)];
  const pieces = [UNKNOWN_PIECE, ...base];
  const id = new Map(pieces.map((p, i) => [p, i]));
  const words = [...wordCounts].map(([w, n]) => ({ w, n, seq: [WORD_START, ...w].map((p) => id.get(p)!) }));
  while (pieces.length < vocabSize) {
    const pairs = new Map<string, number>();
    for (const { n, seq } of words) for (let i = 0; i + 1 < seq.length; i++) pairs.set(`${seq[i]},${seq[i + 1]}`, (pairs.get(`${seq[i]},${seq[i + 1]}`) ?? 0) + n);
    let best: [number, number] | undefined;
    let bestCount = 1;
    for (const [k, n] of pairs) {
      const [a, b] = k.split(',').map(Number);
      if (n > bestCount || (n === bestCount && best && (a < best[0] || (a === best[0] && b < best[1])))) {
        best = [a, b];
        bestCount = n;
      }
    }
    if (!best) break;
    const merged = pieces.length;
    pieces.push(pieces[best[0]] + pieces[best[1]]);
    for (const word of words) {
      const out: number[] = [];
      for (let i = 0; i < word.seq.length; i++) {
        if (i + 1 < word.seq.length && word.seq[i] === best[0] && word.seq[i + 1] === best[1]) {
          out.push(merged);
          i++;
        } else out.push(word.seq[i]);
      }
      word.seq = out;
    }
  }
  return { pieces, segmentation: new Map(words.map(({ w, seq }) => [w, seq.map((i) => pieces[i])])) };
}

test('the incremental trainer learns the textbook merges and encodes training words as training segmented them', () => {
  const vocab = 300;
  const sample = countWords(lines.slice(0, 1200));
  const reference = referenceBpe(sample, vocab);
  const tok = SubwordTokenizer.train(sample, { vocabSize: vocab });
  assert.equal(tok.size, vocab);
  assert.deepEqual(tok.pieces, reference.pieces);
  let checked = 0;
  for (const [word, expected] of reference.segmentation) {
    assert.deepEqual(tok.encodeWord(word).split(' '), expected, word);
    checked++;
  }
  assert.ok(checked > 500, `${checked} words`);
});

test('pieces spell the word with the marker on the first piece; unseen characters are one <unk>', () => {
  const tok = SubwordTokenizer.train(counts, { vocabSize: 2000 });
  for (const word of ['zażółć', 'nieprzewidywalności', 'konstantynopolitańczykowianeczka', 'x']) {
    const pieces = tok.encodeWord(word).split(' ');
    assert.ok(pieces[0].startsWith(WORD_START));
    assert.ok(pieces.slice(1).every((p) => !p.startsWith(WORD_START) && p !== ''));
    assert.equal(pieces.join(''), WORD_START + word);
  }
  // Frequent words are one piece.
  assert.equal(tok.encodeWord('nie'), `${WORD_START}nie`);
  // CJK never occurs in the Polish sample: a run of unseen characters is one <unk>.
  assert.equal(tok.encodeWord('東京'), UNKNOWN_PIECE);
  const mixed = tok.encodeWord('ab東京cd').split(' ');
  assert.equal(mixed.filter((p) => p === UNKNOWN_PIECE).length, 1);
  assert.equal(mixed.join('').replace(UNKNOWN_PIECE, '東京'), `${WORD_START}ab東京cd`);
  assert.equal(tok.encodeLine('ala ma kota'), ['ala', 'ma', 'kota'].map((w) => tok.encodeWord(w)).join(' '));
  assert.equal(tok.encodeLine(''), '');
});

test('training is deterministic and independent of the order of the word counts', () => {
  const a = SubwordTokenizer.train(counts, { vocabSize: 1500 });
  const b = SubwordTokenizer.train([...counts].reverse(), { vocabSize: 1500 });
  assert.deepEqual(Buffer.from(a.toBytes()), Buffer.from(b.toBytes()));
});

test('merging stops at the minimum pair count, below the requested size', () => {
  const tiny = SubwordTokenizer.train([['abab', 3], ['abc', 1]], { vocabSize: 100 });
  // <unk> ▁ a b c, then ab (7), ▁ab (4), ▁abab (3); "▁ab c" is seen once and is not merged.
  assert.equal(tiny.size, 8);
  assert.equal(tiny.encodeWord('abc'), `${WORD_START}ab c`);
  assert.equal(tiny.encodeWord('abab'), `${WORD_START}abab`);
  assert.throws(() => SubwordTokenizer.train(counts, { vocabSize: 1 }), SitoError);
});

test('the byte form round-trips, is compact, and corrupt data is refused with a SitoError', () => {
  const tok = SubwordTokenizer.train(counts, { vocabSize: 3000 });
  const bytes = tok.toBytes();
  assert.ok(bytes.length < 5 * tok.size, `${bytes.length} bytes for ${tok.size} pieces`);
  const back = SubwordTokenizer.fromBytes(bytes);
  assert.deepEqual(back.pieces, tok.pieces);
  for (const line of lines.slice(0, 200)) assert.equal(back.encodeLine(line), tok.encodeLine(line));
  assert.throws(() => SubwordTokenizer.fromBytes(bytes.subarray(0, bytes.length - 1)), SitoError);
  assert.throws(() => SubwordTokenizer.fromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), SitoError);
  const extra = new Uint8Array(bytes.length + 1);
  extra.set(bytes);
  assert.throws(() => SubwordTokenizer.fromBytes(extra), SitoError);
});
