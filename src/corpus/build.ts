/**
 * Builds one language's corpus from the manifest: fetch packages, extract documents, drop
 * reserved documents, hold out whole documents, filter prose, de-duplicate, cap, write.
 *
 * Output (in `<out>/<lang>/`):
 *   train.txt            one sentence per line
 *   heldout.txt          held-out documents: one sentence per line, a blank line after each paragraph
 *   heldout-native.txt   the native part of heldout.txt (only when the language has native sources)
 *   sources.json         lock and statistics: package versions and checksums, words per source
 *
 * Same manifest + same package versions + same tool versions ⇒ byte-identical files: every
 * choice is a sort or a seeded hash, never an iteration order or a clock.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic-file.js';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { SitoError } from '../errors.js';
import type { CorpusManifest, LoadedManifest, SourceSpec } from './manifest.js';
import { fetchPackage, toolVersions, type FetchedPackage } from './debian.js';
import { ReservedDocuments } from './reserved.js';
import { proseRules, rejectReason, splitSentences, squeeze, wordCount, type ProseRules } from './text.js';
import { fortuneParagraphs } from './extract/fortune.js';
import { HTML_RULES, XML_DOC_RULES, markupToParagraphs } from './extract/markup.js';
import { cleanMessage, moMessages } from './extract/mo.js';
import { manParagraphs, renderManPage } from './extract/man.js';
import { FastTextModel } from '../lid/fasttext.js';
import { defaultFastTextModelPath } from '../lid/identifier.js';

/** One document: the unit of the held-out split. A paragraph is a list of lines. */
export interface SourceDocument {
  id: string;
  paragraphs: string[][];
}

export interface BuildOptions {
  outDir: string;
  cacheDir: string;
  reservedPath: string;
  /** Exact versions to use (from an earlier sources.json), so a rebuild uses the same inputs. */
  lockedVersions?: Record<string, string>;
  log?: (message: string) => void;
  /** false: no sentence-level language ID (function words only). */
  lid?: boolean;
  /** How packages are obtained; default `fetchPackage` (apt-get download). Tests pass unpacked trees. */
  fetch?: (name: string, roots: string[], cacheDir: string, version?: string) => FetchedPackage;
}

export interface SourceStats {
  id: string;
  kind: string;
  native: boolean;
  packages: string[];
  documents: number;
  reserved_excluded: number;
  heldout_documents: number;
  train_words: number;
  heldout_words: number;
  train_sentences: number;
  heldout_sentences: number;
  capped_documents: number;
  duplicates: number;
  rejected: Record<string, number>;
}

export interface CorpusLock {
  lang: string;
  manifest_sha256: string;
  seed: string;
  tools: Record<string, string>;
  packages: { name: string; version: string; architecture: string; sha256: string; size: number }[];
  sources: SourceStats[];
  totals: { train_words: number; heldout_words: number; heldout_native_words: number; train_sentences: number };
  files: Record<string, string>;
}

/** Extracts the documents of one source from unpacked packages. */
export async function extractSource(spec: SourceSpec, packageDirs: string[], manifest: CorpusManifest): Promise<SourceDocument[]> {
  const files: { id: string; path: string }[] = [];
  const seen = new Set<string>();
  for (const dir of packageDirs) {
    const root = join(dir, spec.root);
    if (!existsSync(root)) continue;
    const ids = globSync(spec.include, { cwd: root, ignore: spec.exclude ?? [], onlyFiles: true, followSymbolicLinks: false });
    for (const id of ids.sort()) {
      const path = join(root, id);
      // Symbolic links are aliases of pages already taken (man page links, LibreOffice shared files).
      if (lstatSync(path).isSymbolicLink() || seen.has(id)) continue;
      seen.add(id);
      files.push({ id, path });
    }
  }
  files.sort((a, b) => compare(a.id, b.id));
  const drop = (spec.drop_lines ?? []).map((re) => new RegExp(re, 'u'));
  const keep = (p: string): boolean => !drop.some((re) => re.test(p));
  const docs: SourceDocument[] = [];
  switch (spec.kind) {
    case 'fortune':
      for (const f of files) {
        const paragraphs = fortuneParagraphs(readFileSync(f.path), { rot13: spec.rot13, fallbackEncoding: spec.fallback_encoding }).map((p) => p.filter(keep));
        const size = spec.chunk_entries;
        if (!size) docs.push({ id: f.id, paragraphs });
        else for (let start = 0; start < paragraphs.length; start += size) docs.push({ id: `${f.id}#${String(start / size).padStart(4, '0')}`, paragraphs: paragraphs.slice(start, start + size) });
      }
      break;
    case 'html':
    case 'xml': {
      const rules = spec.kind === 'html' ? HTML_RULES : XML_DOC_RULES;
      for (const f of files) {
        const paragraphs = markupToParagraphs(readFileSync(f.path, 'utf8'), rules).filter(keep);
        docs.push({ id: f.id, paragraphs: paragraphs.map((p) => [p]) });
      }
      break;
    }
    case 'man': {
      const rendered = await mapLimited(files, 2, (f) => renderManPage(f.path));
      files.forEach((f, i) => docs.push({ id: f.id, paragraphs: manParagraphs(rendered[i]).filter(keep).map((p) => [p]) }));
      break;
    }
    case 'mo':
      for (const f of files) {
        const messages = moMessages(readFileSync(f.path));
        for (let start = 0; start < messages.length; start += manifest.mo_chunk) {
          const chunk = messages.slice(start, start + manifest.mo_chunk);
          const id = `${f.id}#${String(start / manifest.mo_chunk).padStart(4, '0')}`;
          docs.push({ id, paragraphs: chunk.map((m) => cleanMessage(m).filter(keep)) });
        }
      }
      break;
  }
  return docs;
}

/**
 * Bump when an extractor's output changes, so that cached extractions are redone. Extraction
 * (man page rendering above all) is the slow part of a build; filtering, splitting and caps run
 * on the cached documents.
 */
export const EXTRACTOR_VERSION = 2;

async function cachedExtract(spec: SourceSpec, packages: FetchedPackage[], manifest: CorpusManifest, cacheDir: string, log: (m: string) => void): Promise<SourceDocument[]> {
  const key = createHash('sha256')
    .update(JSON.stringify({ v: EXTRACTOR_VERSION, spec: { ...spec, max_words: undefined, heldout_fraction: undefined, native: undefined }, chunk: manifest.mo_chunk, packages: packages.map((p) => [p.name, p.version, p.sha256]) }))
    .digest('hex')
    .slice(0, 16);
  const path = join(cacheDir, 'extracted', `${spec.id}-${key}.json`);
  if (existsSync(path)) {
    log(`extracted ${spec.id} (cached)`);
    return JSON.parse(readFileSync(path, 'utf8')) as SourceDocument[];
  }
  log(`extracting ${spec.id}`);
  const docs = await extractSource(spec, packages.map((p) => p.dir), manifest);
  mkdirSync(join(cacheDir, 'extracted'), { recursive: true });
  writeFileAtomicSync(path, JSON.stringify(docs));
  return docs;
}

/** A number in [0, 1) fixed by the seed and the document's identity: the seeded shuffle. */
export function documentDraw(seed: string, lang: string, source: string, docId: string): number {
  const h = createHash('sha256').update(`${seed}\0${lang}\0${source}\0${docId}`).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/** Key for de-duplication: case, punctuation and spacing do not make a sentence new. */
export function dedupKey(sentence: string): string {
  return sentence.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

interface CleanParagraph {
  sentences: string[];
}

/** Sentences of one document that pass the prose filter; counts rejections. */
function cleanDocument(doc: SourceDocument, rules: ProseRules, rejected: Record<string, number>): CleanParagraph[] {
  const out: CleanParagraph[] = [];
  for (const paragraph of doc.paragraphs) {
    const sentences: string[] = [];
    for (const line of paragraph) {
      for (const s of splitSentences(line)) {
        const reason = rejectReason(s, rules);
        if (reason) rejected[reason] = (rejected[reason] ?? 0) + 1;
        else sentences.push(squeeze(s));
      }
    }
    if (sentences.length) out.push({ sentences });
  }
  return out;
}

export async function buildLanguage(loaded: LoadedManifest, lang: string, options: BuildOptions): Promise<CorpusLock> {
  const { manifest } = loaded;
  const spec = manifest.languages[lang];
  if (!spec) throw new SitoError(`language '${lang}' is not in the manifest (has: ${Object.keys(manifest.languages).join(', ')})`, { file: loaded.path });
  const log = options.log ?? (() => undefined);
  const reserved = ReservedDocuments.load(options.reservedPath);
  // Sentence-level language ID with sito's own fastText (lid.176) inference.
  const lid = options.lid === false ? undefined : FastTextModel.fromFile(defaultFastTextModelPath());
  const identify = lid ? (line: string) => lid.predict(line, 2) : undefined;
  const rules = proseRules(lang, spec.script, manifest.function_words, manifest.min_words, manifest.max_words, identify);

  // 1. Fetch every package once, unpacking the union of the roots its sources need.
  const roots = new Map<string, Set<string>>();
  for (const s of spec.sources) for (const p of s.packages) (roots.get(p) ?? roots.set(p, new Set()).get(p)!).add(s.root);
  const fetched = new Map<string, FetchedPackage>();
  for (const name of [...roots.keys()].sort(compare)) {
    log(`${lang}: fetching ${name}`);
    fetched.set(name, (options.fetch ?? fetchPackage)(name, [...roots.get(name)!].sort(compare), options.cacheDir, options.lockedVersions?.[name]));
  }

  // 2. Extract and assign every document to train or held-out.
  type Placed = { source: SourceSpec; stats: SourceStats; doc: SourceDocument; draw: number; heldout: boolean };
  const placed: Placed[] = [];
  const stats: SourceStats[] = [];
  for (const source of spec.sources) {
    const docs = await cachedExtract(source, source.packages.map((p) => fetched.get(p)!), manifest, options.cacheDir, (m) => log(`${lang}: ${m}`));
    const st: SourceStats = {
      id: source.id, kind: source.kind, native: source.native === true, packages: source.packages,
      documents: 0, reserved_excluded: 0, heldout_documents: 0, train_words: 0, heldout_words: 0,
      train_sentences: 0, heldout_sentences: 0, capped_documents: 0, duplicates: 0, rejected: {},
    };
    stats.push(st);
    const fraction = source.heldout_fraction ?? (source.native ? manifest.native_heldout_fraction : manifest.heldout_fraction);
    for (const doc of docs) {
      if (reserved.has(source.reserved, doc.id.replace(/#\d+$/, ''))) {
        st.reserved_excluded++;
        continue;
      }
      st.documents++;
      const draw = documentDraw(manifest.seed, lang, source.id, doc.id);
      placed.push({ source, stats: st, doc, draw, heldout: draw < fraction });
    }
  }

  // 3. Clean and de-duplicate: held-out native first, then other held-out, then train, so a
  //    sentence shared between splits stays in the evaluation text and leaves the training text.
  const sourceIndex = new Map(spec.sources.map((s, i) => [s.id, i]));
  const rank = (p: Placed): number => (p.heldout ? (p.source.native ? 0 : 1) : 2);
  placed.sort((a, b) => rank(a) - rank(b) || sourceIndex.get(a.source.id)! - sourceIndex.get(b.source.id)! || a.draw - b.draw || compare(a.doc.id, b.doc.id));
  const seen = new Set<string>();
  const train: string[] = [];
  const heldout: string[] = [];
  const heldoutNative: string[] = [];
  let heldoutNativeWords = 0;
  for (const p of placed) {
    const st = p.stats;
    const cap = p.source.max_words;
    if (!p.heldout && cap !== undefined && st.train_words >= cap) {
      st.capped_documents++;
      continue;
    }
    const paragraphs = cleanDocument(p.doc, rules, st.rejected);
    let docHeld = false;
    for (const para of paragraphs) {
      const kept: string[] = [];
      for (const s of para.sentences) {
        const key = dedupKey(s);
        if (seen.has(key)) {
          st.duplicates++;
          continue;
        }
        seen.add(key);
        kept.push(s);
      }
      if (kept.length === 0) continue;
      const words = kept.reduce((n, s) => n + wordCount(s), 0);
      if (p.heldout) {
        docHeld = true;
        heldout.push(...kept, '');
        st.heldout_words += words;
        st.heldout_sentences += kept.length;
        if (p.source.native) {
          heldoutNative.push(...kept, '');
          heldoutNativeWords += words;
        }
      } else {
        train.push(...kept);
        st.train_words += words;
        st.train_sentences += kept.length;
      }
    }
    if (docHeld) st.heldout_documents++;
  }

  // 4. Write the corpus and its lock.
  const dir = join(options.outDir, lang);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  const write = (name: string, lines: string[]): void => {
    const text = lines.length ? `${lines.join('\n')}\n` : '';
    writeFileSync(join(dir, name), text);
    files[name] = createHash('sha256').update(text).digest('hex');
  };
  write('train.txt', train);
  write('heldout.txt', heldout);
  if (spec.sources.some((s) => s.native)) write('heldout-native.txt', heldoutNative);
  for (const st of stats) st.rejected = sortedRecord(st.rejected);
  const lock: CorpusLock = {
    lang,
    manifest_sha256: loaded.sha256,
    seed: manifest.seed,
    tools: { ...toolVersions(), ...(lid ? { 'lid.176.ftz': createHash('sha256').update(readFileSync(defaultFastTextModelPath())).digest('hex') } : {}) },
    packages: [...fetched.values()].map(({ name, version, architecture, sha256, size }) => ({ name, version, architecture, sha256, size })),
    sources: stats,
    totals: {
      train_words: stats.reduce((n, s) => n + s.train_words, 0),
      heldout_words: stats.reduce((n, s) => n + s.heldout_words, 0),
      heldout_native_words: heldoutNativeWords,
      train_sentences: train.length,
    },
    files,
  };
  writeFileSync(join(dir, 'sources.json'), `${JSON.stringify(lock, null, 2)}\n`);
  return lock;
}

/** Package versions recorded by an earlier build, to rebuild from exactly the same inputs. */
export function lockedVersionsFrom(lockPath: string): Record<string, string> {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as CorpusLock;
  return Object.fromEntries(lock.packages.map((p) => [p.name, p.version]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRecord(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => compare(a, b)));
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
