/**
 * `npm run bench`: runs every bench/*.bench.ts (compiled) one after another, each in its own
 * process so one stage's heap cannot skew another's numbers, and prints their Markdown
 * sections. `npm run bench -- lid` runs only the files whose name contains "lid".
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`# sito benchmarks\n`);
console.log(`Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
let failed = 0;
for (const file of files) {
  const result = spawnSync(process.execPath, ['--expose-gc', join(benchDir, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`\n(${file} failed with exit code ${result.status})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
