import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath, sharedPath, sitoBin, tempDir } from '../helpers.js';
import { writeMtSection } from '../../src/mt/profile-section.js';

const sito = (...args: string[]) => spawnSync(process.execPath, [sitoBin, ...args], { encoding: 'utf8' });

test('sito mt eval --json prints ROC-AUC, PR-AUC with intervals and FPR at the threshold', () => {
  const r = sito('mt', 'eval', '--lang', 'pl', repoPath('test', 'mt', 'fixtures', 'pl-sample.jsonl'), '--json', '--bootstrap', '200');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  for (const k of ['roc_auc', 'pr_auc', 'fpr_at_threshold', 'f1_at_threshold', 'fpr_at_90_recall', 'threshold']) assert.equal(typeof j[k], 'number', k);
  assert.equal(j.n, 60);
  const [lo, hi] = j.roc_auc_ci as number[];
  assert.ok(lo! <= (j.roc_auc as number) && (j.roc_auc as number) <= hi!);
  assert.ok(Array.isArray(j.by_length));
  // Same seed, same numbers; the text report says the same ROC-AUC.
  assert.equal(sito('mt', 'eval', '--lang', 'pl', repoPath('test', 'mt', 'fixtures', 'pl-sample.jsonl'), '--json', '--bootstrap', '200').stdout, r.stdout);
  const text = sito('mt', 'eval', '--lang', 'pl', repoPath('test', 'mt', 'fixtures', 'pl-sample.jsonl'), '--bootstrap', '50');
  assert.match(text.stdout, new RegExp(`ROC-AUC ${(j.roc_auc as number).toFixed(3)}`));
});

test('a bad label is one line naming file and line, exit 2', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = join(dir, 'bad.jsonl');
    writeFileSync(f, '{"text":"a","label":"mt"}\n{"text":"b","label":"maybe"}\n');
    const r = sito('mt', 'eval', '--lang', 'pl', f);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: "label" must be`));
    assert.doesNotMatch(r.stderr, /at .*\.js/);
  } finally {
    cleanup();
  }
});

test('sito mt train refuses reserved documents', () => {
  const { dir, cleanup } = tempDir();
  try {
    const human = join(dir, 'h.jsonl');
    const mt = join(dir, 'm.jsonl');
    writeFileSync(human, '{"text":"Zwykły tekst napisany przez człowieka.","doc":"man:ls.1"}\n');
    writeFileSync(mt, '{"text":"Tekst maszynowy maszynowy.","doc":"man:foo.1"}\n');
    const r = sito('mt', 'train', '--lang', 'pl', '--human', human, '--mt', mt, '-o', join(dir, 'x.sitomt'), '--reserved', sharedPath('mt', 'reserved-documents.txt'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /man:ls\.1 is reserved/);
  } finally {
    cleanup();
  }
});

test('writing the mt section keeps the other sections and their order', () => {
  const { dir, cleanup } = tempDir();
  try {
    const p = join(dir, 'pl.json');
    writeFileSync(p, JSON.stringify({ code: 'pl', name: 'Polish', lid: { min_score: 0.5 }, mt: { model: 'old', threshold: 0.1 }, perplexity: { model: 'x' } }));
    writeMtSection(p, 'pl', { model: 'models/mt/pl.sitomt', threshold: 0.42 });
    const j = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j), ['code', 'name', 'lid', 'mt', 'perplexity']);
    assert.deepEqual(j.mt, { model: 'models/mt/pl.sitomt', threshold: 0.42 });
    const q = join(dir, 'es.json');
    writeMtSection(q, 'es', { model: 'm', threshold: 0.5 });
    assert.deepEqual(JSON.parse(readFileSync(q, 'utf8')), { code: 'es', name: 'Spanish', mt: { model: 'm', threshold: 0.5 } });
  } finally {
    cleanup();
  }
});

test('sito mt train --calibrate-transfer wants MODEL=FILE and a fold model like the one it trains', () => {
  const { dir, cleanup } = tempDir();
  try {
    const human = join(dir, 'h.jsonl');
    const mt = join(dir, 'm.jsonl');
    const recs = readFileSync(repoPath('test', 'mt', 'fixtures', 'pl-sample.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; label: string });
    writeFileSync(human, recs.filter((r) => r.label === 'human').map((r, i) => JSON.stringify({ text: r.text, doc: `h${i}` })).join('\n'));
    writeFileSync(mt, recs.filter((r) => r.label === 'mt').map((r, i) => JSON.stringify({ text: r.text, doc: `m${i}` })).join('\n'));
    const train = (...extra: string[]) => sito('mt', 'train', '--lang', 'pl', '--human', human, '--mt', mt, '--epochs', '1', '--buckets-log2', '12', ...extra);
    const bad = train('-o', join(dir, 'x.sitomt'), '--lm-order', '0', '--calibrate-transfer', 'no-equals-sign');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--calibrate-transfer wants MODEL=FILE/);
    // A fold model without LMs cannot calibrate a model with them (their terms would differ).
    const fold = join(dir, 'fold.sitomt');
    assert.equal(train('-o', fold, '--lm-order', '0').status, 0);
    const sample = repoPath('test', 'mt', 'fixtures', 'pl-sample.jsonl');
    const mismatch = train('-o', join(dir, 'y.sitomt'), '--lm-order', '2', '--calibrate-transfer', `${fold}=${sample}`);
    assert.equal(mismatch.status, 2);
    assert.match(mismatch.stderr, /fold\.sitomt: the fold model has no LMs/);
    const ok = train('-o', join(dir, 'z.sitomt'), '--lm-order', '0', '--calibrate-transfer', `${fold}=${sample}`);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stderr, /calibration: 60 transfer documents from 1 fold model/);
  } finally {
    cleanup();
  }
});
