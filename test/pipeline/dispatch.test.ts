import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchBatches, type DispatchItem } from '../../src/pipeline/dispatch.js';
import type { ScoringEngine } from '../../src/pipeline/engine.js';
import type { RawReadEvent } from '../../src/io/reader.js';
import type { BatchOutcome, WorkBatch } from '../../src/pipeline/work-batch.js';

/** An engine whose batches finish out of submission order, as a busy pool's can; outcomes list the line numbers. */
function shuffledEngine(): ScoringEngine & { batches: WorkBatch[] } {
  let n = 0;
  const engine = {
    workers: 2,
    batches: [] as WorkBatch[],
    score: () => Promise.reject(new Error('unused')),
    async process(batch: WorkBatch, _ctx?: unknown): Promise<BatchOutcome> {
      engine.batches.push(batch);
      await new Promise((r) => setTimeout(r, 20 - (n++ % 3) * 8));
      const bytes = new TextEncoder().encode(batch.lines.map((l) => `${l}\n`).join(''));
      return { read: batch.lines.length, kept: batch.lines.length, outputs: [{ key: '', bytes, records: batch.lines.length }], rejects: { bytes: new Uint8Array(0), slugs: [] }, unreadable: [] };
    },
    close: async () => {},
  };
  return engine;
}

async function* events(): AsyncGenerator<RawReadEvent> {
  for (let line = 1; line <= 500; line++) {
    if (line % 97 === 0) yield { kind: 'reject', rejected: { source: { file: 'a', line }, reason: 'too-large: x' } };
    else if (line === 250) yield { kind: 'warning', message: 'w' };
    else yield { kind: 'line', file: line <= 300 ? 'a' : 'b', line, bytes: new Uint8Array([0x7b, 0x7d]) };
  }
}

const ctx = { lineKind: 'jsonl' as const, fields: { textField: 'text', idField: 'id' }, limit: 1 << 20, strict: false, output: {}, splitByLang: false, stats: false };

test('outcomes, rejects and warnings come out in input order whatever order batches finish in', async () => {
  const engine = shuffledEngine();
  const seen: string[] = [];
  for await (const item of dispatchBatches(events(), engine, ctx, { batchSize: 7 })) seen.push(...describe(item));
  const expected: string[] = [];
  for (let line = 1; line <= 500; line++) expected.push(line % 97 === 0 ? `reject ${line}` : line === 250 ? 'warning' : `${line}`);
  assert.deepEqual(seen, expected);
  // A batch never mixes files, and never holds more than its size.
  for (const b of engine.batches) {
    assert.ok(b.lines.length <= 7);
    assert.ok(b.lines.every((l) => (l <= 300) === (b.file === 'a')));
  }
});

test('a failing batch fails the run instead of losing documents silently', async () => {
  const engine = shuffledEngine();
  const ok = engine.process.bind(engine);
  engine.process = (batch, c) => (batch.lines.includes(40) ? Promise.reject(new Error("worker crashed")) : ok(batch, c));
  await assert.rejects(async () => {
    for await (const _ of dispatchBatches(events(), engine, ctx, { batchSize: 7 }));
  }, /worker crashed/);
});

function describe(item: DispatchItem): string[] {
  if (item.kind === 'reject') return [`reject ${item.rejected.source.line}`];
  if (item.kind === 'warning') return ['warning'];
  return new TextDecoder().decode(item.outcome.outputs[0]!.bytes).trim().split('\n');
}
