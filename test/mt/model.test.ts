import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MtModel, quantize } from '../../src/mt/model.js';
import { fitCalibration } from '../../src/mt/train.js';
import { SitoError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';
import { documentsOf, fixture, trainTinyModel } from './tiny-model.js';

function tinyModel(): MtModel {
  return trainTinyModel().model;
}

test('a model file round-trips: same header, same scores', () => {
  const model = tinyModel();
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'pl.sitomt');
    model.save(path);
    const loaded = MtModel.load(path);
    assert.deepEqual(loaded.header, model.header);
    for (const r of fixture('es-sample.jsonl').slice(0, 10)) {
      assert.deepEqual(loaded.scoreDocument(r.text), model.scoreDocument(r.text));
    }
    const s = loaded.scoreDocument('To jest zdanie.\nA to drugie zdanie, dłuższe od pierwszego.');
    assert.ok(s.prob > 0 && s.prob < 1);
    assert.equal(s.words, 10);
  } finally {
    cleanup();
  }
});

test('a damaged or foreign file is a SitoError naming the file', () => {
  const { dir, cleanup } = tempDir();
  try {
    const notGzip = join(dir, 'a.sitomt');
    writeFileSync(notGzip, 'hello');
    assert.throws(() => MtModel.load(notGzip), (e: unknown) => e instanceof SitoError && e.file === notGzip);
    const badMagic = join(dir, 'b.sitomt');
    writeFileSync(badMagic, gzipSync(Buffer.from('NOTAMODEL and more bytes')));
    assert.throws(() => MtModel.load(badMagic), /bad magic/);
    const truncated = join(dir, 'c.sitomt');
    const raw = tinyModel().toBuffer();
    writeFileSync(truncated, gzipSync(gunzipSync(raw).subarray(0, 5000)));
    assert.throws(() => MtModel.load(truncated), SitoError);
  } finally {
    cleanup();
  }
});

test('quantisation keeps small weights (clips the largest instead)', () => {
  const w = new Float32Array(10000).map((_, i) => (i % 2 ? 1 : -1) * 0.001 * (i % 100));
  w[0] = 50; // one outlier must not flatten the rest to zero
  const { weights, scale } = quantize(w);
  let nonzero = 0;
  for (let i = 1; i < w.length; i++) if (weights[i] !== 0) nonzero++;
  assert.ok(nonzero > 9000, `only ${nonzero} weights survived`);
  assert.equal(weights[0], 127);
  assert.ok(Math.abs(weights[2]! * scale - w[2]!) < scale);
});

test('calibration fit separates classes and is monotone in the score', () => {
  const pts = [];
  for (let i = 0; i < 200; i++) pts.push({ z: (i % 2 ? 1 : -1) + Math.sin(i), words: 20 + (i % 50), y: i % 2 });
  const c = fitCalibration(pts);
  const p = (z: number) => 1 / (1 + Math.exp(-(c.a * z + c.b * z * Math.log1p(30) + c.c)));
  assert.ok(p(2) > 0.8 && p(-2) < 0.2);
  assert.ok(p(0.5) > p(0));
});

test('calibration stays finite and monotone on a nearly separable dev set', () => {
  // Nearly separable with long documents: a full Newton step used to overshoot to huge slopes.
  const pts = [];
  for (let i = 0; i < 300; i++) {
    const y = i % 2;
    pts.push({ z: (y ? 0.4 : -0.4) + 0.05 * Math.sin(i) + (i === 7 ? 1 : 0), words: 50 + 20 * (i % 17), y });
  }
  const c = fitCalibration(pts);
  for (const v of [c.a, c.b, c.c]) assert.ok(Number.isFinite(v) && Math.abs(v) < 1e3, JSON.stringify(c));
  assert.ok(c.a >= 0 && c.b >= 0);
});

test('each threshold-only set holds the threshold to its own 5 % and is reported by name', () => {
  const base = trainTinyModel();
  // Text that scores like MT but is declared held-out human text: the threshold must rise above it.
  const hard = documentsOf('mt', 'native');
  const easy = documentsOf('human', 'native');
  const tuned = trainTinyModel({}, [{ name: 'easy', documents: easy }, { name: 'hard', documents: hard }]);
  assert.ok(hard.length >= 20);
  assert.ok(tuned.model.header.threshold > base.model.header.threshold, `${tuned.model.header.threshold} vs ${base.model.header.threshold}`);
  const sets = tuned.report.threshold_sets as { name: string; documents: number; fpr_documents: number; fpr_paragraphs: number }[];
  assert.deepEqual(sets.map((s) => s.name), ['easy', 'hard']);
  assert.equal(sets[1]!.documents, hard.length);
  const capped = tuned.model.header.threshold === 0.999;
  assert.ok(capped || (sets[1]!.fpr_documents <= 0.05 && sets[1]!.fpr_paragraphs <= 0.05), JSON.stringify(sets));
  const above = hard.filter((d) => tuned.model.scoreDocument(d.text).prob >= tuned.model.header.threshold).length;
  assert.ok(Math.abs(above / hard.length - sets[1]!.fpr_documents) < 1e-4);
});
