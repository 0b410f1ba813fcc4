import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { FastTextModel, fastTextHash } from '../../src/lid/fasttext.js';
import { defaultFastTextModelPath } from '../../src/lid/identifier.js';
import { loadWasmFastText } from './wasm-reference.js';
import { sharedPath } from '../helpers.js';

const modelPath = defaultFastTextModelPath();

/** A sample of real lines: a few per Lingua language and category, plus ~2 KB documents. */
function sampleLines(): string[] {
  const lines: string[] = [];
  for (const category of ['sentences', 'word-pairs', 'single-words']) {
    const dir = sharedPath('lid', 'lingua', category);
    for (const file of readdirSync(dir).sort()) {
      const all = readFileSync(`${dir}/${file}`, 'utf8').split('\n').filter(Boolean);
      const step = Math.floor(all.length / 8);
      for (let i = 0; i < 8; i++) lines.push(all[i * step]!);
    }
  }
  const polish = readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8').split('\n').filter(Boolean);
  for (let i = 0; i + 20 <= 200; i += 20) lines.push(polish.slice(i, i + 20).join(' '));
  // Edge cases of the tokenizer: empty, whitespace only, label-looking tokens, long tokens.
  lines.push('', '   \t ', '12345 67890', '__label__pl to nie jest etykieta', 'x'.repeat(3000), 'ąęś'.repeat(400));
  return lines;
}

test('fastText hash is FNV-1a over sign-extended bytes', () => {
  assert.equal(fastTextHash(new TextEncoder().encode('')), 2166136261);
  // Known values of fastText's Dictionary::hash ("a" = 0x61 has no sign issue; "ą" does).
  assert.equal(fastTextHash(new TextEncoder().encode('a')), 0xe40c292c);
  const signed = fastTextHash(new Uint8Array([0xc4, 0x85]));
  const unsigned = Math.imul(Math.imul(2166136261 ^ 0xc4, 16777619) ^ 0x85, 16777619) >>> 0;
  assert.notEqual(signed, unsigned, 'bytes ≥ 0x80 must be sign-extended before the xor');
});

test('TypeScript fastText equals the fastText WASM build on real lines', async () => {
  const ours = FastTextModel.fromFile(modelPath);
  const reference = await loadWasmFastText(modelPath);
  const lines = sampleLines();
  let compared = 0;
  for (const line of lines) {
    const expected = reference.predict(line, 3);
    const got = ours.predict(line, 3);
    assert.equal(got.length, expected.length, `number of predictions for ${JSON.stringify(line.slice(0, 60))}`);
    assert.equal(got[0]!.label, expected[0]!.label, `top label for ${JSON.stringify(line.slice(0, 60))}`);
    for (let i = 0; i < expected.length; i++) {
      // Below ~1e-3 the ranks of near-zero labels depend on float32 rounding in the reference.
      if (expected[i]!.probability < 1e-3) break;
      assert.equal(got[i]!.label, expected[i]!.label, `label ${i} for ${JSON.stringify(line.slice(0, 60))}`);
      assert.ok(Math.abs(got[i]!.probability - expected[i]!.probability) < 1e-4, `probability ${i} for ${JSON.stringify(line.slice(0, 60))}: ${got[i]!.probability} vs ${expected[i]!.probability}`);
      compared++;
    }
  }
  assert.ok(compared > lines.length, `compared ${compared} probabilities`);
});
