/**
 * Extracts paragraphs from unpacked Debian packages for the MT scorer's training and evaluation
 * data (see scripts/build-mt-models.sh). One JSONL line per paragraph:
 *   {doc, par, text, genre, reserved}
 * `doc` names the document the way ../shared/mt/reserved-documents.txt does
 * (`libreoffice-help:text/…html`, `man:ls.1`, `fortunes-pl:haiku`), so reserved documents can be
 * told apart everywhere downstream; `par` is a paragraph id that is the same across languages for
 * LibreOffice help (its par_id attributes), so human and machine translations pair up.
 *
 * Usage: node dist/scripts/mt/extract-debian.js KIND PKGROOT LANG OUT.jsonl [--exclude-same-as EN.jsonl]
 *   KIND: lo-help | man | fortunes | lo-ui (LibreOffice's interface messages, libreoffice-l10n-LANG)
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { readReservedDocuments } from '../../src/mt/reserved.js';
import { cleanMessage, moEntries } from '../../src/corpus/extract/mo.js';
import { stableHash } from '../../src/mt/train.js';

interface Para { doc: string; par: string; text: string; genre: string; reserved: boolean }

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Text of an HTML fragment, dropping elements marked hidden (LibreOffice's per-OS variants). */
function htmlText(fragment: string): string {
  let out = '';
  let hiddenDepth = 0; // >0 while inside a hidden element
  const stack: boolean[] = [];
  const re = /<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g;
  for (let m = re.exec(fragment); m; m = re.exec(fragment)) {
    if (m[4] !== undefined) {
      if (hiddenDepth === 0) out += m[4];
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (['br', 'img', 'input', 'meta', 'link', 'a'].includes(tag) && !closing) {
      if (tag === 'br') out += ' ';
      continue;
    }
    if (tag === 'a') continue;
    if (!closing) {
      const hidden = /\bhidden\b/.test(m[3]!);
      stack.push(hidden);
      if (hidden) hiddenDepth++;
    } else {
      const wasHidden = stack.pop();
      if (wasHidden) hiddenDepth--;
    }
  }
  return decodeEntities(out).replace(/\s+/g, ' ').trim();
}

function extractLoHelp(root: string, lang: string, reserved: Set<string>): Para[] {
  const helpDir = join(root, 'usr/share/libreoffice/help', lang);
  const out: Para[] = [];
  for (const file of walk(helpDir).filter((f) => f.endsWith('.html'))) {
    const rel = relative(helpDir, file);
    const doc = `libreoffice-help:${rel}`;
    const html = readFileSync(file, 'utf8');
    const body = html.slice(html.indexOf('id="DisplayArea"'));
    const re = /<(p|h[1-6])\s+id="((?:par|hd)_id[^"]*)"[^>]*>([\s\S]*?)<\/\1>/g;
    const seen = new Set<string>();
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const cls = /class="([^"]*)"/.exec(m[0].slice(0, m[0].indexOf('>')))?.[1] ?? '';
      if (/code|image/.test(cls)) continue;
      const text = htmlText(m[3]!);
      if (text.split(' ').length < 3 || seen.has(m[2]!)) continue;
      seen.add(m[2]!);
      out.push({ doc, par: m[2]!, text, genre: 'help', reserved: reserved.has(doc) });
    }
  }
  return out;
}

const MAN_SKIP_SECTIONS = /^(SYNOPSIS|SEE ALSO|AUTHORS?|COPYRIGHT|COLOPHON|REPORTING BUGS|TRANSLATION|TRANSLATORS?|SINOPSIS|V[EÉ]ASE TAMBI[EÉ]N|AUTOR(ES)?|INFORMAR DE ERRORES|TRADUCCI[OÓ]N|COLOF[OÓ]N|SKŁADNIA|ZOBACZ TAKŻE|AUTORZY|AUTOR|PRAWA AUTORSKIE|ZGŁASZANIE BŁĘDÓW|TŁUMACZENIE|KOLOFON)\b/;

function renderMan(gz: Buffer): string {
  const src = gunzipSync(gz);
  const r = spawnSync('sh', ['-c', 'preconv -e UTF-8 | groff -man -Tutf8 -P-cbou -rLL=3000n 2>/dev/null'], { input: src, maxBuffer: 64 << 20 });
  return r.stdout.toString('utf8');
}

function extractMan(root: string, lang: string, reserved: Set<string>): Para[] {
  const manDir = lang === 'en' ? join(root, 'usr/share/man') : join(root, 'usr/share/man', lang);
  const out: Para[] = [];
  for (const file of walk(manDir).filter((f) => /\.\d\w*\.gz$/.test(f))) {
    const name = file.split('/').pop()!.replace(/\.gz$/, '');
    const doc = `man:${name}`;
    const gz = readFileSync(file);
    if (gz.length < 200) continue; // .so redirections
    const lines = renderMan(gz).split('\n');
    if (lines.length < 4) continue;
    const body = lines.slice(1, -2); // header and footer lines
    let skipping = false;
    let block: string[] = [];
    let n = 0;
    const flush = () => {
      const text = block.join(' ').replace(/(\p{L})- (\p{Ll})/gu, '$1$2').replace(/\s+/g, ' ').trim();
      block = [];
      if (skipping || text.split(' ').length < 5) return;
      const letters = (text.match(/\p{L}/gu) ?? []).length;
      if (letters < 0.6 * text.length) return;
      out.push({ doc, par: String(n++), text, genre: 'man', reserved: reserved.has(doc) });
    };
    for (const line of body) {
      if (/^\S/.test(line)) { // a section heading
        flush();
        skipping = MAN_SKIP_SECTIONS.test(line.trim());
        continue;
      }
      if (line.trim() === '') flush();
      else block.push(line.trim());
    }
    flush();
  }
  return out;
}

function decodeLegacy(buf: Buffer, lang: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder(lang === 'pl' ? 'iso-8859-2' : 'latin1').decode(buf);
  }
}

function extractFortunes(root: string, lang: string, reserved: Set<string>): Para[] {
  const dir = join(root, 'usr/share/games/fortunes', lang);
  const out: Para[] = [];
  const pkg = `fortunes-${lang}`;
  for (const file of readdirSync(dir).sort()) {
    const p = join(dir, file);
    if (file.endsWith('.dat') || file.endsWith('.u8') || statSync(p).isDirectory()) continue;
    const name = file.replace(/\.fortunes(-pre)?$/, '');
    const doc = `${pkg}:${name}`;
    const items = decodeLegacy(readFileSync(p), lang).split(/^%\s*$/m);
    items.forEach((item, i) => {
      const text = item.replace(/\s+/g, ' ').trim();
      if (text.split(' ').length < 4) return;
      out.push({ doc, par: String(i), text, genre: 'fortunes', reserved: reserved.has(doc) });
    });
  }
  return out;
}

/**
 * LibreOffice's interface messages (menus, dialogs, tooltips) of one language, keyed by msgid
 * (`par`), so every language's translation of a message pairs up. A "document" is a hash bucket
 * of one catalogue's messages (`libreoffice-ui:sc.mo#07`), the same in every language, so the
 * trainer's document-level split keeps a message and its translations on one side. Messages of
 * fewer than four words (labels, single menu items) are left out.
 */
function extractLoUi(root: string, lang: string, reserved: Set<string>): Para[] {
  const dir = join(root, 'usr/lib/libreoffice/program/resource', lang, 'LC_MESSAGES');
  const out: Para[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mo')).sort()) {
    for (const { id, text: raw } of moEntries(readFileSync(join(dir, file)))) {
      // "~" marks the accelerator letter; markup and placeholders go as in the corpus builder.
      const text = cleanMessage(raw.replace(/~/g, '')).join(' ').replace(/\s+/g, ' ').trim();
      if (text.split(' ').length < 4) continue;
      const doc = `libreoffice-ui:${file}#${String(stableHash(id) % 16).padStart(2, '0')}`;
      out.push({ doc, par: id, text, genre: 'ui', reserved: reserved.has(doc) });
    }
  }
  return out;
}

function main(argv: string[]): void {
  const [kind, root, lang, outPath, flag, enPath] = argv;
  if (!kind || !root || !lang || !outPath) throw new Error('usage: extract-debian KIND PKGROOT LANG OUT.jsonl [--exclude-same-as EN.jsonl]');
  const reserved = readReservedDocuments(new URL('../../../../shared/mt/reserved-documents.txt', import.meta.url).pathname);
  let paras = kind === 'lo-help' ? extractLoHelp(root, lang, reserved)
    : kind === 'man' ? extractMan(root, lang, reserved)
    : kind === 'fortunes' ? extractFortunes(root, lang, reserved)
    : kind === 'lo-ui' ? extractLoUi(root, lang, reserved)
    : (() => { throw new Error(`unknown kind ${kind}`); })();
  if (flag === '--exclude-same-as' && enPath) {
    // A "translation" identical to the English original is untranslated text, not human translation.
    const en = new Map<string, string>();
    for (const line of readFileSync(enPath, 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as Para;
      en.set(`${r.doc}\u0000${r.par}`, r.text);
    }
    paras = paras.filter((p) => en.get(`${p.doc}\u0000${p.par}`) !== p.text);
  }
  writeFileSync(outPath, paras.map((p) => JSON.stringify(p)).join('\n') + '\n');
  const docs = new Set(paras.map((p) => p.doc)).size;
  const words = paras.reduce((n, p) => n + p.text.split(' ').length, 0);
  console.error(`${outPath}: ${paras.length} paragraphs, ${docs} documents, ${words} words, ${paras.filter((p) => p.reserved).length} reserved paragraphs`);
}

main(process.argv.slice(2));
