/**
 * Machine-translates extracted paragraphs with Debian's Apertium, for MT training/evaluation data.
 * Only documents that also have a human translation in the target language are translated, so
 * human and machine versions of the same source can be paired (same `doc`, same `par`).
 *
 * Usage: node dist/scripts/mt/translate-apertium.js MODE SRC.jsonl HUMAN.jsonl OUT.jsonl [--skip-docs N] [--max-docs N] [--reserved-only|--unreserved-only|--dev-split]
 *   MODE: an Apertium mode (eng-spa, fr-es, pt-es, cat-spa, …).
 *   --skip-docs N: leave out the first N documents of the sample order (a second, disjoint sample).
 *   --dev-split: only non-reserved documents on the dev side of `sito mt train`'s split (default
 *   fraction and seed): MT of documents whose human side the trainer never trains on, for the
 *   transfer dev sets that design choices are made on.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { normalizeApertium } from '../../src/mt/normalize-mt.js';
import { DEFAULT_DEV_FRACTION, isDev, stableHash } from '../../src/mt/train.js';

interface Para { doc: string; par: string; text: string; genre: string; reserved: boolean }

const readJsonl = (p: string): Para[] => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Para);

function translateBatch(mode: string, texts: string[]): string[] {
  const input = texts.map((t) => t.replace(/\n+/g, ' ')).join('\n\n') + '\n';
  // apertium's txt deformatter rejects a pipe on stdin here, so it gets files.
  const dir = mkdtempSync(join(tmpdir(), 'sito-apertium-'));
  const inFile = join(dir, 'in.txt');
  const outFile = join(dir, 'out.txt');
  writeFileSync(inFile, input);
  const r = spawnSync('apertium', ['-u', mode, inFile, outFile], { maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`apertium ${mode} failed: ${r.stderr.toString()}`);
  const result = readFileSync(outFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const out = result.split(/\n\s*\n/).map((s) => s.trim());
  while (out.length && out[out.length - 1] === '') out.pop();
  if (out.length === texts.length) return out;
  console.error(`apertium ${mode}: ${texts.length} paragraphs in, ${out.length} out; retrying in halves`);
  // Apertium merged or split a paragraph: halve the batch until the counts agree.
  if (texts.length === 1) return [out.join(' ')];
  const mid = texts.length >> 1;
  return [...translateBatch(mode, texts.slice(0, mid)), ...translateBatch(mode, texts.slice(mid))];
}

function main(argv: string[]): void {
  const [mode, srcPath, humanPath, outPath, ...flags] = argv;
  if (!mode || !srcPath || !humanPath || !outPath) throw new Error('usage: translate-apertium MODE SRC.jsonl HUMAN.jsonl OUT.jsonl [--skip-docs N] [--max-docs N] [--reserved-only|--unreserved-only|--dev-split]');
  const maxIdx = flags.indexOf('--max-docs');
  const maxDocs = maxIdx >= 0 ? Number(flags[maxIdx + 1]) : Infinity;
  const skipIdx = flags.indexOf('--skip-docs');
  const skipDocs = skipIdx >= 0 ? Number(flags[skipIdx + 1]) : 0;
  const humanDocs = new Set(readJsonl(humanPath).map((p) => p.doc));
  let paras = readJsonl(srcPath).filter((p) => humanDocs.has(p.doc));
  if (flags.includes('--reserved-only')) paras = paras.filter((p) => p.reserved);
  if (flags.includes('--unreserved-only')) paras = paras.filter((p) => !p.reserved);
  if (flags.includes('--dev-split')) paras = paras.filter((p) => !p.reserved && isDev(p.doc, DEFAULT_DEV_FRACTION));
  // Stable pseudo-random order of document keys, so `--max-docs` picks the same sample each run.
  const docs = [...new Set(paras.map((p) => p.doc))].sort((a, b) => stableHash(a) - stableHash(b)).slice(skipDocs, skipDocs + maxDocs);
  const keep = new Set(docs);
  paras = paras.filter((p) => keep.has(p.doc));
  const out: string[] = [];
  const BATCH = 1500;
  for (let i = 0; i < paras.length; i += BATCH) {
    const batch = paras.slice(i, i + BATCH);
    const mt = translateBatch(mode, batch.map((p) => p.text));
    console.error(`${mode}: ${Math.min(i + BATCH, paras.length)}/${paras.length}`);
    batch.forEach((p, k) => {
      const text = normalizeApertium(mt[k]!);
      if (text) out.push(JSON.stringify({ ...p, text, src: mode.split('-')[0] }));
    });
  }
  writeFileSync(outPath, out.join('\n') + '\n');
  console.error(`${outPath}: ${out.length} paragraphs from ${docs.length} documents (${mode})`);
}

main(process.argv.slice(2));
