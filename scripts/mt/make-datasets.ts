/**
 * Turns extracted and machine-translated paragraphs (scripts/mt/extract-debian.ts,
 * translate-apertium.ts) into the MT scorer's training files and held-out test sets.
 *
 * Training files (`train/*.jsonl`, `{text, doc}` per paragraph) hold only documents NOT in
 * ../shared/mt/reserved-documents.txt. Test sets (`test/*.jsonl`, `{text, label, group}`) are
 * built from the reserved documents (and, for Polish MT, from a document-level hold-out of
 * pl-nmt.jsonl, which has no reserved documents), so no test document is ever trained or tuned on.
 *
 * Usage: node dist/scripts/mt/make-datasets.js LANG RAWDIR OUTDIR [PL_NMT.jsonl]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../../src/mt/features.js';
import { stableHash, toDocuments } from '../../src/mt/train.js';
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
  // Apertium from several sources learns MT Spanish rather than English-source quirks.
  for (const src of ['glg', 'ita']) {
    const rows = trainRows(readJsonl(join(raw, `es.mt-${src}.lo-help.jsonl`)));
    if (rows.length) writeJsonl(join(out, 'train', `mt.help.${src}.jsonl`), rows);
  }
  // Test: reserved documents. Human side = the human Spanish of the same documents as the MT side.
  const reservedHelp = humanHelp.filter((p) => p.reserved);
  for (const src of ['eng', 'fra', 'por', 'cat']) {
    const mt = (src === 'eng' ? mtHelp : readJsonl(join(raw, `es.mt-${src}.lo-help.jsonl`))).filter((p) => p.reserved);
    if (mt.length === 0) continue;
    const docs = new Set(mt.map((p) => p.doc));
    const human = reservedHelp.filter((p) => docs.has(p.doc));
    writeJsonl(join(out, 'test', `help.${src}.docs.jsonl`), [...docRecords(mt, 'mt'), ...docRecords(human, 'human')]);
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
 * Native web prose for the threshold and its test: Lingua's sentences of the language
 * (../shared/lid/lingua/sentences, news-like web text), in groups of 10 consecutive sentences;
 * even groups choose the threshold (`train/web-threshold.jsonl`, never trained on), odd groups
 * test it (`test/web.docs.jsonl`, `test/web.sentences.jsonl`).
 */
function buildWeb(lang: string, out: string): void {
  const path = join(process.env.SITO_SHARED ?? '../shared', 'lid', 'lingua', 'sentences', `${lang}.txt`);
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const dev: object[] = [];
  const docs: object[] = [];
  const sentences: object[] = [];
  for (let i = 0; i < lines.length; i += 10) {
    const group = lines.slice(i, i + 10);
    const doc = `lingua:${lang}:${i / 10}`;
    if ((i / 10) % 2 === 0) for (const text of group) dev.push({ text, doc });
    else {
      docs.push({ text: group.join('\n'), label: 'human', group: doc });
      for (const text of group) sentences.push({ text, label: 'human', group: doc });
    }
  }
  writeJsonl(join(out, 'train', 'web-threshold.jsonl'), dev);
  writeJsonl(join(out, 'test', 'web.docs.jsonl'), docs);
  writeJsonl(join(out, 'test', 'web.sentences.jsonl'), sentences);
}

function main(argv: string[]): void {
  const [lang, raw, out, nmt] = argv;
  if (!lang || !raw || !out) throw new Error('usage: make-datasets LANG RAWDIR OUTDIR [PL_NMT.jsonl]');
  mkdirSync(join(out, 'train'), { recursive: true });
  mkdirSync(join(out, 'test'), { recursive: true });
  if (lang === 'es') buildSpanish(raw, out);
  else if (lang === 'pl') buildPolish(raw, out, nmt ?? '../shared/mt/pl-nmt.jsonl');
  else if (lang === 'ca') buildApertiumHelp('ca', raw, out, ['eng', 'spa'], ['eng', 'fra']);
  else throw new Error(`no dataset recipe for ${lang}`);
  buildWeb(lang, out);
}

main(process.argv.slice(2));
