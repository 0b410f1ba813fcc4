import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { WorkBatchBuilder, movableBuffers, transferablesOf } from '../../src/pipeline/work-batch.js';

test('a batch owns its buffers: moving them to a worker detaches nothing else', () => {
  const builder = new WorkBatchBuilder(64, 1 << 20);
  // Small Buffers come from Node's shared pool; a batch built from them must not share it.
  const a = Buffer.from('{"text":"ala ma kota"}');
  const b = Buffer.from('{"text":"zażółć gęślą jaźń"}');
  const neighbour = Buffer.from('still here');
  builder.addBytes('x.jsonl', 'jsonl', 1, a);
  builder.addBytes('x.jsonl', 'jsonl', 2, b);
  const batch = builder.take();
  assert.equal(batch.bytes!.byteOffset, 0);
  assert.equal(batch.bytes!.buffer.byteLength, a.length + b.length);
  assert.deepEqual([...batch.ends!], [a.length, a.length + b.length]);

  const { port1, port2 } = new MessageChannel();
  port1.postMessage(batch, transferablesOf(batch));
  const received = receiveMessageOnPort(port2)!.message as typeof batch;
  port1.close();
  // Moved, not copied: gone here, whole there; the pooled inputs are untouched.
  assert.equal(batch.bytes!.byteLength, 0);
  assert.equal(Buffer.from(received.bytes!).toString(), `${a}${b}`);
  assert.equal(a.toString(), '{"text":"ala ma kota"}');
  assert.equal(neighbour.toString(), 'still here');
});

test('text blocks have nothing to move', () => {
  const builder = new WorkBatchBuilder(64, 1 << 20);
  builder.addText('x.txt', 1, 'a block of text');
  assert.deepEqual(transferablesOf(builder.take()), []);
});

test('only buffers a view spans whole are moved: never a slice of a shared pool', () => {
  const pooled = Buffer.from('a short line'); // a slice of Node's 8 kB pool
  assert.notEqual(pooled.buffer.byteLength, pooled.byteLength);
  const own = new Uint8Array(16);
  assert.deepEqual(movableBuffers([pooled, own, undefined, own]), [own.buffer]);
  assert.deepEqual(movableBuffers([own.subarray(4)]), []);
});
