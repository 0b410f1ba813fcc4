import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, type SplitEvent } from '../../src/io/line-splitter.js';
import { polishSentences } from './corpus.js';

function describe(events: SplitEvent[]): string[] {
  return events.map((e) => (e.kind === 'line' ? `${e.line}:${e.bytes.toString('utf8')}` : `${e.line}:oversized ${e.length}`));
}

test('the same lines come out however the bytes are chunked (byte by byte, odd sizes, whole)', () => {
  const s = polishSentences();
  const text = Buffer.from(`${s[0]}\n${s[1]}\r\n\n${'x'.repeat(300)}\n${s[2]}\n${s[3]}`);
  const whole = new LineSplitter(200);
  const expected = describe([...whole.push(text), ...whole.end()]);
  assert.deepEqual(expected, [`1:${s[0]}`, `2:${s[1]}`, '3:', '4:oversized 300', `5:${s[2]}`, `6:${s[3]}`]);
  for (const size of [1, 2, 3, 7, 64, 199, 200, 201]) {
    const splitter = new LineSplitter(200);
    const events: SplitEvent[] = [];
    for (let i = 0; i < text.length; i += size) events.push(...splitter.push(text.subarray(i, i + size)));
    events.push(...splitter.end());
    assert.deepEqual(describe(events), expected, `chunk size ${size}`);
  }
});

test('a 50 MB line is counted, never held: the splitter buffers at most the limit', () => {
  const limit = 1024 * 1024;
  const splitter = new LineSplitter(limit);
  const chunk = Buffer.alloc(256 * 1024, 'a');
  let peak = 0;
  const events: SplitEvent[] = [...splitter.push(Buffer.from('{"text":"'))];
  for (let sent = 0; sent < 50 * 1024 * 1024; sent += chunk.length) {
    events.push(...splitter.push(chunk));
    peak = Math.max(peak, splitter.bufferedBytes);
  }
  events.push(...splitter.push(Buffer.from('"}\nnext\n')));
  assert.ok(peak <= limit, `buffered ${peak} bytes`);
  assert.equal(splitter.bufferedBytes, 0);
  assert.deepEqual(describe(events), [`1:oversized ${9 + 50 * 1024 * 1024 + 2}`, '2:next']);
  const oversized = events[0]!;
  assert.ok(oversized.kind === 'oversized' && oversized.head.length === 4096 && oversized.head.toString().startsWith('{"text":"aaa'));
});

test('a line of exactly the limit is kept, one byte more is not; a last line without newline counts', () => {
  const splitter = new LineSplitter(5);
  assert.deepEqual(describe([...splitter.push(Buffer.from('12345\n123456\n12')), ...splitter.push(Buffer.from('3')), ...splitter.end()]), [
    '1:12345',
    '2:oversized 6',
    '3:123',
  ]);
});
