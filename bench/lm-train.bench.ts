/**
 * `sito lm train` (the lmplz equivalent): training time and peak RSS for orders 3 and 5 on
 * ~967k words of Polish, once with the default memory (-S 80%) and once with a small -S that
 * forces sorted runs to disk, beside lmplz's figure for the same task (order 5 on 967k words:
 * 2.9 s at 408 MiB; lmplz is not installed here, so that figure is quoted, not re-measured).
 *
 * Corpus, built from ../shared on first use under $SITO_BENCH_DIR (default /work/data/lm-train):
 * the KenLM pack's train+test text, the `human` and `mt` fields of ../shared/mt/pl-nmt.jsonl
 * (normalised with normalizeForLm), and then the same sentences with their words reversed until
 * the corpus has 967,000 words (so the second half adds new n-grams, not repeated ones).
 *
 * Every configuration runs in a fresh child process, which reports its own
 * process.resourceUsage() (peak RSS, user CPU) and wall time.
 * Optional: $SITO_BENCH_LM_TRAIN_ORDERS (default "3,5"), $SITO_BENCH_LM_TRAIN_SMALL_S (default 32M).
 *
 * Bounded memory: with $SITO_BENCH_LM_TRAIN_LARGE="4000000,16000000" (word counts) it also trains
 * order 3 with -S $SITO_BENCH_LM_TRAIN_SMALL_S on synthetic corpora of those sizes — sentences of
 * words drawn from a Zipf distribution over the pack's vocabulary, so nearly every trigram is new —
 * to show that peak RSS stays flat while the corpus (and the model) grows.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { normalizeForLm } from '../src/lm/normalize.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const shared = process.env.SITO_SHARED ?? join(repoRoot, '..', 'shared');
const dataDir = process.env.SITO_BENCH_DIR ?? '/work/data/lm-train';
const corpus = join(dataDir, 'bench-pl-967k.txt');
const orders = (process.env.SITO_BENCH_LM_TRAIN_ORDERS ?? '3,5').split(',').map(Number);
const smallS = process.env.SITO_BENCH_LM_TRAIN_SMALL_S ?? '32M';
const TARGET_WORDS = 967_000;
const LMPLZ = { order: 5, seconds: 2.9, rssMiB: 408 };

function buildCorpus(): number {
  const lines: string[] = [];
  for (const f of ['train.pl.txt', 'test.pl.txt']) {
    lines.push(...readFileSync(join(shared, 'kenlm', 'data', f), 'utf8').split('\n').filter(Boolean));
  }
  for (const line of readFileSync(join(shared, 'mt', 'pl-nmt.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as { human?: unknown; mt?: unknown };
    for (const text of [record.human, record.mt]) {
      if (typeof text !== 'string') continue;
      const normalised = normalizeForLm(text);
      if (normalised) lines.push(normalised);
    }
  }
  let words = lines.reduce((sum, l) => sum + l.split(' ').length, 0);
  const out = [...lines];
  for (const line of lines) {
    if (words >= TARGET_WORDS) break;
    const reversed = line.split(' ').reverse();
    out.push(reversed.join(' '));
    words += reversed.length;
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(corpus, out.join('\n') + '\n');
  return words;
}

interface RunResult {
  wall: number;
  user: number;
  rssMiB: number;
  countRuns: number;
  tempFiles: number;
  ngrams: number;
}

/** Trains in a child process so that its peak RSS is the training's alone. */
function train(order: number, memory: string, text = corpus, fallback = false): RunResult {
  const pipeline = pathToFileURL(join(here, '..', 'src', 'lm', 'train', 'pipeline.js')).href;
  const arpa = join(dataDir, `bench.o${order}.arpa`);
  const script = `
    const { trainLanguageModel } = await import(${JSON.stringify(pipeline)});
    const t0 = performance.now();
    const r = await trainLanguageModel({ order: ${order}, text: ${JSON.stringify(text)}, arpa: ${JSON.stringify(arpa)}, memory: ${JSON.stringify(memory)}, tempPrefix: ${JSON.stringify(dataDir)}, discountFallback: ${fallback} });
    const wall = (performance.now() - t0) / 1000;
    const u = process.resourceUsage();
    console.log(JSON.stringify({ wall, user: u.userCPUTime / 1e6, rssMiB: u.maxRSS / 1024, countRuns: r.countRuns, tempFiles: r.tempFiles, ngrams: r.counts.reduce((a, b) => a + b, 0) }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`training failed: ${run.stderr}`);
  rmSync(arpa, { force: true });
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as RunResult;
}

/** Deterministic PRNG, so every run trains on the same bytes. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildSyntheticCorpus(words: number): string {
  const file = join(dataDir, `bench-zipf-${words}.txt`);
  if (existsSync(file)) return file;
  const vocab = [...new Set(readFileSync(join(shared, 'kenlm', 'data', 'train.pl.txt'), 'utf8').split(/[ \n]+/).filter(Boolean))];
  // Zipf(1) by inverse CDF over ranks.
  const cdf = new Float64Array(vocab.length);
  let sum = 0;
  for (let r = 0; r < vocab.length; r++) cdf[r] = sum += 1 / (r + 1);
  const random = mulberry32(7);
  const pick = (): string => {
    const x = random() * sum;
    let lo = 0;
    let hi = vocab.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo];
  };
  const parts: string[] = [];
  let written = 0;
  const chunks: string[] = [];
  while (written < words) {
    const length = 5 + Math.floor(random() * 20);
    for (let i = 0; i < length; i++) parts.push(pick());
    chunks.push(parts.join(' '));
    parts.length = 0;
    written += length;
  }
  writeFileSync(file, chunks.join('\n') + '\n');
  return file;
}

const words = existsSync(corpus) ? readFileSync(corpus, 'utf8').split(/[ \n]+/).filter(Boolean).length : buildCorpus();
const load = loadavg()[0].toFixed(1);
const rows: string[] = [];
for (const order of orders) {
  for (const memory of ['80%', smallS]) {
    const r = train(order, memory);
    const vsLmplz = order === LMPLZ.order ? `wall ${(r.wall / LMPLZ.seconds).toFixed(2)}×, CPU ${(r.user / LMPLZ.seconds).toFixed(2)}×, RSS ${(r.rssMiB / LMPLZ.rssMiB).toFixed(2)}×` : '';
    rows.push(
      `| ${order} | -S ${memory} | ${r.ngrams.toLocaleString('en')} | ${r.wall.toFixed(2)} | ${r.user.toFixed(2)} | ${r.rssMiB.toFixed(0)} | ${r.countRuns} / ${r.tempFiles} | ${vsLmplz} |`,
    );
  }
}

console.log(`\n### lm train (lmplz equivalent)\n`);
console.log(`Corpus: ${words.toLocaleString('en')} words of Polish (${corpus}); load average at start ${load}.\n`);
console.log('| order | memory | n-grams | wall s | user CPU s | peak RSS MiB | count runs / temp files | vs lmplz |');
console.log('|---|---|---:|---:|---:|---:|---|---|');
for (const row of rows) console.log(row);
console.log(`| ${LMPLZ.order} | lmplz -S 80% (quoted) | | ${LMPLZ.seconds} | | ${LMPLZ.rssMiB} | | baseline |`);
const large = (process.env.SITO_BENCH_LM_TRAIN_LARGE ?? '').split(',').filter(Boolean).map(Number);
if (large.length > 0) {
  console.log(`\nBounded memory: order 3, -S ${smallS}, synthetic Zipf corpora, --discount_fallback (every run spills to -T):\n`);
  console.log('| words | n-grams | wall s | user CPU s | peak RSS MiB | count runs / temp files |');
  console.log('|---:|---:|---:|---:|---:|---|');
  for (const n of large) {
    const file = buildSyntheticCorpus(n);
    // Random word sequences can lack singletons at low orders: closed-form discounts may fail.
    const r = train(3, smallS, file, true);
    console.log(`| ${n.toLocaleString('en')} | ${r.ngrams.toLocaleString('en')} | ${r.wall.toFixed(1)} | ${r.user.toFixed(1)} | ${r.rssMiB.toFixed(0)} | ${r.countRuns} / ${r.tempFiles} |`);
  }
}
console.log(`\nCommand: \`npm run bench -- lm-train\`. Baseline: lmplz order ${LMPLZ.order} on 967k words, ${LMPLZ.seconds} s at ${LMPLZ.rssMiB} MiB (figure from the project brief, not re-measured: KenLM is not installed here). Target: ≤ 2× lmplz time; RSS bounded by -S. Peak RSS is the child process's maxRSS (Node's own ~45 MiB included). On a shared, loaded machine wall time overstates the cost; user CPU is the steadier figure.\n`);
