/**
 * Whole-pipeline agreement with KenLM's lmplz on the reference pack: same n-gram sets, header
 * counts and line order, prob/backoff within 1e-4 (in fact byte-identical files, also checked),
 * the same `Statistics:` blocks, and the same output when a tiny -S forces spilling to disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedPath, tempDir } from '../../helpers.js';
import { trainLanguageModel, type TrainOptions } from '../../../src/lm/train/pipeline.js';
import { formatG6 } from '../../../src/lm/train/discounts.js';
import { assertArpaAgrees, statisticsFromLog } from './arpa-compare.js';

const train = sharedPath('kenlm', 'data', 'train.pl.txt');
const tiny = sharedPath('kenlm', 'data', 'tiny.pl.txt');

function reference(name: string): string {
  const bytes = readFileSync(sharedPath('kenlm', 'models', name));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1');
}

async function trainToText(opts: Omit<TrainOptions, 'arpa'>): Promise<{ text: string; log: string; result: Awaited<ReturnType<typeof trainLanguageModel>> }> {
  const chunks: Buffer[] = [];
  let log = '';
  const result = await trainLanguageModel({
    ...opts,
    arpa: { write: (bytes) => void chunks.push(Buffer.from(bytes)) },
    log: (t) => (log += t),
  });
  return { text: Buffer.concat(chunks).toString('latin1'), log, result };
}

function assertStatistics(ourLog: string, lmplzLog: string): void {
  const expected = statisticsFromLog(readFileSync(sharedPath('kenlm', 'logs', lmplzLog), 'utf8'));
  const got = statisticsFromLog(ourLog);
  assert.ok(expected.counts.length > 0, 'reference log has a Statistics block');
  assert.deepEqual(got, expected);
}

const cases: { name: string; opts: Omit<TrainOptions, 'arpa'>; model: string; log: string }[] = [
  { name: 'order 3', opts: { order: 3, text: train }, model: 'pl.o3.arpa.gz', log: 'lmplz.pl.o3.log' },
  { name: 'order 5', opts: { order: 5, text: train }, model: 'pl.o5.arpa.gz', log: 'lmplz.pl.o5.log' },
  { name: 'order 3 --prune 0 1 1', opts: { order: 3, text: train, prune: [0, 1, 1] }, model: 'pl.o3.prune011.arpa.gz', log: 'lmplz.pl.o3.prune011.log' },
  { name: 'order 5 --prune 0 1 1', opts: { order: 5, text: train, prune: [0, 1, 1] }, model: 'pl.o5.prune011.arpa.gz', log: 'lmplz.pl.o5.prune011.log' },
  { name: 'tiny order 3 --discount_fallback', opts: { order: 3, text: tiny, discountFallback: true }, model: 'tiny.pl.o3.fallback.arpa', log: 'lmplz.tiny.o3.fallback.log' },
  {
    name: 'tiny order 5 --discount_fallback 0.7 1.1 1.4',
    opts: { order: 5, text: tiny, discountFallback: [0.7, 1.1, 1.4] },
    model: 'tiny.pl.o5.fallback_custom.arpa',
    log: 'lmplz.tiny.o5.fallback_custom.log',
  },
];

for (const c of cases) {
  test(`lmplz agreement: ${c.name}`, async () => {
    const { text, log } = await trainToText(c.opts);
    const ref = reference(c.model);
    assertArpaAgrees(ref, text, 1e-4);
    assertStatistics(log, c.log);
    // float32 emulation with glibc's log10f makes the files byte-identical, not just close.
    assert.ok(text === ref, 'ARPA text is byte-identical to lmplz');
  });
}

test('fallback discounts are announced with lmplz 0-based order numbers', async () => {
  const { log, result } = await trainToText({ order: 5, text: tiny, discountFallback: [0.7, 1.1, 1.4] });
  const expected = readFileSync(sharedPath('kenlm', 'logs', 'lmplz.tiny.o5.fallback_custom.log'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Substituting'));
  assert.deepEqual(log.split('\n').filter((l) => l.startsWith('Substituting')), expected);
  assert.deepEqual(result.fallbackOrders, [2, 3, 4]);
  assert.equal(formatG6(result.discounts[2][0]), '0.7');
});

test('without --discount_fallback, tiny data fails with lmplz’s explanation', async () => {
  await assert.rejects(trainToText({ order: 3, text: tiny }), (err: Error) => {
    assert.equal(err.name, 'SitoError');
    assert.match(err.message, /Could not calculate Kneser-Ney discounts for 3-grams with adjusted count 4 because we didn't observe any 3-grams with adjusted count 3/);
    assert.match(err.message, /--discount_fallback/);
    return true;
  });
});

test('a small -S spills sorted runs to -T and gives the identical ARPA', async () => {
  const tmp = tempDir('sito-lm-spill-');
  try {
    const inMemory = await trainToText({ order: 3, text: train });
    const spilled = await trainToText({ order: 3, text: train, memory: '2M', tempPrefix: tmp.dir });
    assert.equal(inMemory.result.countRuns, 0);
    assert.equal(inMemory.result.tempFiles, 0);
    assert.ok(spilled.result.countRuns >= 3, `expected several counting runs, got ${spilled.result.countRuns}`);
    assert.ok(spilled.result.tempFiles > spilled.result.countRuns, 'later stages spilled too');
    assert.equal(spilled.text, inMemory.text);
  } finally {
    tmp.cleanup();
  }
});
