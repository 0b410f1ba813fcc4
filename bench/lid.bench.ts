/**
 * LID speed on ~2 KB documents (Lingua sentences of the 34 target languages joined into pages,
 * one sentence per line): our TypeScript fastText, the whole LID stage (cascade + per-line
 * shares), CLD3 alone, the fasttext.js WASM build and the native fastText CLI, on the same text
 * in the same run. Best of 5 round-robin rounds, timed in CPU seconds (the machine is shared
 * and noisy; wall time is printed too).
 *
 *   npm run bench -- lid
 */
import { readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FastTextModel } from '../src/lid/fasttext.js';
import { Cld3Engine } from '../src/lid/cld3.js';
import { createLanguageIdentifier, defaultFastTextModelPath } from '../src/lid/identifier.js';
import { loadWasmFastText } from '../test/lid/wasm-reference.js';

const shared = process.env.SITO_SHARED ?? fileURLToPath(new URL('../../../shared', import.meta.url));
const LANGS = 'pl en de fr es it pt nl cs sk sl hr sr bs ru uk be bg lt lv et fi sv da nb hu ro tr el ar zh ja ko nn'.split(' ');
const DOCS_PER_LANG = 60;
const ROUNDS = 5;

const docs: string[] = [];
for (const lang of LANGS) {
  const lines = readFileSync(join(shared, 'lid', 'lingua', 'sentences', `${lang}.txt`), 'utf8').split('\n').filter(Boolean);
  let page: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    page.push(line);
    bytes += Buffer.byteLength(line) + 1;
    if (bytes >= 2000) {
      docs.push(page.join('\n'));
      page = [];
      bytes = 0;
      if (docs.length % DOCS_PER_LANG === 0) break;
    }
  }
}
const totalBytes = docs.reduce((a, d) => a + Buffer.byteLength(d), 0);
const oneLine = docs.map((d) => d.replace(/\s+/g, ' '));
const modelPath = defaultFastTextModelPath();

/** Seconds of wall time and of CPU time one run took. */
interface Timing { wall: number; cpu: number }
type Runner = () => Promise<Timing> | Timing;
interface Row { name: string; docs: number; bytes: number; best: number; bestWall: number }
const rows: Row[] = [];

const model = FastTextModel.fromFile(modelPath);
const fused = await createLanguageIdentifier();
const ftStage = await createLanguageIdentifier({ engine: 'fasttext' });
const cld3 = await Cld3Engine.create();
const wasm = await loadWasmFastText(modelPath);
const wasmDocs = oneLine.slice(0, 150);
const wasmBytes = wasmDocs.reduce((a, d) => a + Buffer.byteLength(d), 0);

const time = (f: () => void): Timing => {
  const t = performance.now();
  const c = process.cpuUsage();
  f();
  const u = process.cpuUsage(c);
  return { wall: (performance.now() - t) / 1000, cpu: (u.user + u.system) / 1e6 };
};
/** CPU seconds used by waited-for child processes (Linux: cutime + cstime of /proc/self/stat). */
const childCpu = (): number => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
};
let sink = 0;
const cliAvailable = spawnSync('fasttext', [], { stdio: 'ignore' }).error === undefined;
const runCli = (): Promise<Timing> =>
  new Promise((resolve, reject) => {
    const t = performance.now();
    const c = childCpu();
    const child = spawn('fasttext', ['predict-prob', modelPath, '-', '1'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let lines = 0;
    child.stdout.on('data', (b: Buffer) => {
      for (const c of b) if (c === 10) lines++;
    });
    child.on('error', reject);
    child.on('close', () =>
      lines === oneLine.length
        ? resolve({ wall: (performance.now() - t) / 1000, cpu: childCpu() - c })
        : reject(new Error(`CLI answered ${lines} lines`)),
    );
    child.stdin.end(oneLine.join('\n') + '\n');
  });

const runners: [string, number, number, Runner][] = [
  ['fastText CLI (native, streamed over a pipe)', docs.length, totalBytes, runCli],
  ['sito fastText engine (TS), document prediction only', docs.length, totalBytes, () => time(() => {
    const acc = new Float64Array(model.dim);
    const labels = new Int32Array(1);
    const probs = new Float64Array(1);
    const enc = new TextEncoder();
    const buf = new Uint8Array(1 << 20);
    for (const d of docs) {
      const n = enc.encodeInto(d, buf).written;
      acc.fill(0);
      sink += model.predictAccumulated(acc, model.accumulate(buf, 0, n, acc), 1, labels, probs);
    }
  })],
  ['sito LID stage, fastText only (+ per-line shares)', docs.length, totalBytes, () => time(() => { for (const d of docs) sink += ftStage.identify(d).score; })],
  ['sito LID stage, cascade fastText→CLD3 (+ shares) [default]', docs.length, totalBytes, () => time(() => { for (const d of docs) sink += fused.identify(d).score; })],
  ['CLD3 alone (cld3-asm, 512 bytes)', docs.length, totalBytes, () => time(() => { for (const d of docs) sink += cld3.identify(d).probability; })],
  ['fasttext.js WASM build (150-doc subset)', wasmDocs.length, wasmBytes, () => time(() => { for (const d of wasmDocs) sink += wasm.predict(d, 1).length; })],
];
for (const [name, n, bytes] of runners) rows.push({ name, docs: n, bytes, best: Infinity, bestWall: Infinity });
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < runners.length; i++) {
    const [name, , , run] = runners[i]!;
    if (i === 0 && !cliAvailable) continue;
    try {
      const t = await run();
      rows[i]!.best = Math.min(rows[i]!.best, t.cpu);
      rows[i]!.bestWall = Math.min(rows[i]!.bestWall, t.wall);
    } catch (e) {
      console.error(`${name}: ${(e as Error).message}`);
    }
  }
}
let cascadeCld3 = 0;
for (const d of docs) {
  const top = fused.fastTextCandidates(d)[0];
  if (top && fused.fusion.needsCld3(top)) cascadeCld3++;
}

const cli = rows[0]!;
console.log(`### Language identification (~2 KB documents)\n`);
console.log(`${docs.length} documents, ${(totalBytes / 1e6).toFixed(2)} MB (Lingua sentences of 34 languages joined into pages of ~2 KB, one sentence per line); one thread; best of ${ROUNDS} round-robin rounds. Rates are per second of CPU time of the process doing the work (the CLI's from the kernel's child accounting), because wall time swings several-fold on this shared machine; best wall-clock rates beside them.\n`);
console.log(`| engine | docs/s (CPU time) | MB/s (CPU time) | × native CLI | docs/s (wall) |`);
console.log(`|---|---:|---:|---:|---:|`);
for (const r of rows) {
  if (!Number.isFinite(r.best)) {
    console.log(`| ${r.name} | ${r === cli ? 'not installed (apt-get install -y fasttext)' : 'failed'} | | | |`);
    continue;
  }
  const dps = r.docs / r.best;
  const ratio = Number.isFinite(cli.best) ? (dps / (cli.docs / cli.best)).toFixed(2) : 'n/a';
  console.log(`| ${r.name} | ${dps.toFixed(0)} | ${(r.bytes / r.best / 1e6).toFixed(2)} | ${ratio} | ${(r.docs / r.bestWall).toFixed(0)} |`);
}
console.log(`\nThe cascade consulted CLD3 on ${((100 * cascadeCld3) / docs.length).toFixed(1)} % of these documents. Baseline: \`fasttext predict-prob lid.176.ftz - 1\` (Debian package fasttext) on the same documents, newlines turned into spaces, process start and model load included (as a pipeline stage pays them once). Command: \`npm run bench -- lid\`.${sink < 0 ? ' ' : ''}\n`);
fused.dispose();
ftStage.dispose();
cld3.dispose();
