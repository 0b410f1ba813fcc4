/**
 * Turns extracted and machine-translated paragraphs (scripts/mt/extract-debian.ts,
 * translate-apertium.ts) into the MT scorer's training files and held-out test sets.
 *
 * Training files (`train/*.jsonl`, `{text, doc}` per paragraph) hold only documents NOT in
 * ../shared/mt/reserved-documents.txt. Test sets (`test/*.jsonl`, `{text, label, group}`) are
 * built from the reserved documents (and, for Polish MT, from a document-level hold-out of
 * pl-nmt.jsonl, which has no reserved documents), so no test document is ever trained or tuned on.
 * The threshold is chosen on `train/threshold.{native,translated}.jsonl`: sito's own held-out
 * corpus text (`$SITO_CORPORA`, default /work/data/corpora), never on a test set.
 *
 * Usage: [SITO_CORPORA=DIR] [SITO_SHARED=DIR] node dist/scripts/mt/make-datasets.js LANG RAWDIR OUTDIR [PL_NMT.jsonl]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitParagraphs, tokenize } from '../../src/mt/features.js';
import { splitSentences } from '../../src/corpus/text.js';
import { DEFAULT_DEV_FRACTION, isDev, stableHash, toDocuments } from '../../src/mt/train.js';
import type { TextRecord } from '../../src/mt/data.js';

interface Para { doc: string; par: string; text: string; genre: string; reserved: boolean; src?: string; degenerate?: boolean }

const ENGLISH = new Set('the of and to in is that for it with as are be by this or from an which not can you if'.split(' '));

/** Untranslated English left in a "human translation" would teach the scorer that English is human. */
function looksEnglish(text: string): boolean {
  const words = tokenize(text).filter((t) => /\p{L}/u.test(t));
  if (words.length < 4) return false;
  return words.filter((w) => ENGLISH.has(w)).length / words.length > 0.12;
}

function readJsonl(path: string): Para[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Para);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

function writeJsonl(path: string, rows: object[]): void {
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  console.error(`${path}: ${rows.length} records`);
}

const trainRows = (ps: Para[]) => ps.filter((p) => !p.reserved).map((p) => ({ text: p.text, doc: p.doc }));

/** Document-level test records (chunks of ~3000 characters), grouped by source document. */
function docRecords(ps: Para[], label: 'mt' | 'human'): object[] {
  const recs: TextRecord[] = ps.map((p, i) => ({ text: p.text, doc: p.doc, line: i }));
  return toDocuments(recs, label === 'mt' ? 'mt' : 'human', 3000).map((d) => ({ text: d.text, label, group: d.key }));
}

function paraRecords(ps: Para[], label: 'mt' | 'human'): object[] {
  return ps.map((p) => ({ text: p.text, label, group: p.doc }));
}

/** A fixed-size deterministic sample (by hash of doc and paragraph id). */
function sample<T extends Para>(ps: T[], n: number): T[] {
  if (ps.length <= n) return ps;
  return [...ps].sort((a, b) => stableHash(`${a.doc}#${a.par}`) - stableHash(`${b.doc}#${b.par}`)).slice(0, n);
}

function buildSpanish(raw: string, out: string): void {
  const humanHelp = readJsonl(join(raw, 'es.lo-help.jsonl')).filter((p) => !looksEnglish(p.text));
  const humanMan = readJsonl(join(raw, 'es.man.jsonl')).filter((p) => !looksEnglish(p.text));
  const native = readJsonl(join(raw, 'es.fortunes.jsonl')).filter((p) => !looksEnglish(p.text));
  const mtHelp = readJsonl(join(raw, 'es.mt-eng.lo-help.jsonl'));
  const mtMan = readJsonl(join(raw, 'es.mt-eng.man.jsonl'));
  writeJsonl(join(out, 'train', 'human.help.jsonl'), trainRows(humanHelp));
  writeJsonl(join(out, 'train', 'human.man.jsonl'), trainRows(humanMan));
  writeJsonl(join(out, 'train', 'native.jsonl'), trainRows(native));
  writeJsonl(join(out, 'train', 'mt.help.jsonl'), trainRows(mtHelp));
  writeJsonl(join(out, 'train', 'mt.man.jsonl'), trainRows(mtMan));
  // Other source languages, kept apart from the test's (fra, por, cat): a model that has seen
  // Apertium from several sources learns MT Spanish rather than English-source quirks. (eus: for
  // the es.ui comparison model only.)
  for (const src of ['glg', 'ita', 'eus']) {
    const rows = trainRows(readJsonl(join(raw, `es.mt-${src}.lo-help.jsonl`)));
    if (rows.length) writeJsonl(join(out, 'train', `mt.help.${src}.jsonl`), rows);
  }
  // LibreOffice's interface messages (the es.ui comparison model): all non-reserved.
  const humanUi = readJsonl(join(raw, 'es.lo-ui.jsonl')).filter((p) => !looksEnglish(p.text));
  if (humanUi.length) writeJsonl(join(out, 'train', 'human.ui.jsonl'), trainRows(humanUi));
  for (const src of ['oci', 'ron', 'glg', 'ita', 'eus']) {
    const rows = trainRows(readJsonl(join(raw, `es.mt-${src}.lo-ui.jsonl`)));
    if (rows.length) writeJsonl(join(out, 'train', `mt.ui.${src}.jsonl`), rows);
  }
  // Transfer dev sets, for design choices (never a test set): Apertium output of non-reserved
  // documents on the trainer's dev side (its human side is never trained on) from a source
  // language, against the human Spanish of the same documents. fra and por are test-only source
  // languages, translated here from other documents; glg and ita are close languages like the
  // test's cat, and each measures close-language transfer only for a model trained without its
  // output (es.no-glg, es.no-ita).
  const devHelp = humanHelp.filter((p) => !p.reserved && isDev(p.doc, DEFAULT_DEV_FRACTION));
  for (const src of ['glg', 'ita', 'fra', 'por']) {
    const file = src === 'glg' || src === 'ita' ? `es.mt-${src}.lo-help.jsonl` : `es.mt-${src}.dev.lo-help.jsonl`;
    const mt = readJsonl(join(raw, file)).filter((p) => !p.reserved && isDev(p.doc, DEFAULT_DEV_FRACTION));
    if (mt.length === 0) continue;
    const docs = new Set(mt.map((p) => p.doc));
    mkdirSync(join(out, 'dev'), { recursive: true });
    writeJsonl(join(out, 'dev', `transfer.${src}.docs.jsonl`), [...docRecords(mt, 'mt'), ...docRecords(devHelp.filter((p) => docs.has(p.doc)), 'human')]);
  }
  // Test: reserved documents. Human side = the human Spanish of the same documents as the MT side.
  const reservedHelp = humanHelp.filter((p) => p.reserved);
  const pairedHelpTest = (name: string, mtParas: Para[]) => {
    const mt = mtParas.filter((p) => p.reserved);
    if (mt.length === 0) return;
    const docs = new Set(mt.map((p) => p.doc));
    const human = reservedHelp.filter((p) => docs.has(p.doc));
    writeJsonl(join(out, 'test', `${name}.jsonl`), [...docRecords(mt, 'mt'), ...docRecords(human, 'human')]);
  };
  for (const src of ['eng', 'fra', 'por', 'cat']) {
    pairedHelpTest(`help.${src}.docs`, src === 'eng' ? mtHelp : readJsonl(join(raw, `es.mt-${src}.lo-help.jsonl`)));
  }
  // A second, disjoint sample of 250 reserved documents per unseen source language (documents
  // 251-500 in the translator's stable order), made after the first sample had been looked at
  // many times: it measures the models once more on documents no choice was made with.
  for (const src of ['fra', 'por', 'cat']) {
    const file = join(raw, `es.mt-${src}.sample2.lo-help.jsonl`);
    if (existsSync(file)) pairedHelpTest(`help.${src}.sample2.docs`, readJsonl(file));
  }
  const mtManTest = mtMan.filter((p) => p.reserved);
  const manDocs = new Set(mtManTest.map((p) => p.doc));
  writeJsonl(join(out, 'test', 'man.eng.docs.jsonl'), [...docRecords(mtManTest, 'mt'), ...docRecords(humanMan.filter((p) => p.reserved && manDocs.has(p.doc)), 'human')]);
  writeJsonl(join(out, 'test', 'native.docs.jsonl'), docRecords(native.filter((p) => p.reserved), 'human'));
  writeJsonl(join(out, 'test', 'native.paragraphs.jsonl'), paraRecords(native.filter((p) => p.reserved), 'human'));
}

function buildPolish(raw: string, out: string, nmtPath: string): void {
  const humanHelp = readJsonl(join(raw, 'pl.lo-help.jsonl')).filter((p) => !looksEnglish(p.text));
  const humanMan = readJsonl(join(raw, 'pl.man.jsonl')).filter((p) => !looksEnglish(p.text));
  const native = readJsonl(join(raw, 'pl.fortunes.jsonl')).filter((p) => !looksEnglish(p.text));
  // pl-nmt.jsonl: `source` is "PACKAGES:DOCUMENT"; its documents are not reserved, so Polish MT is
  // held out by document instead: 20 % of source documents (hash), never trained on.
  const mt: Para[] = [];
  const paired: Para[] = [];
  for (const line of readFileSync(nmtPath, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { id: string; source: string; mt: string; mt_degenerate: boolean; human?: string };
    const [pkgs, name] = [r.source.slice(0, r.source.indexOf(':')), r.source.slice(r.source.indexOf(':') + 1)];
    const doc = pkgs.startsWith('libreoffice') ? `libreoffice-help:${name}` : `man:${name}`;
    const genre = pkgs.startsWith('libreoffice') ? 'help' : 'man';
    const heldOut = stableHash(`pl-nmt:${doc}`) % 100 < 20;
    mt.push({ doc, par: r.id, text: r.mt, genre, reserved: heldOut, degenerate: r.mt_degenerate });
    if (r.human) paired.push({ doc, par: r.id, text: r.human, genre, reserved: heldOut });
  }
  writeJsonl(join(out, 'train', 'human.help.jsonl'), [...trainRows(humanHelp), ...trainRows(paired)]);
  writeJsonl(join(out, 'train', 'human.man.jsonl'), trainRows(humanMan));
  writeJsonl(join(out, 'train', 'native.jsonl'), trainRows(native));
  writeJsonl(join(out, 'train', 'mt.jsonl'), trainRows(mt));
  const mtTest = mt.filter((p) => p.reserved);
  // Human paragraphs from reserved documents, sampled to about the MT side's size.
  const humanTest = [...sample(humanMan.filter((p) => p.reserved), 2500), ...sample(humanHelp.filter((p) => p.reserved), 2500)];
  const nativeTest = native.filter((p) => p.reserved);
  writeJsonl(join(out, 'test', 'paragraphs.all.jsonl'), [...paraRecords(mtTest, 'mt'), ...paraRecords(humanTest, 'human'), ...paraRecords(sample(nativeTest, 1500), 'human')]);
  writeJsonl(join(out, 'test', 'paragraphs.nodegen.jsonl'), [...paraRecords(mtTest.filter((p) => !p.degenerate), 'mt'), ...paraRecords(humanTest, 'human'), ...paraRecords(sample(nativeTest, 1500), 'human')]);
  writeJsonl(join(out, 'test', 'paragraphs.degen.jsonl'), [...paraRecords(mtTest.filter((p) => p.degenerate), 'mt'), ...paraRecords(humanTest, 'human'), ...paraRecords(sample(nativeTest, 1500), 'human')]);
  // Paired: the human and the machine translation of the same English paragraphs (topic held equal).
  const pairedTest = paired.filter((p) => p.reserved);
  const pairedIds = new Set(pairedTest.map((p) => p.par));
  writeJsonl(join(out, 'test', 'paired.paragraphs.jsonl'), [
    ...mtTest.filter((p) => pairedIds.has(p.par)).map((p) => ({ text: p.text, label: 'mt', group: p.par })),
    ...pairedTest.map((p) => ({ text: p.text, label: 'human', group: p.par })),
  ]);
  writeJsonl(join(out, 'test', 'docs.jsonl'), [...docRecords(mtTest, 'mt'), ...docRecords(humanMan.filter((p) => p.reserved), 'human'), ...docRecords(humanHelp.filter((p) => p.reserved), 'human'), ...docRecords(nativeTest, 'human')]);
  writeJsonl(join(out, 'test', 'native.docs.jsonl'), docRecords(nativeTest, 'human'));
  writeJsonl(join(out, 'test', 'native.paragraphs.jsonl'), paraRecords(nativeTest, 'human'));
}

/**
 * Languages whose only human text here is LibreOffice help and whose MT comes from Apertium
 * (e.g. Catalan): train on the non-reserved documents' MT from `trainSources`, test on reserved
 * documents' MT from every source found (`<lang>.mt-<src>[.test].lo-help.jsonl`).
 */
function buildApertiumHelp(lang: string, raw: string, out: string, trainSources: string[], testSources: string[]): void {
  const human = readJsonl(join(raw, `${lang}.lo-help.jsonl`)).filter((p) => !looksEnglish(p.text));
  writeJsonl(join(out, 'train', 'human.help.jsonl'), trainRows(human));
  for (const src of trainSources) writeJsonl(join(out, 'train', `mt.help.${src}.jsonl`), trainRows(readJsonl(join(raw, `${lang}.mt-${src}.lo-help.jsonl`))));
  const reservedHuman = human.filter((p) => p.reserved);
  for (const src of testSources) {
    const test = readJsonl(join(raw, `${lang}.mt-${src}.test.lo-help.jsonl`));
    const mt = (test.length ? test : readJsonl(join(raw, `${lang}.mt-${src}.lo-help.jsonl`))).filter((p) => p.reserved);
    if (mt.length === 0) continue;
    const docs = new Set(mt.map((p) => p.doc));
    writeJsonl(join(out, 'test', `help.${src}.docs.jsonl`), [...docRecords(mt, 'mt'), ...docRecords(reservedHuman.filter((p) => docs.has(p.doc)), 'human')]);
  }
}

/**
 * Web prose for measurement ONLY: all of Lingua's sentences of the language
 * (../shared/lid/lingua/sentences, news-like web text) are an outside test set of this project,
 * never trained or tuned on. Written as 10-sentence documents (`test/web.docs.jsonl`) and one
 * sentence at a time (`test/web.sentences.jsonl`). Lingua's Spanish file has lost its accented
 * letters ("habas" for "habías"), so its Spanish numbers understate what the scorer does on real
 * Spanish.
 */
function buildWeb(lang: string, out: string): void {
  const path = join(process.env.SITO_SHARED ?? '../shared', 'lid', 'lingua', 'sentences', `${lang}.txt`);
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const docs: object[] = [];
  const sentences: object[] = [];
  for (let i = 0; i < lines.length; i += 10) {
    const group = lines.slice(i, i + 10);
    const doc = `lingua:${lang}:${i / 10}`;
    docs.push({ text: group.join('\n'), label: 'human', group: doc });
    for (const text of group) sentences.push({ text, label: 'human', group: doc });
  }
  writeJsonl(join(out, 'test', 'web.docs.jsonl'), docs);
  writeJsonl(join(out, 'test', 'web.sentences.jsonl'), sentences);
}

/** Lower-case words of letters and digits: what two extractions of the same sentence share. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

// Word 4-grams, a paragraph counted as MT data when a quarter of them are: the two extractions of
// the same fortune differ (IRC nicks and timestamps kept by one, dropped by the other), so exact
// sentences miss much of the overlap; at 8-grams and one half, a third of the held-out Polish fortunes
// still passed although they are MT training text.
const SHINGLE = 4;
const SHARED_SHINGLES = 0.25;

/** 53-bit hash of a word n-gram (two 32-bit FNV hashes), so millions fit in a Set<number>. */
function shingleHashes(ws: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + SHINGLE <= ws.length; i++) {
    const s = ws.slice(i, i + SHINGLE).join(' ');
    out.push(stableHash(s) * 0x200000 + (stableHash(`#${s}`) >>> 11));
  }
  return out;
}

/**
 * Everything the MT data sets hold (training files and test sets), as sentence keys and word
 * 4-gram hashes: corpus text found here is not held out from the scorer, or belongs to a test set.
 */
class MtTextIndex {
  private readonly sentences = new Set<string>();
  private readonly shingles = new Set<number>();

  add(text: string): void {
    for (const line of splitParagraphs(text)) {
      for (const s of splitSentences(line)) {
        const key = words(s).join(' ');
        if (key) this.sentences.add(key);
      }
      for (const h of shingleHashes(words(line))) this.shingles.add(h);
    }
  }

  /** A paragraph overlaps when one of its sentences, or a quarter of its word 4-grams, is in the MT data. */
  overlaps(sentences: readonly string[]): boolean {
    if (sentences.some((s) => this.sentences.has(words(s).join(' ')))) return true;
    const hs = shingleHashes(words(sentences.join(' ')));
    return hs.length > 0 && hs.filter((h) => this.shingles.has(h)).length >= hs.length * SHARED_SHINGLES;
  }
}

/** Blank-line-separated paragraphs of one-sentence lines (`sito corpus build`'s held-out files). */
function readCorpusParagraphs(path: string): string[][] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split(/\n\s*\n/).map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean)).filter((p) => p.length > 0);
}

/**
 * Threshold-only text (never trained on, never a test set): the documents `sito corpus build`
 * held out from the LM training (`$SITO_CORPORA/<lang>/heldout-native.txt` and the translated rest
 * of `heldout.txt`; reserved documents are already excluded there), less every paragraph whose
 * text appears anywhere in the MT data sets (the MT trainer uses all non-reserved documents, so
 * the corpus's held-out man pages, help files and fortunes are mostly MT training text). Written
 * as `train/threshold.native.jsonl` and `train/threshold.translated.jsonl`, `{text, doc}` per
 * paragraph, consecutive paragraphs grouped into documents of about 2,000 characters; the trainer
 * scores both the documents and their single paragraphs.
 */
function buildThresholdSets(lang: string, out: string): void {
  const dir = join(process.env.SITO_CORPORA ?? '/work/data/corpora', lang);
  const all = readCorpusParagraphs(join(dir, 'heldout.txt'));
  if (all.length === 0) {
    console.error(`${dir}/heldout.txt: missing or empty; no threshold sets for ${lang}`);
    return;
  }
  const index = new MtTextIndex();
  for (const sub of ['train', 'test']) {
    // Not the corpus's own training text (human.corpus): the threshold sets are that corpus's
    // held-out documents, apart from it by document already.
    for (const f of readdirSync(join(out, sub)).filter((f) => f.endsWith('.jsonl') && !f.startsWith('threshold.') && !f.startsWith('web') && !f.startsWith('human.corpus'))) {
      for (const r of readJsonl(join(out, sub, f))) index.add(r.text);
    }
  }
  const native = readCorpusParagraphs(join(dir, 'heldout-native.txt'));
  const nativeKeys = new Set(native.map((p) => p.join('\n')));
  const translated = all.filter((p) => !nativeKeys.has(p.join('\n')));
  for (const [kind, paragraphs] of [['native', native], ['translated', translated]] as const) {
    const kept = paragraphs.filter((p) => !index.overlaps(p));
    console.error(`${lang} threshold.${kind}: ${kept.length} of ${paragraphs.length} held-out corpus paragraphs not in the MT data`);
    const rows: object[] = [];
    let doc = 0;
    let chars = 0;
    for (const p of kept) {
      const text = p.join(' ');
      if (chars > 0 && chars + text.length > 2000) {
        doc++;
        chars = 0;
      }
      rows.push({ text, doc: `corpus-heldout:${lang}:${kind}:${doc}` });
      chars += text.length + 1;
    }
    writeJsonl(join(out, 'train', `threshold.${kind}.jsonl`), rows);
  }
}

/**
 * `train/human.corpus.jsonl`: the lines of sito's corpus training text (`$SITO_CORPORA/<lang>/train.txt`,
 * the human LM's extra text) as human text for the classifier too, in documents of 10 lines, so
 * that it sees human writing beyond the MT data's genres (the es.ui comparison model).
 */
function buildCorpusHuman(lang: string, out: string): void {
  const path = join(process.env.SITO_CORPORA ?? '/work/data/corpora', lang, 'train.txt');
  if (!existsSync(path)) return;
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  writeJsonl(join(out, 'train', 'human.corpus.jsonl'), lines.map((text, i) => ({ text, doc: `corpus-train:${lang}:${Math.floor(i / 10)}` })));
}

function main(argv: string[]): void {
  const [lang, raw, out, nmt] = argv;
  if (!lang || !raw || !out) throw new Error('usage: make-datasets LANG RAWDIR OUTDIR [PL_NMT.jsonl]');
  mkdirSync(join(out, 'train'), { recursive: true });
  mkdirSync(join(out, 'test'), { recursive: true });
  if (lang === 'es') {
    buildSpanish(raw, out);
    buildCorpusHuman(lang, out);
  } else if (lang === 'pl') buildPolish(raw, out, nmt ?? '../shared/mt/pl-nmt.jsonl');
  else if (lang === 'ca') buildApertiumHelp('ca', raw, out, ['eng', 'spa'], ['eng', 'fra']);
  else throw new Error(`no dataset recipe for ${lang}`);
  buildWeb(lang, out);
  // The Lingua-based threshold file of earlier builds: never to be used again.
  rmSync(join(out, 'train', 'web-threshold.jsonl'), { force: true });
  buildThresholdSets(lang, out);
}

main(process.argv.slice(2));
