import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LanguageModel } from '../../src/lm/model.js';
import { LmRatio, trainLmPair } from '../../src/mt/lm-evidence.js';
import { MtModel } from '../../src/mt/model.js';
import { fitCalibration, stableHash } from '../../src/mt/train.js';
import { rocAuc } from '../../src/mt/eval.js';
import { createMtScorer } from '../../src/mt/scorer.js';
import { SitoError } from '../../src/errors.js';
import { repoPath, sharedPath, tempDir } from '../helpers.js';
import { polishRecords, trainTinyModel } from './tiny-model.js';

const PL_NORMALIZER = (JSON.parse(readFileSync(repoPath('langs', 'pl.json'), 'utf8')) as { normalizer: Record<string, unknown> }).normalizer;

interface NmtRecord { id: string; source: string; mt: string; human?: string; mt_degenerate: boolean }
const nmt = (): NmtRecord[] => readFileSync(sharedPath('mt', 'pl-nmt.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as NmtRecord);

// One LM pair for the tests below: the MT side from the weak NMT system's output for half of the
// source documents, the human side from the perplexity test corpus (human Polish, never MT).
let pairPromise: Promise<{ human: ArrayBuffer; mt: ArrayBuffer }> | null = null;
const heldOut = (r: NmtRecord) => stableHash(r.source) % 2 === 1;
function pair() {
  pairPromise ??= (() => {
    const mt = nmt().filter((r) => !heldOut(r) && !r.mt_degenerate).map((r) => r.mt);
    const human = readFileSync(sharedPath('kenlm', 'data', 'train.pl.txt'), 'utf8').split('\n');
    return trainLmPair(human, mt, { order: 3, normalizer: PL_NORMALIZER });
  })();
  return pairPromise;
}

test('the human-vs-MT LM log-ratio puts unseen NMT output above human translations of the same English', async () => {
  const { human, mt } = await pair();
  const ratio = new LmRatio(new LanguageModel(human), new LanguageModel(mt), PL_NORMALIZER);
  const paired = nmt().filter((r) => heldOut(r) && r.human && !r.mt_degenerate);
  assert.ok(paired.length >= 60, `${paired.length} paired held-out records`);
  const per = (t: string) => { const s = ratio.paragraph(t); return s.diff / s.tokens; };
  const xs = paired.flatMap((r) => [{ score: per(r.mt), positive: true }, { score: per(r.human!), positive: false }]);
  // Topic is held equal (same English source), so this is the LMs reading style, not subject.
  const auc = rocAuc(xs);
  // (0.743 when written: a general human corpus against a technical MT system; chance is 0.5.)
  assert.ok(auc > 0.7, `paired ROC-AUC of the LM ratio alone ${auc.toFixed(3)}`);
  // Words neither model knows add nothing, whatever the two <unk> probabilities are.
  const s = ratio.paragraph('qqqzx wwwvk');
  assert.equal(s.tokens, 1); // only </s> is scored
});

test('a model with LMs round-trips and its calibration uses the LM ratio', async () => {
  const { human, mt } = await pair();
  const recs = polishRecords();
  const model = trainTinyModel({ lm: { human, mt, order: 3, normalizer: PL_NORMALIZER as never } }).model;
  assert.equal(model.header.lm?.humanBytes, human.byteLength);
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'pl.sitomt');
    model.save(path);
    const loaded = MtModel.load(path);
    assert.deepEqual(loaded.header, model.header);
    for (const r of recs.slice(0, 10)) assert.deepEqual(loaded.scoreDocument(r.text), model.scoreDocument(r.text));
    assert.ok(recs.some((r) => loaded.scoreDocument(r.text).lmRatio !== 0));
    // Cutting the file inside the MT LM is caught, not read as a shorter model.
    const truncated = join(dir, 'cut.sitomt');
    writeFileSync(truncated, gzipSync(gunzipSync(model.toBuffer()).subarray(0, -100)));
    assert.throws(() => MtModel.load(truncated), SitoError);
  } finally {
    cleanup();
  }
});

test('calibration keeps an informative LM ratio and drops one that points the wrong way', () => {
  const pts = [];
  for (let i = 0; i < 400; i++) {
    const y = i % 2;
    pts.push({ z: (y ? 0.5 : -0.5) + Math.sin(i), words: 10 + (i % 40), y, lm: (y ? 0.6 : -0.6) + Math.cos(3 * i) });
  }
  const good = fitCalibration(pts);
  assert.ok((good.d ?? 0) + (good.e ?? 0) > 0.1, JSON.stringify(good));
  const bad = fitCalibration(pts.map((p) => ({ ...p, lm: -p.lm! })));
  assert.equal(bad.d, 0);
  assert.equal(bad.e, 0);
  for (const c of [good, bad]) assert.ok(c.a >= 0 && c.b >= 0 && c.a + c.b > 0, JSON.stringify(c));
});

test('shipped models carry the LM pair and name lm-ratio evidence on MT', () => {
  const scorer = createMtScorer();
  for (const lang of ['pl', 'es']) {
    const m = scorer.modelFor(lang)!;
    assert.ok(m.header.lm && m.lm, `${lang} model has no LMs`);
    const recs = readFileSync(repoPath('test', 'mt', 'fixtures', `${lang}-sample.jsonl`), 'utf8').split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { text: string; label: string });
    const mean = (label: string) => { const xs = recs.filter((r) => r.label === label).map((r) => m.scoreDocument(r.text).lmRatio); return xs.reduce((a, b) => a + b, 0) / xs.length; };
    assert.ok(mean('mt') > mean('human') + 0.3, `${lang}: mean LM ratio MT ${mean('mt').toFixed(2)} vs human ${mean('human').toFixed(2)}`);
    assert.ok(recs.some((r) => r.label === 'mt' && m.scoreDocument(r.text).evidence.includes('lm-ratio')));
  }
});
