/**
 * `trainLanguageModel`: KenLM's lmplz as a library. The stages run in KenLM's order, each in its
 * own file:
 *
 *   corpus-count → adjust-counts → (discounts) → initial-probabilities → interpolate → arpa-output
 *
 * Between stages, n-grams flow as packed records through external sorts and record stores that
 * spill to `tempPrefix` when the `memory` budget (lmplz's `-S`) is used up.
 */
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { SitoError } from '../../errors.js';
import { normalizeForLm, resolveNormalizerOptions, type NormalizerOptions } from '../normalize.js';
import { adjustCounts } from './adjust-counts.js';
import { ArpaWriter, FdOutput } from './arpa-output.js';
import { countNgrams } from './corpus-count.js';
import { computeDiscounts, formatG6, parseDiscountFallback, type Discount } from './discounts.js';
import { ExternalSorter } from './external-sort.js';
import { higherOrderProbabilities, unigramProbabilities } from './initial-probabilities.js';
import { interpolateOrder, interpolateUnigrams } from './interpolate.js';
import { MemoryBudget, parseMemorySize } from './memory.js';
import { RecordStore } from './record-store.js';
import { contextOrder, suffixOrder } from './records.js';
import { TempFiles } from './temp-files.js';
import { BOS, EOS, UNK } from './vocabulary.js';
import { ProgressBar } from './progress.js';

export const MAX_ORDER = 6;

export interface TrainOptions {
  /** N-gram order, 1–6 (`-o`). */
  order: number;
  /** Training text: a path (`.gz` is decompressed), or '-' / undefined for standard input. */
  text?: string;
  /** Instead of `text`: the training bytes themselves. */
  input?: AsyncIterable<Buffer | string>;
  /** ARPA destination: a path, a file descriptor, or a byte sink. Default: standard output. */
  arpa?: string | number | { write(bytes: Uint8Array): void };
  /** `--prune t1 t2 …`: non-decreasing thresholds, padded with the last one. */
  prune?: readonly number[];
  /** `--discount_fallback [d1 [d2 [d3]]]`: `true` or [] for 0.5 1 1.5. */
  discountFallback?: boolean | readonly (number | string)[];
  /** `-S`: bound on sort/buffer memory, bytes or lmplz syntax ('1G', '80%'). Default 80%. */
  memory?: number | string;
  /** `-T`: directory for temporary files. Default: the OS temp directory. */
  tempPrefix?: string;
  /** `--skip_symbols`: literal `<s>`, `</s>`, `<unk>` in the text count as whitespace. */
  skipSymbols?: boolean;
  /** `--verbose_header`: comment lines with the input file and token count before `\data\`. */
  verboseHeader?: boolean;
  /** Normalise every line with `normalizeForLm` before counting (sito extension). */
  normalize?: Partial<NormalizerOptions> | NormalizerOptions;
  /** lmplz-style progress and statistics lines (to stderr in the CLI). */
  log?: (text: string) => void;
  /** Draw the reading progress bar as bytes arrive (a terminal) instead of all at once. */
  liveProgress?: boolean;
}

export interface TrainResult {
  order: number;
  /** Word tokens read (`</s>` not counted). */
  tokens: number;
  /** Distinct words including `<unk>`, `<s>`, `</s>`. */
  types: number;
  /** N-grams per order in the ARPA file (after pruning). */
  counts: number[];
  /** N-grams per order before pruning. */
  countsUnpruned: number[];
  /** D1, D2, D3+ per order, as used. */
  discounts: [number, number, number][];
  /** 0-based orders that used `--discount_fallback`. */
  fallbackOrders: number[];
  /** Sorted runs spilled to disk while counting. */
  countRuns: number;
  /** Temporary files created in all stages (0 when everything fit in memory). */
  tempFiles: number;
  /** Peak of the budgeted buffer memory, bytes. */
  peakBufferBytes: number;
  seconds: number;
  /** Wall seconds per stage: counting (with reading), adjusting, initial probabilities, interpolating + writing. */
  stageSeconds: { count: number; adjust: number; initial: number; interpolate: number };
}

/** lmplz's ParsePruning: non-decreasing, padded to the order with the last value. */
export function expandPruning(values: readonly number[] | undefined, order: number): number[] {
  if (!values || values.length === 0) return new Array(order).fill(0);
  if (values.length > order) throw new SitoError(`--prune has ${values.length} thresholds but the order is ${order}`);
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0) throw new SitoError(`--prune thresholds must be non-negative integers, got '${v}'`);
  }
  for (let i = 1; i < values.length; i++) {
    if (values[i] < values[i - 1]) throw new SitoError('--prune thresholds must be non-decreasing (a higher order cannot keep what a lower one pruned)');
  }
  const out = [...values];
  while (out.length < order) out.push(values[values.length - 1]);
  return out;
}

function openInput(opts: TrainOptions): { stream: AsyncIterable<Buffer | string>; name: string; size?: number } {
  if (opts.input) return { stream: opts.input, name: '(input)' };
  const path = opts.text;
  if (path === undefined || path === '-') return { stream: process.stdin, name: '-' };
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new SitoError(`cannot read training text '${path}'`, { file: path });
  }
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    raw.on('error', (e) => gunzip.destroy(e));
    // Progress follows the compressed bytes read; the gunzip stream reports decompressed ones.
    return { stream: raw.pipe(gunzip), name: path };
  }
  return { stream: raw, name: path, size };
}

export async function trainLanguageModel(opts: TrainOptions): Promise<TrainResult> {
  const started = process.hrtime.bigint();
  const N = opts.order;
  if (!Number.isInteger(N) || N < 1 || N > MAX_ORDER) throw new SitoError(`order must be an integer from 1 to ${MAX_ORDER}, got '${opts.order}'`);
  const prune = expandPruning(opts.prune, N);
  const fallback: Discount | undefined =
    opts.discountFallback === undefined || opts.discountFallback === false
      ? undefined
      : parseDiscountFallback(opts.discountFallback === true ? [] : opts.discountFallback);
  const memoryBytes = typeof opts.memory === 'number' ? opts.memory : parseMemorySize(opts.memory ?? '80%');
  const normalizer = opts.normalize ? resolveNormalizerOptions(opts.normalize as Record<string, unknown>, '--normalize') : undefined;
  const log = opts.log ?? (() => {});
  const budget = new MemoryBudget(memoryBytes);
  const temp = new TempFiles(opts.tempPrefix);
  const out = opts.arpa === undefined || typeof opts.arpa === 'string' || typeof opts.arpa === 'number' ? new FdOutput(opts.arpa ?? 1) : undefined;
  const sink = out ?? (opts.arpa as { write(bytes: Uint8Array): void });
  try {
    // 1. Counting.
    const input = openInput(opts);
    log('=== 1/5 Counting and sorting n-grams ===\n');
    log(`Reading ${input.name}\n`);
    const bar = new ProgressBar(log, input.size, opts.liveProgress ?? false);
    const counted = await countNgrams(input.stream, {
      order: N,
      skipSymbols: opts.skipSymbols ?? false,
      normalizeLine: normalizer ? (line) => normalizeForLm(line, normalizer) : undefined,
      budget,
      temp,
      fileName: input.name,
      onProgress: (bytes) => bar.update(bytes),
    });
    bar.finish();
    const vocab = counted.vocab;
    const tCount = process.hrtime.bigint();
    log(`Unigram tokens ${counted.tokens} types ${vocab.size}\n`);

    // 2. Adjusted counts and discounts.
    log('=== 2/5 Calculating and sorting adjusted counts ===\n');
    const byContext: (ExternalSorter | undefined)[] = [undefined];
    for (let n = 2; n <= N; n++) {
      byContext.push(
        // adjust_counts emits each order in suffix order, so within a context the n-grams are
        // already ordered by their last word: sorting by the context words completes the order.
        new ExternalSorter({
          stride: n + 2,
          cols: contextOrder(n),
          radixCols: contextOrder(n).slice(0, n - 1),
          maxKey: () => vocab.size,
          budget,
          temp,
          label: `adjusted${n}`,
        }),
      );
    }
    const adjusted = adjustCounts({ order: N, vocabSize: vocab.size, ngrams: counted.ngrams, prune, outputs: byContext });
    const { discounts, substituted } = computeDiscounts(adjusted.stats, fallback);
    for (const i of substituted) {
      const d = discounts[i];
      log(`Substituting fallback discounts for order ${i}: D1=${formatG6(d[1])} D2=${formatG6(d[2])} D3+=${formatG6(d[3])}\n`);
    }
    log('Statistics:\n');
    adjusted.stats.forEach((s, i) => {
      const d = discounts[i];
      const count = s.count === s.countPruned ? `${s.countPruned}` : `${s.countPruned}/${s.count}`;
      log(`${i + 1} ${count} D1=${formatG6(d[1])} D2=${formatG6(d[2])} D3+=${formatG6(d[3])}\n`);
    });

    const tAdjust = process.hrtime.bigint();
    // 3. Initial probabilities and context gammas.
    log('=== 3/5 Calculating and sorting initial probabilities ===\n');
    const unigrams = unigramProbabilities(adjusted.unigramCounts, adjusted.unigramPruned, discounts[0]);
    const members: (ExternalSorter | undefined)[] = [undefined, undefined];
    const gammas: (RecordStore | undefined)[] = [undefined];
    for (let n = 2; n <= N; n++) {
      // Members leave in context order, i.e. ordered by (w_{n-1} … w_1) within each w_n group
      // once they are sorted by w_n alone: one column instead of n.
      const sorter = new ExternalSorter({
        stride: n + 2,
        cols: suffixOrder(n),
        radixCols: [n - 1],
        maxKey: () => vocab.size,
        budget,
        temp,
        label: `initial${n}`,
      });
      const store = new RecordStore(n, budget, temp, `gamma${n - 1}`);
      higherOrderProbabilities(n, byContext[n - 1]!.finish(), discounts[n - 1], { members: sorter, gammas: store });
      members.push(sorter);
      gammas.push(store);
    }

    const tInitial = process.hrtime.bigint();
    // 4 + 5. Interpolation, written straight into the ARPA file.
    log('=== 4/5 Calculating and writing order-interpolated probabilities ===\n');
    log('=== 5/5 Writing ARPA model ===\n');
    const written = new Uint8Array(vocab.size);
    let writtenUnigrams = 0;
    for (let w = 0; w < vocab.size; w++) {
      if (w === UNK || w === BOS || w === EOS || !adjusted.unigramPruned[w]) {
        written[w] = 1;
        writtenUnigrams++;
      }
    }
    const counts = adjusted.stats.map((s) => s.countPruned);
    counts[0] = writtenUnigrams;
    const writer = new ArpaWriter(sink, vocab.words, {
      counts,
      verbose: opts.verboseHeader ? { inputFile: input.name, tokens: counted.tokens } : undefined,
    });
    const unigramProbs = interpolateUnigrams(unigrams, written, writtenUnigrams, gammas[1]?.reader(), N === 1, writer);
    let lower: RecordStore | undefined;
    for (let n = 2; n <= N; n++) {
      const store = n < N ? new RecordStore(n + 1, budget, temp, `prob${n}`) : undefined;
      interpolateOrder(n, members[n]!.finish(), lower ? lower.reader() : unigramProbs, gammas[n]?.reader(), store, writer);
      lower = store;
    }
    writer.end();
    const tEnd = process.hrtime.bigint();
    const secs = (a: bigint, b: bigint): number => Number(b - a) / 1e9;

    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const usage = process.resourceUsage();
    log(`Name:sito-lm-train\tRSSMax:${usage.maxRSS} kB\tuser:${usage.userCPUTime / 1e6}\tsys:${usage.systemCPUTime / 1e6}\treal:${seconds}\n`);
    return {
      order: N,
      tokens: counted.tokens,
      types: vocab.size,
      counts,
      countsUnpruned: adjusted.stats.map((s) => s.count),
      discounts: discounts.map((d) => [d[1], d[2], d[3]]),
      fallbackOrders: substituted,
      countRuns: counted.spilledRuns,
      tempFiles: temp.created,
      peakBufferBytes: budget.peak,
      seconds,
      stageSeconds: { count: secs(started, tCount), adjust: secs(tCount, tAdjust), initial: secs(tAdjust, tInitial), interpolate: secs(tInitial, tEnd) },
    };
  } finally {
    out?.close();
    temp.cleanup();
  }
}
