/**
 * The `.sitolm` binary: refuses other format versions and mismatched normaliser settings,
 * quantises within a small error, and is shared by worker threads without copying.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sharedPath, tempDir } from '../helpers.js';
import { buildModelFromArpa } from '../../src/lm/arpa-model.js';
import { loadLanguageModel, languageModelFromBuffer, loadBinaryLanguageModel } from '../../src/lm/load.js';
import { FORMAT_VERSION } from '../../src/lm/binary-format.js';
import { DEFAULT_NORMALIZER } from '../../src/lm/normalize.js';
import { SitoError } from '../../src/errors.js';

const arpa = sharedPath('kenlm', 'models', 'pl.o3.prune011.arpa.gz');
const lines = readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8').split('\n').slice(0, 400);

test('a binary from another format version is refused, with a message that says so', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const buffer = await buildModelFromArpa(arpa);
    new DataView(buffer).setUint32(8, FORMAT_VERSION + 1, true);
    const file = join(dir, 'future.sitolm');
    writeFileSync(file, new Uint8Array(buffer));
    assert.throws(() => loadBinaryLanguageModel(file), (err: unknown) => err instanceof SitoError
      && err.file === file && err.message.includes(`format version ${FORMAT_VERSION + 1} is not supported: this sito reads versions 2–${FORMAT_VERSION}`));
  } finally {
    cleanup();
  }
});

test('normaliser settings are recorded and a mismatch is refused', async () => {
  const withSettings = await buildModelFromArpa(arpa, { normalizer: DEFAULT_NORMALIZER });
  const lm = languageModelFromBuffer(withSettings, { expectNormalizer: { ...DEFAULT_NORMALIZER } });
  assert.deepEqual(lm.normalizer, DEFAULT_NORMALIZER);
  assert.throws(() => languageModelFromBuffer(withSettings, { expectNormalizer: { ...DEFAULT_NORMALIZER, accents: 'strip' }, name: 'pl.sitolm' }),
    /pl.sitolm|built for normaliser settings \{lowercase=true;digits=zero;punctuation=ccnet;accents=keep;segmenter=space\}, but the caller normalises with \{[^}]*accents=strip/);
  const without = await buildModelFromArpa(arpa);
  assert.throws(() => languageModelFromBuffer(without, { expectNormalizer: DEFAULT_NORMALIZER }), /records no normaliser settings/);
});

test('quantised binaries stay close to the exact scores (16 bits closer than 8)', async () => {
  const exact = languageModelFromBuffer(await buildModelFromArpa(arpa));
  const q8 = languageModelFromBuffer(await buildModelFromArpa(arpa, { quantize: 8 }));
  const q16 = languageModelFromBuffer(await buildModelFromArpa(arpa, { quantize: 16 }));
  assert.ok(q8.buffer.byteLength < exact.buffer.byteLength);
  let worst8 = 0;
  let worst16 = 0;
  for (const line of lines) {
    const e = exact.scoreLine(line);
    const tokens = e.tokens;
    worst8 = Math.max(worst8, Math.abs(q8.scoreLine(line).log10 - e.log10) / tokens);
    worst16 = Math.max(worst16, Math.abs(q16.scoreLine(line).log10 - e.log10) / tokens);
    assert.equal(q8.scoreLine(line).oov, e.oov);
  }
  assert.ok(worst8 < 0.05, `8-bit: ${worst8} log10 per token`);
  assert.ok(worst16 < 1e-3, `16-bit: ${worst16} log10 per token`);
  assert.ok(worst16 < worst8);
});

test('worker threads score with the parent\'s SharedArrayBuffer, not a copy', async () => {
  const lm = await loadLanguageModel(arpa, { shared: true });
  assert.ok(lm.buffer instanceof SharedArrayBuffer);
  const expected = lines.map((l) => lm.scoreLine(l).log10);
  const workerFile = new URL('./fixtures/score-worker.js', import.meta.url);
  const results = await Promise.all([0, 1].map(() => new Promise<{ shared: boolean; scores: number[] }>((resolve, reject) => {
    const w = new Worker(workerFile, { workerData: { buffer: lm.buffer, lines } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  for (const r of results) {
    assert.equal(r.shared, true);
    assert.deepEqual(r.scores, expected);
  }
});
