#!/usr/bin/env node
/**
 * Builds samples/web-sample.jsonl.gz, the embedded multilingual sample the README's demo runs on.
 * Usage: node scripts/make-sample.mjs CORPORA_DIR PL_NMT_JSONL
 *   CORPORA_DIR: the output of `sito corpus build` (per language: heldout.txt, heldout-native.txt)
 *   PL_NMT_JSONL: ../shared/mt/pl-nmt.jsonl (Polish machine translation)
 * Documents are blank-line-separated blocks of the held-out splits, so none of them was used to
 * train a shipped model. Deterministic: the same inputs give the same file.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const [corpora, plNmt] = process.argv.slice(2);
if (!corpora || !plNmt) {
  console.error('usage: node scripts/make-sample.mjs CORPORA_DIR PL_NMT_JSONL');
  process.exit(2);
}
const PER_LANGUAGE = { pl: 60, en: 12, de: 12, fr: 8, es: 8, it: 8, pt: 8, cs: 12, ru: 8, uk: 8, nl: 8 };

function blocks(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split(/\n\s*\n/).map((b) => b.trim()).filter((b) => b.length >= 200 && b.length <= 4000);
}

/** Every k-th block, so the sample spreads over the whole split rather than its first page. */
function spread(items, n) {
  if (items.length <= n) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]);
}

const docs = [];
for (const [lang, n] of Object.entries(PER_LANGUAGE)) {
  const native = blocks(join(corpora, lang, 'heldout-native.txt'));
  const translated = blocks(join(corpora, lang, 'heldout.txt')).filter((b) => !native.includes(b));
  const picked = [...spread(native, Math.ceil(n / 2)), ...spread(translated, n)].slice(0, n);
  picked.forEach((text, i) => docs.push({ id: `${lang}-${native.includes(text) ? 'native' : 'human'}-${i}`, source: `debian-heldout/${lang}`, text }));
}
// Polish machine translation of English documentation (a weak NMT system): what sito's MT
// scorer exists to catch. Paragraphs of one source document are joined into one web-page-like text.
const bySource = new Map();
for (const line of readFileSync(plNmt, 'utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line);
  if (!bySource.has(r.source)) bySource.set(r.source, []);
  bySource.get(r.source).push(r.mt);
}
const mtDocs = spread([...bySource.entries()].filter(([, p]) => p.join('\n').length >= 400), 30);
mtDocs.forEach(([source, paragraphs], i) => docs.push({ id: `pl-mt-${i}`, source: `pl-nmt/${source}`, text: paragraphs.slice(0, 8).join('\n') }));
// A mixed page: Polish text with an English boilerplate block, to show per-line shares.
const pl = docs.find((d) => d.id.startsWith('pl-native'));
const en = docs.find((d) => d.id.startsWith('en-'));
if (pl && en) docs.push({ id: 'mixed-pl-en-0', source: 'constructed', text: `${pl.text}\n${en.text.split('\n').slice(0, 3).join('\n')}` });

// Interleave languages as a crawl would.
docs.sort((a, b) => hash(a.id) - hash(b.id));
writeFileSync('samples/web-sample.jsonl.gz', gzipSync(docs.map((d) => JSON.stringify(d)).join('\n') + '\n', { level: 9 }));
console.error(`wrote samples/web-sample.jsonl.gz: ${docs.length} documents`);

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
