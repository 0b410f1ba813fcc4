/**
 * `runPipeline` with the work split as it runs at scale: undecoded lines go to real worker
 * threads, which parse, score, decide and serialise. Checked against the reader that parses
 * on the main thread (same rejects, same lines) and against scoring in the calling thread
 * (same bytes).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { runPipeline, type RunOptions } from '../../src/pipeline/run.js';
import { readDocuments } from '../../src/io/reader.js';
import { SitoError } from '../../src/errors.js';
import type { FilterCriteria } from '../../src/pipeline/decision.js';
import { collect, makeRecords } from '../io/corpus.js';
import { sharedPath, tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
let input: string;

before(() => {
  ({ dir, cleanup } = tempDir());
  const english = readFileSync(sharedPath('mt', 'pl-nmt.jsonl'), 'utf8')
    .split('\n', 200)
    .map((l) => (JSON.parse(l) as { en: string }).en)
    .filter((t) => t.split(' ').length >= 12);
  const lines: Buffer[] = [];
  const polish = makeRecords(150, 1500);
  for (let i = 0; i < polish.length; i++) {
    lines.push(Buffer.from(JSON.stringify(polish[i])));
    // Written by hand: a big integer and an escape that re-serialising would change.
    lines.push(Buffer.from(`{"id": "en-${i}", "big": 12345678901234567890, "s": "\\u00e9", "text": ${JSON.stringify(english[i % english.length])}}`));
    // Every kind of unreadable line the workers must reject, spread through the batches.
    if (i % 25 === 3) lines.push(Buffer.from('{"id": "broken", "text": '));
    if (i % 25 === 7) lines.push(Buffer.concat([Buffer.from('{"text": "z\u0142e '), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    if (i % 25 === 11) lines.push(Buffer.from('{"text": "   "}'));
    if (i % 25 === 13) lines.push(Buffer.from('{"text": 42}'));
    if (i % 25 === 17) lines.push(Buffer.from('["not", "an", "object"]'));
    if (i % 25 === 19) lines.push(Buffer.from('   '), Buffer.from('\u00a0'));
  }
  input = join(dir, 'mixed.jsonl.gz');
  writeFileSync(input, gzipSync(Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]))));
});
after(() => cleanup());

const lidOnly = { languages: [], lidOnly: true };
const quiet = { progress: false, log: () => {} };

function keepPolish(): FilterCriteria {
  return { langs: new Set(['pl']), minLangScore: new Map(), defaultMinLangScore: 0.5, maxMt: new Map() };
}

function run(name: string, options: Partial<RunOptions>) {
  const out = join(dir, `${name}.jsonl`);
  const rejected = join(dir, `${name}.rejected.jsonl`);
  const stats = join(dir, `${name}.stats.json`);
  return runPipeline({ inputs: [input], spec: lidOnly, output: out, rejected, stats, ...quiet, ...options }).then((summary) => ({
    summary,
    out: readFileSync(out, 'utf8'),
    rejected: readFileSync(rejected, 'utf8'),
    stats: JSON.parse(readFileSync(stats, 'utf8')),
  }));
}

test('workers reject exactly what the main-thread reader rejects, at the same lines, and keep the rest in order', async () => {
  const expected = await collect(readDocuments([input]));
  const { summary, out, rejected } = await run('tag', { workers: 2 });
  const rejects = rejected.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(
    rejects.map((r) => [r.reason, r.line]),
    expected.rejects.map((r) => [r.reason, r.source.line]),
  );
  assert.ok(expected.rejects.length >= 30);
  const kept = out.trim().split('\n');
  assert.deepEqual(kept.map((l) => JSON.parse(l).id), expected.docs.map((d) => d.record.id));
  // The user's bytes are kept: a big integer survives as written, the tags are appended.
  const english = kept.find((l) => l.includes('"en-0"'))!;
  assert.ok(english.startsWith('{"id": "en-0", "big": 12345678901234567890, "s": "\\u00e9", "text": '), english.slice(0, 80));
  assert.match(english, /,"sito":\{"lang":"en",/);
  assert.equal(summary.read, expected.docs.length + expected.rejects.length);
  assert.equal(summary.kept, expected.docs.length);
  assert.equal(summary.rejected, expected.rejects.length);
  assert.equal(summary.reasons['invalid-utf8'], 6);
});

test('two workers write the same bytes as scoring in the calling thread: output, rejects, stats', async () => {
  const inThread = await run('filter0', { workers: 0, criteria: keepPolish() });
  const pooled = await run('filter2', { workers: 2, criteria: keepPolish() });
  assert.equal(pooled.out, inThread.out);
  assert.equal(pooled.rejected, inThread.rejected);
  assert.deepEqual(pooled.stats, inThread.stats);
  assert.equal(pooled.out.trim().split('\n').length, 150);
  const drops = pooled.rejected.trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.reason.startsWith('lang:'));
  assert.equal(drops.length, 150);
  // A dropped document carries its record and tags.
  assert.equal(drops[0].record.sito.lang, 'en');
  assert.equal(pooled.stats.languages.pl.kept, 150);
  assert.equal(pooled.stats.languages.en.dropped, 150);
});

test('--split-by-lang from workers: one file per language, in input order', async () => {
  const split = join(dir, 'split');
  const summary = await runPipeline({ inputs: [input], spec: lidOnly, workers: 2, splitByLang: split, ...quiet });
  assert.deepEqual(readdirSync(split).sort(), ['en.jsonl', 'pl.jsonl']);
  const pl = readFileSync(join(split, 'pl.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
  assert.deepEqual(pl, Array.from({ length: 150 }, (_, i) => `doc-${i}`));
  assert.equal(summary.kept, 300);
});

test('strict mode stops at the first unreadable line found by a worker, with its file and line', async () => {
  const expected = await collect(readDocuments([input]));
  const first = expected.rejects[0]!;
  await assert.rejects(
    runPipeline({ inputs: [input], spec: lidOnly, workers: 2, output: join(dir, 'strict.jsonl'), read: { strict: true }, ...quiet }),
    (err: unknown) => err instanceof SitoError && err.message === first.reason && err.toString().includes(`:${first.source.line}`),
  );
  assert.ok(!readdirSync(dir).some((f) => f.startsWith('strict')), 'no output appears');
});
