import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { WorkBatchBuilder, sharedUtf8, type BatchContext } from '../../src/pipeline/work-batch.js';
import { createScoringEngine } from '../../src/pipeline/engine.js';

const ctx: BatchContext = { fields: { textField: 'text', idField: 'id' }, limit: 1 << 20, strict: false, output: {}, splitByLang: false, stats: false };

test('a batch is built in shared memory: posting it copies nothing and detaches nothing', () => {
  const builder = new WorkBatchBuilder(64, 1 << 20);
  // Small Buffers come from Node's shared pool; the batch must not keep views of it.
  const a = Buffer.from('{"text":"ala ma kota"}');
  const b = Buffer.from('{"text":"zażółć gęślą jaźń"}');
  builder.addBytes('x.jsonl', 'jsonl', 1, a);
  builder.addBytes('x.jsonl', 'jsonl', 2, b);
  const batch = builder.take();
  assert.ok(batch.bytes!.buffer instanceof SharedArrayBuffer);
  assert.ok(batch.ends!.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...batch.ends!], [a.length, a.length + b.length]);

  const { port1, port2 } = new MessageChannel();
  port1.postMessage(batch);
  const received = receiveMessageOnPort(port2)!.message as typeof batch;
  port1.close();
  // Still whole here, and the very same memory there (a write on one side shows on the other).
  assert.equal(Buffer.from(batch.bytes!).toString(), `${a}${b}`);
  received.bytes![0] = 0x20;
  assert.equal(batch.bytes![0], 0x20);
  assert.equal(a.toString(), '{"text":"ala ma kota"}');
});

test('shared UTF-8 holds the text byte for byte', () => {
  const text = 'zażółć gęślą jaźń — 日本語\n';
  const bytes = sharedUtf8(text);
  assert.ok(bytes.buffer instanceof SharedArrayBuffer);
  assert.equal(bytes.byteLength, Buffer.byteLength(text));
  assert.equal(Buffer.from(bytes).toString(), text);
  assert.equal(sharedUtf8('').byteLength, 0);
});

test('a worker gets the batch and sends its output back without moving a buffer', async () => {
  const engine = await createScoringEngine({ languages: [], lidOnly: true }, 1);
  try {
    const builder = new WorkBatchBuilder(64, 1 << 20);
    builder.addBytes('x.jsonl', 'jsonl', 1, Buffer.from('{"id":1,"text":"Litwo, ojczyzno moja! Ty jesteś jak zdrowie."}'));
    builder.addBytes('x.jsonl', 'jsonl', 2, Buffer.from('{"id":2,"text":'));
    const batch = builder.take();
    const size = batch.bytes!.byteLength;
    const outcome = await engine.process(batch, ctx);
    // Nothing was detached on this side ...
    assert.equal(batch.bytes!.byteLength, size);
    assert.equal(batch.ends!.length, 2);
    // ... nor on the worker's: what came back is shared memory, not a moved ArrayBuffer.
    assert.equal(outcome.read, 2);
    assert.equal(outcome.kept, 1);
    assert.ok(outcome.outputs[0]!.bytes.buffer instanceof SharedArrayBuffer);
    assert.ok(outcome.rejects.bytes.buffer instanceof SharedArrayBuffer);
    const line = JSON.parse(Buffer.from(outcome.outputs[0]!.bytes).toString()) as { id: number; sito: { lang: string } };
    assert.equal(line.id, 1);
    assert.equal(line.sito.lang, 'pl');
    assert.match(Buffer.from(outcome.rejects.bytes).toString(), /"line":2/);
  } finally {
    await engine.close();
  }
});
