/**
 * n-gram LM query side: scoring speed in process (tokens/s) with a model read from ARPA and
 * with its `.sitolm` binary, the same numbers for KenLM on this machine kind (quoted), ARPA
 * load time, binary size and load time, normaliser+scorer docs/s on ~2 KB documents, and the
 * resident memory of 2 worker threads sharing one model against 1 worker.
 * Timings are best of several rounds in CPU time (the machine is shared and noisy).
 *
 *   npm run bench -- lm-query
 *   LM_BENCH_ARPA=/path/big.arpa npm run bench -- lm-query   # binary size/load on a bigger model
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { buildModelFromArpa } from '../src/lm/arpa-model.js';
import { LanguageModel } from '../src/lm/model.js';
import { loadBinaryLanguageModel, languageModelFromBuffer } from '../src/lm/load.js';
import { normalizeForLm, DEFAULT_NORMALIZER } from '../src/lm/normalize.js';
import { readFileIntoBuffer } from '../src/lm/binary-format.js';

const shared = process.env.SITO_SHARED ?? fileURLToPath(new URL('../../../shared', import.meta.url));
const kenlm = (...p: string[]): string => join(shared, 'kenlm', ...p);
const self = fileURLToPath(import.meta.url);
const mode = process.argv[2];

if (!isMainThread) {
  // Worker for the RSS measurement: view the model, score, report, then wait to be measured.
  const { buffer, lines } = workerData as { buffer: SharedArrayBuffer | ArrayBuffer; lines: string[] };
  const lm = languageModelFromBuffer(buffer);
  let sum = 0;
  for (const l of lines) sum += lm.scoreLine(l).log10;
  parentPort!.postMessage(sum);
} else if (mode === '--rss') {
  await rssChild(process.argv[3]!, Number(process.argv[4]), process.argv[5] === 'shared');
} else {
  await main();
}

/** Child process: load the model, start `workers` workers scoring, print RSS in MiB. */
async function rssChild(model: string, workers: number, sharedBuffer: boolean): Promise<void> {
  const buffer = readFileIntoBuffer(model, sharedBuffer);
  const lines = readFileSync(kenlm('data', 'test.pl.txt'), 'utf8').split('\n').slice(0, 500);
  const started: Worker[] = [];
  await Promise.all(Array.from({ length: workers }, () => new Promise((resolve, reject) => {
    const w = new Worker(self, { workerData: { buffer, lines } });
    started.push(w);
    w.once('message', resolve);
    w.once('error', reject);
  })));
  (globalThis as { gc?: () => void }).gc?.();
  process.stdout.write(`${(process.memoryUsage().rss / 2 ** 20).toFixed(1)}\n`);
  await Promise.all(started.map((w) => w.terminate()));
}

function cpuSeconds(f: () => void): { cpu: number; wall: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const used = process.cpuUsage(c);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - t) / 1000 };
}

function best<T extends { cpu: number }>(runs: T[]): T {
  return runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
}

async function main(): Promise<void> {
  const out = join(process.env.LM_BENCH_DIR ?? join(tmpdir(), 'sito-lm-bench'));
  mkdirSync(out, { recursive: true });
  const lines = readFileSync(kenlm('data', 'test.pl.txt'), 'utf8').split('\n').filter((l) => l !== '');
  const REPEAT = 20;
  const ROUNDS = 5;

  const rows: string[] = [];
  const loadRows: string[] = [];
  const binaries: { name: string; path: string }[] = [];
  for (const name of ['pl.o3', 'pl.o5']) {
    const arpa = kenlm('models', `${name}.arpa.gz`);
    const loads: { cpu: number; wall: number }[] = [];
    let buffer: ArrayBuffer | SharedArrayBuffer | undefined;
    for (let i = 0; i < 2; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      buffer = await buildModelFromArpa(arpa);
      const used = process.cpuUsage(c);
      loads.push({ cpu: (used.user + used.system) / 1e6, wall: (performance.now() - t) / 1000 });
    }
    const l = best(loads);
    loadRows.push(`| ${name}.arpa.gz (${(statSync(arpa).size / 2 ** 20).toFixed(1)} MiB gz) | ${(l.cpu * 1000).toFixed(0)} ms CPU (${(l.wall * 1000).toFixed(0)} ms wall) |`);
    const path = join(out, `${name}.sitolm`);
    writeFileSync(path, new Uint8Array(buffer!));
    binaries.push({ name, path });

    for (const [kind, model] of [['ARPA', new LanguageModel(buffer!)], ['binary', loadBinaryLanguageModel(path)]] as const) {
      let tokens = 0;
      const runs = Array.from({ length: ROUNDS }, () => cpuSeconds(() => {
        tokens = 0;
        for (let r = 0; r < REPEAT; r++) for (const line of lines) tokens += model.scoreLine(line).tokens;
      }));
      const b = best(runs);
      const rate = tokens / b.cpu / 1e6;
      rows.push(`| ${name} ${kind} | ${(tokens / 1e3).toFixed(0)} k | ${rate.toFixed(2)} M | ${(tokens / b.wall / 1e6).toFixed(2)} M | ${(rate / 5.7).toFixed(2)}× – ${(rate / 10).toFixed(2)}× |`);
    }
  }

  // A bigger binary, for the load-time target (60 MB < 50 ms).
  const big = process.env.LM_BENCH_ARPA ?? (existsSync('/work/data/lm/big.o5.arpa') ? '/work/data/lm/big.o5.arpa' : undefined);
  if (big) {
    const path = join(out, 'big.sitolm');
    writeFileSync(path, new Uint8Array(await buildModelFromArpa(big)));
    binaries.push({ name: `${big.split('/').pop()} (${(statSync(big).size / 2 ** 20).toFixed(0)} MiB ARPA)`, path });
  }
  const binRows: string[] = [];
  for (const { name, path } of binaries) {
    for (const sharedBuffer of [false, true]) {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t = performance.now();
        const m = loadBinaryLanguageModel(path, { shared: sharedBuffer });
        m.scoreLine('w przeciwieństwie do');
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      binRows.push(`| ${name} | ${(statSync(path).size / 2 ** 20).toFixed(1)} MiB | ${sharedBuffer ? 'SharedArrayBuffer' : 'ArrayBuffer'} | ${times[3]!.toFixed(1)} ms | ${times[0]!.toFixed(1)} ms |`);
    }
  }

  // Normalise + score ~2 KB documents, as the perplexity scorer does per worker.
  const o5 = loadBinaryLanguageModel(binaries[1]!.path);
  const raw = readFileSync(kenlm('data', 'test.pl.txt'), 'utf8').split('\n').filter(Boolean);
  const docs: string[] = [];
  for (let i = 0, doc: string[] = [], bytes = 0; i < raw.length; i++) {
    doc.push(raw[i]!.toUpperCase());
    bytes += raw[i]!.length;
    if (bytes >= 2000) {
      docs.push(doc.join('\n'));
      doc = [];
      bytes = 0;
    }
  }
  const docRuns = Array.from({ length: ROUNDS }, () => cpuSeconds(() => {
    for (let r = 0; r < 5; r++) {
      for (const d of docs) {
        let log10 = 0;
        let tokens = 0;
        for (const line of d.split('\n')) {
          const s = o5.scoreLine(normalizeForLm(line, DEFAULT_NORMALIZER));
          log10 += s.log10;
          tokens += s.tokens;
        }
        if (tokens === 0 || log10 > 0) throw new Error('unexpected score');
      }
    }
  }));
  const docRate = (5 * docs.length) / best(docRuns).cpu;

  // RSS: 1 vs 2 workers, shared buffer vs a copied ArrayBuffer (fresh process each).
  const rss = (model: string, workers: number, how: string): number => {
    const r = spawnSync(process.execPath, ['--expose-gc', self, '--rss', model, String(workers), how], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return Number(r.stdout.trim());
  };
  const rssRows: string[] = [];
  for (const { name, path } of [binaries[1]!, ...(big ? [binaries[binaries.length - 1]!] : [])]) {
    const one = rss(path, 1, 'shared');
    const two = rss(path, 2, 'shared');
    rssRows.push(`| ${name} | ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB | ${one.toFixed(0)} MiB | ${two.toFixed(0)} MiB | ${(two / one).toFixed(2)}× |`);
  }

  console.log(`### LM query (KenLM-compatible n-gram scoring)

Scoring \`test.pl.txt\` (2,000 lines) ${REPEAT}× per round with \`model.scoreLine\` (tokens include one \`</s>\` per line),
best of ${ROUNDS} rounds in CPU time. KenLM's own \`query\` with a probing binary does 5.7–10 M tokens/s in process on
this machine kind (figure from the task, issue 3); target ≥ 0.5×.

| model | tokens | tokens/s (CPU) | tokens/s (wall) | vs KenLM probing 5.7 – 10 M/s |
|---|---|---|---|---|
${rows.join('\n')}

ARPA load (stream, parse, build the probing tables; KenLM's \`query\` loads pl.o5.arpa in about 0.25 s CPU per \`logs/query.pl.o5.log\`):

| ARPA | load |
|---|---|
${loadRows.join('\n')}

Binary load (\`loadBinaryLanguageModel\`: one read into a buffer, header parse, views; median and best of 7; target: 60 MB < 50 ms):

| model | size | buffer | median | best |
|---|---|---|---|---|
${binRows.join('\n')}

Normalise (CCNet rules) + score ~2 KB Polish documents line by line with pl.o5: **${docRate.toFixed(0)} docs/s** per thread (CPU; target ≥ 1,500).

Resident memory of a process holding the model in a SharedArrayBuffer and N worker threads that each score with it (target: 2 workers < 1.3× of 1):

| model | binary | 1 worker | 2 workers | ratio |
|---|---|---|---|---|
${rssRows.join('\n')}

Command: \`npm run bench -- lm-query\` (binary-size rows use \`LM_BENCH_ARPA\` or /work/data/lm/big.o5.arpa when present).
`);
}
