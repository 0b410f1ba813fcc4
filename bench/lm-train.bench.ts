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
function train(order: number, memory: string): RunResult {
  const pipeline = pathToFileURL(join(here, '..', 'src', 'lm', 'train', 'pipeline.js')).href;
  const arpa = join(dataDir, `bench.o${order}.arpa`);
  const script = `
    const { trainLanguageModel } = await import(${JSON.stringify(pipeline)});
    const t0 = performance.now();
    const r = await trainLanguageModel({ order: ${order}, text: ${JSON.stringify(corpus)}, arpa: ${JSON.stringify(arpa)}, memory: ${JSON.stringify(memory)}, tempPrefix: ${JSON.stringify(dataDir)} });
    const wall = (performance.now() - t0) / 1000;
    const u = process.resourceUsage();
    console.log(JSON.stringify({ wall, user: u.userCPUTime / 1e6, rssMiB: u.maxRSS / 1024, countRuns: r.countRuns, tempFiles: r.tempFiles, ngrams: r.counts.reduce((a, b) => a + b, 0) }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`training failed: ${run.stderr}`);
  rmSync(arpa, { force: true });
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as RunResult;
}

const words = existsSync(corpus) ? readFileSync(corpus, 'utf8').split(/[ \n]+/).filter(Boolean).length : buildCorpus();
const load = loadavg()[0].toFixed(1);
const rows: string[] = [];
for (const order of orders) {
  for (const memory of ['80%', smallS]) {
    const r = train(order, memory);
    const vsLmplz = order === LMPLZ.order ? `${(r.wall / LMPLZ.seconds).toFixed(2)}× time, ${(r.rssMiB / LMPLZ.rssMiB).toFixed(2)}× RSS` : '';
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
console.log(`\nCommand: \`npm run bench -- lm-train\`. Baseline: lmplz order ${LMPLZ.order} on 967k words, ${LMPLZ.seconds} s at ${LMPLZ.rssMiB} MiB (figure from the project brief, not re-measured: KenLM is not installed here). Target: ≤ 2× lmplz time; RSS bounded by -S. Peak RSS is the child process's maxRSS (Node's own ~45 MiB included).\n`);
