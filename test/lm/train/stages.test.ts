/**
 * Each training stage on its own: tokenising and counting, adjusted counts (against a direct
 * string-keyed implementation of ALGORITHM.md §3), initial probabilities, and the record
 * machinery (radix sort, merge, spilling sorter and store).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../../helpers.js';
import { countNgrams } from '../../../src/lm/train/corpus-count.js';
import { adjustCounts } from '../../../src/lm/train/adjust-counts.js';
import { higherOrderProbabilities, unigramProbabilities } from '../../../src/lm/train/initial-probabilities.js';
import { ExternalSorter } from '../../../src/lm/train/external-sort.js';
import { RecordStore } from '../../../src/lm/train/record-store.js';
import { MemoryBudget } from '../../../src/lm/train/memory.js';
import { TempFiles } from '../../../src/lm/train/temp-files.js';
import {
  ArraySource,
  bitsToFloat,
  compareRecords,
  contextOrder,
  floatToBits,
  radixSortRecords,
  suffixOrder,
  type RecordSource,
} from '../../../src/lm/train/records.js';
import { MergeSource } from '../../../src/lm/train/record-files.js';
import type { Discount } from '../../../src/lm/train/discounts.js';

async function* chunks(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function drain(src: RecordSource): number[][] {
  const out: number[][] = [];
  while (src.next()) out.push(Array.from(src.buf.subarray(src.off, src.off + src.stride)));
  src.close();
  return out;
}

function env(limit = 1 << 30): { budget: MemoryBudget; temp: TempFiles } {
  return { budget: new MemoryBudget(limit), temp: new TempFiles() };
}

async function count(text: string | Buffer, order: number, extra: { skipSymbols?: boolean; chunk?: number } = {}) {
  const { budget, temp } = env();
  const result = await countNgrams(chunks(text, extra.chunk ?? 3), { order, skipSymbols: extra.skipSymbols ?? false, budget, temp, fileName: 'mem' });
  const grams = drain(result.ngrams).map((r) => `${r.slice(0, order).map((id) => result.vocab.words[id]).join(' ')}=${r[order]}`);
  temp.cleanup();
  return { result, grams };
}

test('corpus_count: lmplz delimiters, ids by first appearance, padded N-grams in suffix order', async () => {
  const { result, grams } = await count('b a\tb\r\n\x0bx  a\n', 2, { chunk: 2 });
  assert.deepEqual(result.vocab.words, ['<unk>', '<s>', '</s>', 'b', 'a', '\x0bx']);
  assert.equal(result.tokens, 5);
  assert.equal(result.lines, 2);
  // Suffix order: by last word id, then the previous one.
  assert.deepEqual(grams, ['b </s>=1', 'a </s>=1', '<s> b=1', 'a b=1', 'b a=1', '\x0bx a=1', '<s> \x0bx=1']);
});

test('corpus_count: empty line is <s> </s>; last line without newline gets no </s>', async () => {
  const { grams, result } = await count('\na a', 3);
  assert.equal(result.lines, 1);
  assert.deepEqual(grams, ['<s> <s> </s>=1', '<s> <s> a=1', '<s> a a=1']);
});

test('corpus_count: bytes are kept as they are, even invalid UTF-8', async () => {
  const { result } = await count(Buffer.from([0x7a, 0xc5, 0x82, 0x20, 0xff, 0x0a]), 2);
  assert.deepEqual(result.vocab.words.slice(3).map((w) => Buffer.from(w, 'latin1')), [Buffer.from([0x7a, 0xc5, 0x82]), Buffer.from([0xff])]);
});

test('corpus_count: literal <s>, </s>, <unk> fail with file and line unless skipped', async () => {
  await assert.rejects(count('a b\nc </s> d\n', 2), (err: Error & { line?: number }) => {
    assert.match(err.message, /Special word <\/s> is not allowed/);
    assert.equal(err.line, 2);
    return true;
  });
  const { grams } = await count('a <unk> a\n', 2, { skipSymbols: true });
  assert.deepEqual(grams, ['a </s>=1', '<s> a=1', 'a a=1']);
});

/** Adjusted counts straight from ALGORITHM.md §3, with string keys. */
function referenceAdjusted(lines: string[], N: number): Map<string, number>[] {
  const full = new Map<string, number>();
  for (const line of lines) {
    const words = [...new Array(N - 1).fill('<s>'), ...line.split(' ').filter(Boolean), '</s>'];
    for (let i = N - 1; i < words.length; i++) {
      const key = words.slice(i - N + 1, i + 1).join(' ');
      full.set(key, (full.get(key) ?? 0) + 1);
    }
  }
  const orders: Map<string, number>[] = Array.from({ length: N }, () => new Map());
  const extensions: Map<string, Set<string>>[] = Array.from({ length: N }, () => new Map());
  for (const [key, c] of full) {
    const w = key.split(' ');
    if (w[1] !== '<s>') orders[N - 1].set(key, c);
    for (let n = 1; n < N; n++) {
      const s = w.slice(N - n);
      if (s.slice(1).includes('<s>')) continue;
      const sk = s.join(' ');
      if (s[0] === '<s>') orders[n - 1].set(sk, (orders[n - 1].get(sk) ?? 0) + c);
      else {
        const set = extensions[n - 1].get(sk) ?? new Set<string>();
        set.add(w[N - n - 1]);
        extensions[n - 1].set(sk, set);
      }
    }
  }
  for (let n = 1; n < N; n++) for (const [k, set] of extensions[n - 1]) orders[n - 1].set(k, set.size);
  orders[0].set('<unk>', 0);
  orders[0].set('<s>', 0);
  return orders;
}

test('adjust_counts: continuation counts, raw counts after <s>, no padded N-grams (vs ALGORITHM.md §3)', async () => {
  const lines = readFileSync(sharedPath('kenlm', 'data', 'tiny.pl.txt'), 'utf8').split('\n').slice(0, 40);
  lines.push('', 'a a a', 'a a a');
  const text = lines.join('\n') + '\n';
  const N = 4;
  const { budget, temp } = env();
  const counted = await countNgrams(chunks(text, 100), { order: N, skipSymbols: false, budget, temp, fileName: 'mem' });
  const outputs: (ExternalSorter | undefined)[] = [undefined];
  for (let n = 2; n <= N; n++) outputs.push(new ExternalSorter({ stride: n + 2, cols: suffixOrder(n), maxKey: () => counted.vocab.size, budget, temp, label: 't' }));
  const adjusted = adjustCounts({ order: N, vocabSize: counted.vocab.size, ngrams: counted.ngrams, prune: [0, 0, 0, 0], outputs });
  const words = counted.vocab.words.map((w) => Buffer.from(w, 'latin1').toString('utf8'));
  const expected = referenceAdjusted(lines, N);
  const got: Map<string, number>[] = [new Map(words.map((w, id) => [w, adjusted.unigramCounts[id]]))];
  for (let n = 2; n <= N; n++) {
    got.push(new Map(drain(outputs[n - 1]!.finish()).map((r) => [r.slice(0, n).map((id) => words[id]).join(' '), r[n]])));
  }
  for (let n = 1; n <= N; n++) assert.deepEqual(new Map([...got[n - 1]].sort()), new Map([...expected[n - 1]].sort()), `order ${n}`);
  assert.equal(adjusted.stats[N - 1].count, expected[N - 1].size);
  temp.cleanup();
});

test('adjust_counts: pruning marks by raw count, never <s>', async () => {
  const { budget, temp } = env();
  const counted = await countNgrams(chunks('a b\na b\na c\n', 1), { order: 2, skipSymbols: false, budget, temp, fileName: 'mem' });
  const outputs = [undefined, new ExternalSorter({ stride: 4, cols: suffixOrder(2), maxKey: () => 10, budget, temp, label: 't' })];
  const adjusted = adjustCounts({ order: 2, vocabSize: counted.vocab.size, ngrams: counted.ngrams, prune: [1, 1], outputs });
  const w = counted.vocab.words;
  const pruned = drain(outputs[1]!.finish()).filter((r) => r[3] === 1).map((r) => `${w[r[0]]} ${w[r[1]]}`);
  assert.deepEqual(pruned.sort(), ['a c', 'c </s>']);
  assert.equal(adjusted.unigramPruned[w.indexOf('c')], 1);
  assert.equal(adjusted.unigramPruned[w.indexOf('a')], 0);
  assert.equal(adjusted.unigramPruned[1], 0);
  temp.cleanup();
});

const D: Discount = [0, Math.fround(0.5), Math.fround(1), Math.fround(1.5)];

test('initial_probabilities: per context u and gamma sum to one; pruned mass goes to gamma', () => {
  const { budget, temp } = env();
  // Bigrams [w1, w2, adjusted, pruned] in context order: context 3 with counts 1, 2, 5; context 4 with 1 (pruned).
  const input = new ArraySource(Uint32Array.from([3, 5, 1, 0, 3, 6, 2, 0, 3, 7, 5, 0, 4, 5, 1, 1]), 4, 4);
  const members = new ExternalSorter({ stride: 4, cols: suffixOrder(2), maxKey: () => 10, budget, temp, label: 'm' });
  const gammas = new RecordStore(2, budget, temp, 'g');
  higherOrderProbabilities(2, input, D, { members, gammas });
  const m = drain(members.finish()).map((r) => [r[0], r[1], bitsToFloat(r[2]), bitsToFloat(r[3])]);
  const g = drain(gammas.reader()).map((r) => [r[0], bitsToFloat(r[1])]);
  assert.deepEqual(g.map((r) => r[0]), [3, 4]);
  const gamma3 = g[0][1];
  assert.equal(gamma3, Math.fround(Math.fround(0.5 + 1 + 1.5) / 8));
  assert.equal(g[1][1], 1, 'a context whose extensions are all pruned backs off fully');
  assert.equal(m.length, 3, 'pruned n-grams are not passed on');
  const sum = m.reduce((s, r) => s + (r[2] as number), 0) + gamma3;
  assert.ok(Math.abs(sum - 1) < 1e-6);
  for (const r of m) assert.equal(r[3], gamma3);
  temp.cleanup();
});

test('initial_probabilities: unigrams give <unk> 0, <s> 1 and keep the uniform share in gamma', () => {
  const counts = Float64Array.from([0, 0, 3, 1, 2, 4]);
  const { u, gamma } = unigramProbabilities(counts, new Uint8Array(6), D);
  assert.equal(u[0], 0);
  assert.equal(u[1], 1);
  let total = gamma;
  for (let w = 2; w < 6; w++) total += u[w];
  assert.ok(Math.abs(total - 1) < 1e-6);
});

function randomRecords(count: number, stride: number, n: number, maxKey: number, seed: number): Uint32Array {
  const data = new Uint32Array(count * stride);
  for (let i = 0; i < data.length; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    data[i] = i % stride < n ? seed % maxKey : seed;
  }
  return data;
}

function comparatorSorted(data: Uint32Array, count: number, stride: number, cols: readonly number[]): number[][] {
  const rows = Array.from({ length: count }, (_, i) => Array.from(data.subarray(i * stride, (i + 1) * stride)));
  return rows.sort((a, b) => compareRecords(cols, Uint32Array.from(a), 0, Uint32Array.from(b), 0));
}

test('radix sort matches a comparator sort in suffix and context order, large ids included', () => {
  for (const [n, maxKey] of [[3, 50], [5, 300000]] as const) {
    for (const cols of [suffixOrder(n), contextOrder(n)]) {
      const stride = n + 1;
      const data = randomRecords(3000, stride, n, maxKey, n * 7);
      const expected = comparatorSorted(data, 3000, stride, cols).map((r) => r.slice(0, n).join(','));
      const sorted = radixSortRecords(data.slice(), new Uint32Array(data.length), 3000, stride, cols, maxKey);
      const got = Array.from({ length: 3000 }, (_, i) => Array.from(sorted.subarray(i * stride, i * stride + n)).join(','));
      assert.deepEqual(got, expected);
    }
  }
});

test('external sort: a tiny budget spills runs, the merge combines counts like one in-memory sort', () => {
  const n = 3;
  const stride = n + 1;
  const data = randomRecords(60000, stride, n, 40, 99);
  for (let i = 0; i < 60000; i++) data[i * stride + n] = 1;
  const sortWith = (limit: number) => {
    const { budget, temp } = env(limit);
    const sorter = new ExternalSorter({ stride, cols: suffixOrder(n), keyWords: n, combineCol: n, maxKey: () => 40, budget, temp, label: 's' });
    for (let i = 0; i < 60000; i++) sorter.push(data, i * stride);
    const out = drain(sorter.finish());
    temp.cleanup();
    return { out, runs: sorter.spilledRuns, created: temp.created };
  };
  const big = sortWith(1 << 30);
  const small = sortWith(1);
  assert.equal(big.runs, 0);
  assert.deepEqual(small.out, big.out);
  assert.equal(big.out.reduce((s, r) => s + r[n], 0), 60000);
  // Up to 64,000 distinct keys do not fit the 16,384-record minimum block: runs spill.
  assert.ok(small.runs >= 2, `runs ${small.runs}`);
});

test('record store keeps order when it moves to disk; merge of sorted sources', () => {
  const { budget, temp } = env(1);
  const store = new RecordStore(2, budget, temp, 'st');
  for (let i = 0; i < 50000; i++) {
    const at = store.reserve();
    store.buf[at] = i;
    store.buf[at + 1] = floatToBits(i / 7);
  }
  assert.ok(temp.created > 0, 'spilled');
  const back = drain(store.reader());
  assert.equal(back.length, 50000);
  back.forEach((r, i) => {
    assert.equal(r[0], i);
    assert.equal(bitsToFloat(r[1]), Math.fround(i / 7));
  });
  const a = new ArraySource(Uint32Array.from([1, 1, 3, 1]), 2, 2);
  const b = new ArraySource(Uint32Array.from([1, 2, 2, 5]), 2, 2);
  assert.deepEqual(drain(new MergeSource([a, b], 2, [0], 1, 1)), [[1, 3], [2, 5], [3, 1]]);
  temp.cleanup();
});
