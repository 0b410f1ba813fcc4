/**
 * Streaming I/O throughput: read (parse + validate every record) and read+write (re-serialise
 * each record to a file of the same kind) for plain, gzip and zstd JSONL of ~2 KB documents,
 * beside `cat` / `zcat` / `zstdcat` of the same file to /dev/null, measured in the same run.
 *
 * Data: documents made of real Polish sentences (../shared/kenlm/data/train.pl.txt) shuffled
 * into ~2 KB texts, generated once under /work/data/io (or $SITO_BENCH_DIR).
 * Size: $SITO_BENCH_IO_DOCS documents (default 25,000, about 55 MB uncompressed).
 */
import { existsSync, mkdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readDocuments } from '../src/io/reader.js';
import { openRecordWriter } from '../src/io/writer.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = process.env.SITO_SHARED ?? join(repoRoot, '..', 'shared');
const docs = Number(process.env.SITO_BENCH_IO_DOCS ?? 25_000);
const dataDir = join(process.env.SITO_BENCH_DIR ?? '/work/data/io', `docs-${docs}`);
const rounds = Number(process.env.SITO_BENCH_ROUNDS ?? 2);

interface Variant {
  label: string;
  file: string;
  baselineTool: string;
}

const variants: Variant[] = [
  { label: 'plain', file: join(dataDir, 'docs.jsonl'), baselineTool: 'cat' },
  { label: 'gzip', file: join(dataDir, 'docs.jsonl.gz'), baselineTool: 'zcat' },
  { label: 'zstd', file: join(dataDir, 'docs.jsonl.zst'), baselineTool: 'zstdcat' },
];

/** A deterministic PRNG, so every run benchmarks the same bytes. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(): Promise<void> {
  if (variants.every((v) => existsSync(v.file))) return;
  mkdirSync(dataDir, { recursive: true });
  const sentences = readFileSync(join(shared, 'kenlm', 'data', 'train.pl.txt'), 'utf8').split('\n').filter((s) => s.trim());
  const random = mulberry32(42);
  const writers = variants.map((v) => openRecordWriter(v.file));
  for (let i = 0; i < docs; i++) {
    const parts: string[] = [];
    let size = 0;
    while (size < 2000) {
      const s = sentences[Math.floor(random() * sentences.length)]!;
      parts.push(s);
      size += Buffer.byteLength(s) + 1;
    }
    const record = { id: `doc-${i}`, url: `https://example.pl/strona/${i}`, text: parts.join('\n'), meta: { crawl: 'bench', n: i } };
    for (const w of writers) await w.write(record);
  }
  for (const w of writers) await w.commit();
}

function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

interface Timing {
  wall: number;
  cpu: number;
}

/** Wall and CPU seconds (user + system) of a shell command, via bash's `time`. */
function timeShell(command: string): Timing {
  const start = performance.now();
  const run = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time (${command})`], { encoding: 'utf8' });
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  const [user, sys] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: user! + sys! };
}

/** Wall and CPU seconds of this process (CPU includes libuv threads, where zlib runs). */
async function timeOwn(fn: () => Promise<void>): Promise<Timing> {
  gc?.();
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function read(file: string): Promise<void> {
  let count = 0;
  for await (const event of readDocuments([file])) {
    if (event.kind !== 'doc') throw new Error(`unexpected ${event.kind} while benchmarking`);
    count++;
  }
  if (count !== docs) throw new Error(`read ${count} of ${docs} documents from ${file}`);
}

/** Read, and write every record back with tags: appended to the line as read, or re-serialised. */
async function readWrite(file: string, out: string, how: 'tagged' | 'reserialise'): Promise<void> {
  const writer = openRecordWriter(out);
  const tags = { lang: 'pl', lang_score: 0.99 };
  for await (const event of readDocuments([file])) {
    if (event.kind !== 'doc') continue;
    if (how === 'tagged') await writer.writeTagged(event.doc, 'sito', tags);
    else await writer.write({ ...event.doc.record, sito: tags });
  }
  await writer.commit();
}

/** Fastest of the rounds, by CPU time and by wall time separately. */
function best(timings: Timing[]): Timing {
  return { wall: Math.min(...timings.map((t) => t.wall)), cpu: Math.min(...timings.map((t) => t.cpu)) };
}

const gc = (globalThis as { gc?: () => void }).gc;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  await generate();
  const mb = statSync(variants[0]!.file).size / 1e6;
  const cpuRows: string[] = [];
  const wallRows: string[] = [];
  for (const v of variants) {
    const size = statSync(v.file).size;
    const haveTool = which(v.baselineTool);
    const base: Timing[] = [];
    const reads: Timing[] = [];
    const readWrites: Timing[] = [];
    const reserialised: Timing[] = [];
    const out = join(dataDir, `out-${v.label}${v.file.slice(v.file.indexOf('.jsonl'))}`);
    for (let r = 0; r < rounds; r++) {
      if (haveTool) base.push(timeShell(`${v.baselineTool} '${v.file}' > /dev/null`));
      reads.push(await timeOwn(() => read(v.file)));
      readWrites.push(await timeOwn(() => readWrite(v.file, out, 'tagged')));
      reserialised.push(await timeOwn(() => readWrite(v.file, out, 'reserialise')));
    }
    rmSync(out, { force: true });
    const b = haveTool ? best(base) : undefined;
    const rd = best(reads);
    const rw = best(readWrites);
    const rs = best(reserialised);
    for (const [rows, key] of [[cpuRows, 'cpu'], [wallRows, 'wall']] as const) {
      const tool = b ? `\`${v.baselineTool}\` ${int(mb / b[key])}` : `(${v.baselineTool} not installed)`;
      const ratio = b ? `${(b[key] / rd[key]).toFixed(2)}×` : '–';
      rows.push(`| ${v.label} | ${(size / 1e6).toFixed(1)} | ${tool} | ${int(mb / rd[key])} | ${int(docs / rd[key])} | ${ratio} | ${int(mb / rw[key])} | ${int(docs / rw[key])} | ${int(docs / rs[key])} |`);
    }
  }
  const header = '| input | file MB | baseline MB/s | read MB/s | read docs/s | baseline time ÷ read time | read+write MB/s | read+write docs/s | … re-serialised docs/s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  console.log('### Streaming I/O (JSONL, ~2 KB documents)\n');
  console.log(
    `${int(docs)} documents, ${mb.toFixed(1)} MB uncompressed (real Polish sentences), best of ${rounds} rounds. ` +
      'MB/s are uncompressed bytes per second. "read" = `readDocuments` parsing and validating every record ' +
      '(strict UTF-8, JSON, text field); "read+write" also writes each record with a `sito` key added, to a file of the ' +
      'same kind (gzip level 6, zstd level 3), with `writeTagged` (the key appended to the line as read); ' +
      '"re-serialised" does the same with `write({...record, sito})` (JSON.stringify of the whole record). Baseline: the system tool decompressing the ' +
      'same file to /dev/null in the same run (it does no parsing).\n',
  );
  console.log('Per CPU-second (user + system of all threads; robust to other load on the machine):\n');
  console.log(header);
  for (const row of cpuRows) console.log(row);
  console.log('\nWall clock (zlib and the file system work on libuv threads, beside the main thread):\n');
  console.log(header);
  for (const row of wallRows) console.log(row);
  console.log(`\nCommand: \`npm run bench -- io\` (SITO_BENCH_IO_DOCS=${docs}; data generated once in ${dataDir}).\n`);
}

await main();
