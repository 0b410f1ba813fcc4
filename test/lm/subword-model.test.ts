/**
 * Subword LMs end to end: `sito lm subword` → `sito lm train` on the pieces → `sito lm build
 * --tokenizer`; the model carries its tokenizer, rebuilding is byte-identical, the id fast path
 * scores exactly what KenLM's query scores on the piece text, accent stripping per cached word
 * equals stripping whole lines, and version-2 (word) models still load.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath, sharedPath, sitoBin, tempDir } from '../helpers.js';
import { loadBinaryLanguageModel, languageModelFromBuffer } from '../../src/lm/load.js';
import { normalizeForLm, resolveNormalizerOptions, stripAccents } from '../../src/lm/normalize.js';
import { scoreDocument } from '../../src/lm/document.js';
import { FORMAT_VERSION, formatVersionOf } from '../../src/lm/binary-format.js';

let dir: string;
let cleanup: () => void;
const strip = resolveNormalizerOptions({ accents: 'strip' });

function sito(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [sitoBin, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

/** The build recipe of scripts/build-models.sh on a small text, in its own directory. */
function buildSubwordModel(name: string): string {
  const out = join(dir, name);
  mkdirSync(out);
  const text = join(dir, 'train.txt');
  sito(['lm', 'subword', '--text', text, '--normalize', JSON.stringify(strip), '--vocab', '1500', '--tokenizer', join(out, 'pl.sbpe'), '--pieces', join(out, 'pl.pieces')]);
  sito(['lm', 'train', '-o', '4', '--prune', '0', '1', '2', '--skip_symbols', '-S', '100M', '-T', out, '--text', join(out, 'pl.pieces'), '--arpa', join(out, 'pl.arpa')]);
  sito(['lm', 'build', join(out, 'pl.arpa'), join(out, 'pl.sitolm'), '--quantize', '8', '--normalizer', JSON.stringify(strip), '--tokenizer', join(out, 'pl.sbpe')]);
  return join(out, 'pl.sitolm');
}

let modelPath: string;
before(() => {
  ({ dir, cleanup } = tempDir());
  const lines = readFileSync(sharedPath('kenlm', 'data', 'train.pl.txt'), 'utf8').split('\n').slice(0, 4000);
  writeFileSync(join(dir, 'train.txt'), `${lines.join('\n')}\n`);
  modelPath = buildSubwordModel('a');
});
after(() => cleanup());

const heldOut = () => readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8').split('\n').filter(Boolean).slice(0, 300);

test('the model carries its tokenizer; rebuilding gives byte-identical files', () => {
  const model = loadBinaryLanguageModel(modelPath);
  assert.deepEqual(model.header.tokenizer, { kind: 'bpe', pieces: 1500 });
  assert.equal(model.normalizer?.accents, 'strip');
  assert.deepEqual(model.tokenizer!.toBytes(), new Uint8Array(readFileSync(join(dir, 'a', 'pl.sbpe'))));
  assert.equal(formatVersionOf(model.buffer), FORMAT_VERSION);
  // The pieces of the training text are all model tokens (unigrams are never pruned).
  const used = new Set(readFileSync(join(dir, 'a', 'pl.pieces'), 'utf8').split(/\s+/).filter(Boolean));
  assert.ok(used.size > 1000);
  for (const p of used) assert.notEqual(model.wordId(p), 0, p);
  const again = buildSubwordModel('b');
  assert.deepEqual(readFileSync(again), readFileSync(modelPath));
  assert.deepEqual(readFileSync(join(dir, 'b', 'pl.sbpe')), readFileSync(join(dir, 'a', 'pl.sbpe')));
  const info = sito(['lm', 'info', modelPath]).stdout;
  assert.match(info, /tokens: +subword pieces \(BPE, 1500 pieces/);
});

test('the id fast path gives the log10 of scoring the piece text, on real text', () => {
  const model = loadBinaryLanguageModel(modelPath);
  let pieces = 0;
  let words = 0;
  for (const raw of heldOut()) {
    const line = normalizeForLm(raw, strip);
    const text = model.tokenLine(line);
    const reference = model.scoreLine(text);
    const fast = model.scoreText(line);
    assert.deepEqual(fast, reference, raw);
    pieces += fast.tokens;
    words += line === '' ? 0 : line.split(' ').length;
  }
  // Pieces really are sub-words here: more of them than words (+ one </s> a line).
  assert.ok(pieces > words * 1.3, `${pieces} pieces for ${words} words`);
  // A fresh model object (cold cache, as in a new worker) scores the same.
  const fresh = languageModelFromBuffer(model.buffer);
  for (const raw of heldOut().slice(0, 20)) assert.deepEqual(fresh.scoreText(normalizeForLm(raw, strip)), model.scoreText(normalizeForLm(raw, strip)));
});

test('stripping accents per cached word equals normalising whole lines with stripping', () => {
  const model = loadBinaryLanguageModel(modelPath);
  const kept = model.lineNormalizer(strip);
  assert.equal(kept.accents, 'keep');
  const samples = ['pl', 'de', 'fr', 'cs', 'ru', 'uk', 'pt'].flatMap((code) => {
    try {
      return readFileSync(repoPath('models', 'lm', 'eval', `${code}.txt`), 'utf8').split('\n').filter(Boolean).slice(0, 150);
    } catch {
      return [];
    }
  });
  assert.ok(samples.length > 300);
  for (const raw of [...heldOut(), ...samples, 'Żółć e\u0301 a \u0301b \u0301 Ёлка йод']) {
    const whole = normalizeForLm(raw, strip);
    const perWord = normalizeForLm(raw, kept).split(' ').map(stripAccents).filter((w) => w !== '').join(' ');
    assert.equal(perWord, whole, raw);
    assert.deepEqual(model.scoreText(normalizeForLm(raw, kept)), model.scoreText(whole), raw);
  }
  const doc = 'Zażółć gęślą jaźń.\n\nPo prostu tekst';
  const a = scoreDocument(model, doc, (l) => normalizeForLm(l, kept));
  const b = scoreDocument(model, doc, (l) => normalizeForLm(l, strip));
  assert.deepEqual(a, b);
  assert.equal(a.lines, 2);
});

test('sito lm query prints the pieces of a subword model', () => {
  const out = sito(['lm', 'query', modelPath, '-v', 'word'], 'w przeciwieństwie do\n').stdout;
  assert.match(out, /^▁w=\d+ \d -[\d.]+\t/);
  assert.match(out, /<\/s>=\d+/);
  const model = loadBinaryLanguageModel(modelPath);
  const pieces = out.split('\t').filter((t) => t.includes('=')).map((t) => t.slice(0, t.lastIndexOf('=')));
  assert.deepEqual(pieces, [...model.tokenLine('w przeciwienstwie do').split(' '), '</s>']);
});

test('a version-2 model (word tokens) still loads; an unknown version is refused', () => {
  const word = join(dir, 'word.sitolm');
  sito(['lm', 'build', sharedPath('kenlm', 'models', 'pl.o3.prune011.arpa.gz'), word, '--quantize', '8']);
  const bytes = new Uint8Array(readFileSync(word));
  const current = loadBinaryLanguageModel(word);
  assert.equal(current.header.tokenizer, null);
  // Version 3 only added the optional tokenizer: a word model is a version-2 file but for the number.
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(8, 2, true);
  writeFileSync(join(dir, 'v2.sitolm'), bytes);
  const old = loadBinaryLanguageModel(join(dir, 'v2.sitolm'));
  assert.equal(old.tokenizer, null);
  for (const raw of heldOut().slice(0, 50)) {
    const line = normalizeForLm(raw);
    assert.deepEqual(old.scoreText(line), current.scoreLine(line));
  }
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(8, FORMAT_VERSION + 1, true);
  writeFileSync(join(dir, 'v9.sitolm'), bytes);
  assert.throws(() => loadBinaryLanguageModel(join(dir, 'v9.sitolm')), /format version \d+ is not supported/);
});

test('the word cache empties itself when full and still scores the same; an over-long word is one <unk>', () => {
  const model = loadBinaryLanguageModel(modelPath);
  const line = normalizeForLm(heldOut()[0]!, strip);
  const before = model.scoreText(line);
  // More distinct words than the cache holds (65,536), in lines of 100 words.
  const words: string[] = [];
  for (let i = 0; i < 70_000; i++) words.push(`k${i.toString(36)}a`);
  for (let i = 0; i < words.length; i += 100) model.scoreText(words.slice(i, i + 100).join(' '));
  assert.deepEqual(model.scoreText(line), before);
  assert.deepEqual(model.scoreText(`${line} ${words[5]}`), model.scoreLine(model.tokenLine(`${line} ${words[5]}`)));
  const blob = 'x'.repeat(5000);
  assert.deepEqual(Array.from(model.wordPieceIds(blob)), [0]);
  const s = model.scoreText(`ala ${blob} ma`);
  assert.equal(s.oov, 1);
  assert.deepEqual(s, model.scoreLine(model.tokenLine(`ala ${blob} ma`)));
});

test('8-bit tables mark dead ends (bit 15) and skipping them changes no score', () => {
  const model = loadBinaryLanguageModel(modelPath);
  const h = model.header;
  const copy = new ArrayBuffer(model.buffer.byteLength);
  new Uint8Array(copy).set(new Uint8Array(model.buffer));
  let marked = 0;
  for (const t of h.tables) {
    if (t.order === h.order) continue;
    const s = h.sections[`${t.order}.table`]!;
    const table = new Int32Array(copy, s.offset, s.length);
    for (let e = 0; e < t.capacity; e++) {
      if ((table[e * t.stride + 2]! & 0x8000) !== 0) marked++;
      table[e * t.stride + 2] = table[e * t.stride + 2]! & ~0x8000;
    }
  }
  assert.ok(marked > 1000, `${marked} dead ends marked`);
  const unmarked = languageModelFromBuffer(copy);
  for (const raw of heldOut()) {
    const line = normalizeForLm(raw, strip);
    assert.deepEqual(model.scoreText(line), unmarked.scoreText(line), raw);
  }
});
