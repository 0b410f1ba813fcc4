import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MtModel, quantize } from '../../src/mt/model.js';
import { fitCalibration, transferCalibrationPoints, TRANSFER_UNIT } from '../../src/mt/train.js';
import { SitoError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';
import { documentsOf, fixture, polishRecords, trainTinyModel } from './tiny-model.js';

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

test('transfer points pull the calibration toward the evidence that holds up on unseen output', () => {
  // Dev documents: the LM ratio separates the classes almost perfectly, the classifier less so.
  // Transfer documents (output of a source language the parts never saw): the LM ratio is noise
  // and only the classifier still tells MT from human, as on close-language output.
  const dev = [];
  const transfer = [];
  for (let i = 0; i < 400; i++) {
    const y = i % 2;
    const sign = y ? 1 : -1;
    dev.push({ z: sign * 0.3 + Math.sin(i), words: 20 + (i % 30), y, lm: sign * 0.8 + 0.2 * Math.cos(3 * i) });
    transfer.push({ z: sign * 0.8 + 0.6 * Math.sin(7 * i), words: 20 + (i % 30), y, lm: 0.5 * Math.cos(5 * i), unit: TRANSFER_UNIT });
  }
  const zShare = (c: ReturnType<typeof fitCalibration>) => (c.a + c.b) / (c.a + c.b + (c.d ?? 0) + (c.e ?? 0));
  const without = fitCalibration(dev);
  const withTransfer = fitCalibration([...dev, ...transfer]);
  assert.ok(zShare(withTransfer) > zShare(without) + 0.1, `${JSON.stringify(without)} vs ${JSON.stringify(withTransfer)}`);
});

test('a fold model scores transfer documents into calibration points that the trainer uses', () => {
  const fold = trainTinyModel().model;
  const docs = polishRecords().map((r) => ({ text: r.text, positive: r.label === 'mt' }));
  const points = transferCalibrationPoints(fold, [...docs, { text: '  \n', positive: true }]);
  assert.equal(points.length, docs.length); // the empty document carries no evidence
  assert.ok(points.every((p) => p.unit === TRANSFER_UNIT && p.lm === undefined && p.words > 0));
  assert.deepEqual(points.map((p) => p.y), docs.map((d) => (d.positive ? 1 : 0)));
  const plain = trainTinyModel().model.header.calibration;
  const calibrated = trainTinyModel({ transferPoints: points }).model.header.calibration;
  assert.notDeepEqual(calibrated, plain);
});
