/**
 * Stage 2, like KenLM's lm/builder/adjust_counts.cc: one pass over the N-grams in suffix order
 * produces every order's n-grams with their adjusted counts, the pruning marks and the
 * count-of-counts for the discounts.
 *
 * In suffix order all N-grams that share a suffix are adjacent, so each lower-order n-gram is
 * complete when the suffix changes. Its adjusted count is the number of distinct left extensions
 * (continuation count), except for n-grams starting with `<s>`, which keep their raw count.
 * Raw counts ("actual counts" in KenLM) are summed alongside and used only for pruning.
 * N-grams padded with two `<s>` are seen (they feed lower orders) but are not N-grams of the model.
 */
import { OrderStats } from './discounts.js';
import type { ExternalSorter } from './external-sort.js';
import type { RecordSource } from './records.js';
import { BOS, EOS, UNK } from './vocabulary.js';

export interface AdjustInput {
  order: number;
  vocabSize: number;
  /** Suffix-ordered `[w_1 … w_N, count]`. */
  ngrams: RecordSource;
  /** Pruning threshold per order (index = order - 1); an n-gram is pruned iff raw count <= it. */
  prune: readonly number[];
  /**
   * Receives orders 2..N as records `[w_1 … w_n, adjusted count, pruned 0/1]`, in suffix order
   * (index = order - 1; index 0 unused).
   */
  outputs: (ExternalSorter | undefined)[];
}

export interface AdjustResult {
  /** Adjusted count of each unigram by id. */
  unigramCounts: Float64Array;
  /** 1 where the unigram is pruned. */
  unigramPruned: Uint8Array;
  stats: OrderStats[];
}

export function adjustCounts(input: AdjustInput): AdjustResult {
  const N = input.order;
  const prune = input.prune;
  const stats = Array.from({ length: N }, () => new OrderStats());
  const unigramCounts = new Float64Array(input.vocabSize);
  const unigramPruned = new Uint8Array(input.vocabSize);
  const src = input.ngrams;

  if (N === 1) {
    // Unigram models: the raw counts are the adjusted counts. <unk> and <s> never occur.
    stats[0].add(0, false);
    stats[0].add(0, false);
    while (src.next()) {
      const w = src.buf[src.off];
      const c = src.buf[src.off + 1];
      const pruned = w > EOS && c <= prune[0];
      unigramCounts[w] = c;
      unigramPruned[w] = pruned ? 1 : 0;
      stats[0].add(c, pruned);
    }
    src.close();
    return { unigramCounts, unigramPruned, stats };
  }

  // The open ("valid") n-gram of each lower order: its words (the suffix of length o+1 of the
  // N-gram that started it), its adjusted count and its raw count.
  const words = Array.from({ length: N - 1 }, (_, o) => new Uint32Array(o + 1));
  const adjusted = new Float64Array(N - 1);
  const actual = new Float64Array(N - 1);
  const outputs = input.outputs;
  const top = outputs[N - 1]!;

  const emit = (o: number, statCount: number): void => {
    const pruned = actual[o] <= prune[o] && !(o === 0 && words[0][0] <= EOS);
    stats[o].add(statCount, pruned);
    if (o === 0) {
      const w = words[0][0];
      unigramCounts[w] = adjusted[0];
      unigramPruned[w] = pruned ? 1 : 0;
      return;
    }
    const sorter = outputs[o]!;
    const at = sorter.reserve();
    const block = sorter.block;
    const ws = words[o];
    for (let i = 0; i <= o; i++) block[at + i] = ws[i];
    block[at + o + 1] = Math.min(adjusted[o], 0xffffffff);
    block[at + o + 2] = pruned ? 1 : 0;
  };

  // <unk> has adjusted count 0; <s> has 0 too and is never pruned.
  stats[0].add(0, false);
  unigramCounts[UNK] = 0;
  words[0][0] = BOS;
  adjusted[0] = 0;
  actual[0] = Number.MAX_VALUE;
  let valid = 0; // highest order index (order - 1) with an open n-gram

  while (src.next()) {
    const buf = src.buf;
    const off = src.off;
    const count = buf[off + N];

    // Compare the N-gram's last words with the longest open n-gram, from the end.
    let d = N - 1;
    {
      const lw = words[valid];
      for (let p = valid; p >= 0 && lw[p] === buf[off + d]; p--) d--;
    }
    const same = N - 1 - d;

    // STEP 1: the open n-grams of orders > same are complete.
    for (; valid >= same; valid--) emit(valid, adjusted[valid]);

    // STEP 2: the ones that still match get this N-gram's raw count; the longest match gets one
    // more distinct left extension.
    for (let i = 0; i < same; i++) actual[i] += count;
    if (same > 0) adjusted[same - 1]++;

    // STEP 3: open the new suffixes, up to (and including) one that starts with <s>.
    let bos = d;
    for (; bos > 0 && buf[off + bos] !== BOS; bos--) {
      valid++;
      const ws = words[valid];
      for (let i = 0; i <= valid; i++) ws[i] = buf[off + bos + i];
      adjusted[valid] = 1;
      actual[valid] = count;
    }
    if (bos !== 0) {
      // Starts with <s> (beyond the first word): full, non-adjusted count.
      valid++;
      const ws = words[valid];
      for (let i = 0; i <= valid; i++) ws[i] = buf[off + bos + i];
      adjusted[valid] = count;
      actual[valid] = count;
    } else {
      const pruned = count <= prune[N - 1];
      stats[N - 1].add(count, pruned);
    }
    // Padded N-grams (<s> <s> …) are not part of the model.
    if (buf[off + 1] !== BOS) {
      const at = top.reserve();
      const block = top.block;
      for (let i = 0; i < N; i++) block[at + i] = buf[off + i];
      block[at + N] = count;
      block[at + N + 1] = count <= prune[N - 1] ? 1 : 0;
    }
  }
  src.close();
  // The last open n-grams. KenLM's statistics take their raw count here, not the adjusted one;
  // copied because it changes n_1 … n_4 by one and so the discounts in the last digits.
  for (let o = 0; o <= valid; o++) emit(o, actual[o]);
  return { unigramCounts, unigramPruned, stats };
}
