import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tagDocuments } from '../../src/pipeline/tagger.js';
import type { ScoringEngine } from '../../src/pipeline/engine.js';
import type { InputDocument, SitoTags } from '../../src/pipeline/types.js';

/** An engine whose batches finish in reverse order of submission, like a busy pool can. */
function shuffledEngine(): ScoringEngine & { batches: number } {
  let pending = 0;
  const engine = {
    workers: 2,
    batches: 0,
    async score(texts: string[]): Promise<SitoTags[]> {
      engine.batches++;
      const delay = 30 - (pending++ % 3) * 10;
      await new Promise((r) => setTimeout(r, delay));
      return texts.map((t) => ({ lang: t, lang_score: 1, lang_shares: {} }));
    },
    process: () => Promise.reject(new Error('tagDocuments only scores texts')),
    close: async () => {},
  };
  return engine;
}

async function* docs(n: number): AsyncGenerator<InputDocument> {
  for (let i = 0; i < n; i++) yield { record: { i }, text: `doc${i}`, source: { file: 'x', line: i + 1 } };
}

test('yields tagged documents in input order whatever order batches finish in', async () => {
  const engine = shuffledEngine();
  const out: string[] = [];
  for await (const { doc, tags } of tagDocuments(docs(1000), engine, { batchSize: 7 })) {
    assert.equal(tags.lang, doc.text);
    out.push(doc.text);
  }
  assert.equal(out.length, 1000);
  assert.deepEqual(out, Array.from({ length: 1000 }, (_, i) => `doc${i}`));
  assert.equal(engine.batches, Math.ceil(1000 / 7));
});

test('batches by characters so huge documents do not pile up in one batch', async () => {
  const engine = shuffledEngine();
  async function* big(): AsyncGenerator<InputDocument> {
    for (let i = 0; i < 10; i++) yield { record: {}, text: 'x'.repeat(1000), source: { file: 'x', line: i + 1 } };
  }
  let n = 0;
  for await (const _ of tagDocuments(big(), engine, { batchSize: 100, batchChars: 2500 })) n++;
  assert.equal(n, 10);
  assert.equal(engine.batches, 4); // 3 + 3 + 3 + 1
});

test('a failing batch fails the run instead of losing documents silently', async () => {
  const engine: ScoringEngine = {
    workers: 1,
    score: async (texts) => {
      if (texts.includes('doc20')) throw new Error('scorer crashed');
      return texts.map(() => ({ lang: 'pl', lang_score: 1, lang_shares: {} }));
    },
    process: () => Promise.reject(new Error('tagDocuments only scores texts')),
    close: async () => {},
  };
  let n = 0;
  await assert.rejects(async () => {
    for await (const _ of tagDocuments(docs(100), engine, { batchSize: 10 })) n++;
  }, /scorer crashed/);
  assert.equal(n, 20);
});
