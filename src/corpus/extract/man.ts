/**
 * Man pages rendered to text by man-db/groff (`man -l`), as the reader would see them, with
 * one paragraph per line (a very wide MANWIDTH and no justification or hyphenation). Needs the
 * Debian packages groff-base and man-db (and bsdextrautils for col).
 *
 * The rendered page is cut into paragraphs by indentation: synopsis, option tags and code
 * examples are indented deeper or live in sections the caller may skip.
 */
import { spawn } from 'node:child_process';

/** Section headings whose content is not prose in any language (synopsis, translators' credits). */
const SKIP_SECTION = /^(?:SYNOPSIS|SKŁADNIA|ÜBERSICHT|SYNOPSIS|SINOPSIS|SINOSSI|SINOPSE|ОБЗОР|СИНТАКСИС|KURZÜBERSICHT|COLOPHON|КОЛОФОН|TŁUMACZENIE|TRANSLATION|ÜBERSETZUNG|TRADUCTION|TRADUCCIÓN|TRADUZIONE|TRADUÇÃO|ПЕРЕВОД|ПЕРЕКЛАД|PŘEKLAD|VERTALING|AUTHORS?|AUTOR(?:ZY|EN|ES|I|S)?|AUTEURS?|AUTORI|АВТОРЫ?|АВТОРИ|REPORTING BUGS|COPYRIGHT|PRAWA AUTORSKIE|SEE ALSO|ZOBACZ TAKŻE|SIEHE AUCH|VOIR AUSSI|VÉASE TAMBIÉN|VEDERE ANCHE|VEJA TAMBÉM|СМОТРИТЕ ТАКЖЕ|ДИВ\. ТАКОЖ|DALŠÍ INFORMACE|ZIE OOK|EXAMPLES?|PRZYKŁAD(?:Y)?|BEISPIELE?|EXEMPLES?|EJEMPLOS?|ESEMPI|EXEMPLOS?|ПРИМЕРЫ|ПРИКЛАДИ|PŘÍKLADY|VOORBEELDEN?)\b/u;

/** Renders one page; resolves to its text (empty when man fails on it). */
export function renderManPage(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, MANWIDTH: '4000', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', MAN_KEEP_FORMATTING: '', MANPAGER: 'cat', PAGER: 'cat' };
    const child = spawn('man', ['--nh', '--nj', '-E', 'UTF-8', '-l', path], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', () => resolve(stripOverstrike(Buffer.concat(chunks).toString('utf8'))));
  });
}

/** What `col -b` does: removes backspace overstrikes (bold, underline) left by grotty. */
export function stripOverstrike(text: string): string {
  return text.replace(/.\x08/gu, '').replace(/\x1b\[[0-9;]*m/g, '');
}

/** Paragraphs of a rendered page: body text at the normal indent, skipping non-prose sections. */
export function manParagraphs(rendered: string): string[] {
  const lines = rendered.split('\n');
  const out: string[] = [];
  let skipping = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\s+$/, '');
    if (line === '') continue;
    // Header and footer lines: "NAME(1)      Title      NAME(1)" spread over the full width.
    if (/\S {20,}\S/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      skipping = SKIP_SECTION.test(line.trim());
      continue;
    }
    if (skipping) continue;
    const text = line.trim();
    // Option tags and tagged lists put the tag alone on its line, or tag + 2+ spaces + text.
    const tagged = /^(\S.*?) {2,}(\S.*)$/.exec(text);
    out.push(tagged ? tagged[2] : text);
  }
  return out;
}
