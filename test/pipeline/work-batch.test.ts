import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { WorkBatchBuilder, type BatchContext } from '../../src/pipeline/work-batch.js';
import { createScoringEngine } from '../../src/pipeline/engine.js';

const ctx: BatchContext = { fields: { textField: 'text', idField: 'id' }, limit: 1 << 20, strict: false, output: {}, splitByLang: false, stats: false };

test('a batch owns its bytes: posting it copies just them and leaves everything here intact', () => {
  const builder = new WorkBatchBuilder(64, 1 << 20);
  // Small Buffers are views of Node's shared 8 kB pool; the batch must not keep such views.
  const a = Buffer.from('{"text":"ala ma kota"}');
  const b = Buffer.from('{"text":"zażółć gęślą jaźń"}');
  builder.addBytes('x.jsonl', 'jsonl', 1, a);
  builder.addBytes('x.jsonl', 'jsonl', 2, b);
  const batch = builder.take();
  assert.equal(batch.bytes!.byteOffset, 0);
  assert.equal(batch.bytes!.buffer.byteLength, a.length + b.length);
  assert.deepEqual([...batch.ends!], [a.length, a.length + b.length]);

  const { port1, port2 } = new MessageChannel();
  port1.postMessage(batch);
  const received = receiveMessageOnPort(port2)!.message as typeof batch;
  port1.close();
  // Copied, not moved: whole on both sides, and separate memory.
  assert.equal(Buffer.from(received.bytes!).toString(), `${a}${b}`);
  assert.equal(received.bytes!.buffer.byteLength, a.length + b.length);
  received.bytes![0] = 0x20;
  assert.equal(Buffer.from(batch.bytes!).toString(), `${a}${b}`);
  assert.equal(a.toString(), '{"text":"ala ma kota"}');
});

test('a worker gets the batch and sends its output back, with no buffer detached on this side', async () => {
  const engine = await createScoringEngine({ languages: [], lidOnly: true }, 1);
  try {
    const builder = new WorkBatchBuilder(64, 1 << 20);
    builder.addBytes('x.jsonl', 'jsonl', 1, Buffer.from('{"id":1,"text":"Litwo, ojczyzno moja! Ty jesteś jak zdrowie."}'));
    builder.addBytes('x.jsonl', 'jsonl', 2, Buffer.from('{"id":2,"text":'));
    const batch = builder.take();
    const size = batch.bytes!.byteLength;
    const outcome = await engine.process(batch, ctx);
    assert.equal(batch.bytes!.byteLength, size);
    assert.equal(batch.ends!.length, 2);
    assert.equal(outcome.read, 2);
    assert.equal(outcome.kept, 1);
    const line = JSON.parse(Buffer.from(outcome.outputs[0]!.bytes).toString()) as { id: number; sito: { lang: string } };
    assert.equal(line.id, 1);
    assert.equal(line.sito.lang, 'pl');
    assert.match(Buffer.from(outcome.rejects.bytes).toString(), /"line":2/);
  } finally {
    await engine.close();
  }
});
