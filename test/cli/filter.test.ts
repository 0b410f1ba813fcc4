/**
 * `sito filter` and `sito tag` as a user runs them: real Polish and English text, a real
 * worker pool, compressed files, malformed records, an interrupted run.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { sharedPath, sitoBin, tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
let polish: string[];
let english: string[];

before(() => {
  ({ dir, cleanup } = tempDir());
  const lines = readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8').split('\n').filter((l) => l.split(' ').length >= 8);
  polish = [];
  for (let i = 0; i + 4 <= 160; i += 4) polish.push(lines.slice(i, i + 4).join(' '));
  english = readFileSync(sharedPath('mt', 'pl-nmt.jsonl'), 'utf8')
    .split('\n', 400)
    .map((l) => JSON.parse(l) as { en: string })
    .map((r) => r.en)
    .filter((t) => t.split(' ').length >= 12)
    .slice(0, 40);
});
after(() => cleanup());

function sito(args: string[], input?: string) {
  return spawnSync(process.execPath, [sitoBin, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
}

function mixedJsonl(): { text: string; ids: { pl: string[]; en: string[] } } {
  const rows: string[] = [];
  const ids = { pl: [] as string[], en: [] as string[] };
  for (let i = 0; i < 40; i++) {
    ids.pl.push(`pl-${i}`);
    rows.push(JSON.stringify({ id: `pl-${i}`, url: `https://example.pl/${i}`, text: polish[i], meta: { n: i } }));
    ids.en.push(`en-${i}`);
    rows.push(JSON.stringify({ id: `en-${i}`, text: english[i] }));
  }
  return { text: `${rows.join('\n')}\n`, ids };
}

test('filter --lang pl keeps the Polish documents in order, rejects the rest with reasons, counts add up', () => {
  const { text, ids } = mixedJsonl();
  const input = join(dir, 'mixed.jsonl.gz');
  const broken = `${text}{"id": "bad-json", "text": \n{"id": "no-text"}\n`;
  writeFileSync(input, gzipSync(broken));
  const out = join(dir, 'pl.jsonl');
  const rejected = join(dir, 'rejected.jsonl');
  const stats = join(dir, 'stats.json');
  const r = sito(['filter', '--lang', 'pol_Latn', '--max-mt', '1', '--workers', '2', input, '-o', out, '--rejected', rejected, '--stats', stats]);
  assert.equal(r.status, 0, r.stderr);
  const kept = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(kept.map((k) => k.id), ids.pl, 'every Polish document, in input order');
  // Fields pass through untouched and in order; tags live under one key.
  assert.deepEqual(Object.keys(kept[0]), ['id', 'url', 'text', 'meta', 'sito']);
  assert.equal(kept[0].sito.lang, 'pl');
  assert.ok(kept.every((k) => k.sito.lang_score >= 0.5));
  const rej = readFileSync(rejected, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rej.length, 42);
  assert.ok(rej.filter((x) => x.reason.startsWith('lang:')).length === 40);
  assert.ok(rej.some((x) => x.reason.startsWith('malformed-json') && x.line === 81));
  assert.ok(rej.some((x) => x.reason.startsWith('missing-text') && x.line === 82));
  assert.match(r.stderr, /read 82 = kept 40 \+ rejected 42/);
  assert.match(r.stderr, /mixed\.jsonl\.gz:81: malformed-json/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const summary = JSON.parse(readFileSync(stats, 'utf8'));
  assert.equal(summary.languages.pl.documents, 40);
  assert.equal(summary.languages.pl.kept, 40);
  assert.equal(summary.languages.en.dropped, 40);
  assert.ok(summary.languages.pl.words > 1000);
});

test('tag drops nothing and reads stdin, writes stdout; --split-by-lang writes one file per language', () => {
  const { text } = mixedJsonl();
  const r = sito(['tag', '--lid-only', '--workers', '1'], text);
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 80);
  assert.equal(rows.filter((x) => x.sito.lang === 'pl').length, 40);
  assert.equal(rows.filter((x) => x.sito.lang === 'en').length, 40);

  const splitDir = join(dir, 'split');
  const s = sito(['tag', '--lid-only', '--split-by-lang', splitDir, '-'], text);
  assert.equal(s.status, 0, s.stderr);
  const files = readdirSync(splitDir).sort();
  assert.ok(files.some((f) => f.startsWith('pl.')) && files.some((f) => f.startsWith('en.')), files.join(','));
  const plFile = files.find((f) => f.startsWith('pl.'))!;
  const raw = readFileSync(join(splitDir, plFile));
  const content = plFile.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  assert.equal(content.trim().split('\n').length, 40);
});

test('an unknown language code is a one-line error', () => {
  const r = sito(['filter', '--lang', 'klingonese', '-'], '');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^sito: unknown language 'klingonese'/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('an interrupted run leaves no partial output behind', async () => {
  const big = join(dir, 'big.jsonl');
  const rows: string[] = [];
  for (let i = 0; i < 30_000; i++) rows.push(JSON.stringify({ id: i, text: polish[i % polish.length] }));
  writeFileSync(big, `${rows.join('\n')}\n`);
  const out = join(dir, 'interrupted.jsonl');
  const child = spawn(process.execPath, [sitoBin, 'tag', '--lid-only', '--workers', '1', big, '-o', out], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1500));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  assert.notEqual(code, 0);
  assert.equal(existsSync(out), false, 'no output file');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('interrupted')), [], 'no temporary file either');
});
