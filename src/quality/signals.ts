/**
 * Cheap, language-agnostic quality signals in the style of Gopher (Rae et al. 2021), C4 and
 * FineWeb, computed in one pass over the document. They catch what perplexity and MT scores
 * miss cheaply: navigation menus, keyword lists, repeated boilerplate, code and symbol soup.
 */
export interface QualitySignals {
  /** Whitespace-separated words. */
  words: number;
  mean_word_length: number;
  /** (`#` + `…`/`...`) per word (Gopher symbol-to-word ratio). */
  symbol_ratio: number;
  /** Share of words containing at least one letter. */
  alpha_words: number;
  /** Share of non-empty lines starting with a bullet. */
  bullet_lines: number;
  /** Share of non-empty lines ending with an ellipsis. */
  ellipsis_lines: number;
  /** Share of non-empty lines ending with terminal punctuation (C4/FineWeb). */
  punct_lines: number;
  /** Share of non-empty lines under 30 characters (FineWeb). */
  short_lines: number;
  /** Share of characters in lines that repeat an earlier line (Gopher repetition). */
  dup_line_chars: number;
}

const BULLETS = new Set(['•', '●', '○', '■', '□', '▪', '▫', '–', '-', '*', '·', '➢', '►', '✓']);
const TERMINAL = new Set(['.', '!', '?', '"', '\'', '”', '’', '»', ')', '…', ':', ';', '。', '！', '？']);
const LETTER = /^\p{L}$/u;

export function qualitySignals(text: string): QualitySignals {
  let words = 0;
  let wordChars = 0;
  let alphaWords = 0;
  let symbols = 0;
  let lines = 0;
  let bullets = 0;
  let ellipses = 0;
  let punct = 0;
  let short = 0;
  let lineChars = 0;
  let dupChars = 0;
  const seen = new Set<string>();

  // One pass over the characters, no per-word strings: this runs on every document.
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let a = lineStart;
    let b = lineEnd;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    lineStart = lineEnd + 1;
    if (a === b) continue;
    const line = text.slice(a, b);
    lines++;
    lineChars += line.length;
    if (seen.has(line)) dupChars += line.length;
    else seen.add(line);
    if (BULLETS.has(line[0]!)) bullets++;
    if (line.endsWith('...') || line.endsWith('…')) ellipses++;
    if (TERMINAL.has(line[line.length - 1]!)) punct++;
    if (line.length < 30) short++;

    let inWord = false;
    let hasLetter = false;
    let hasSymbol = false;
    let dots = 0;
    for (let i = 0; i <= line.length; i++) {
      const c = i < line.length ? line.charCodeAt(i) : 32;
      if (isSpace(c)) {
        if (inWord) {
          words++;
          if (hasLetter) alphaWords++;
          if (hasSymbol) symbols++;
          inWord = false;
        }
        continue;
      }
      if (!inWord) {
        inWord = true;
        hasLetter = false;
        hasSymbol = false;
        dots = 0;
      }
      wordChars++;
      if (c === 46) {
        if (++dots === 3) hasSymbol = true;
        continue;
      }
      dots = 0;
      if (c === 35 || c === 0x2026) hasSymbol = true;
      else if (!hasLetter && isLetter(c)) hasLetter = true;
    }
  }
  const per = (n: number, d: number) => (d === 0 ? 0 : round(n / d));
  return {
    words,
    mean_word_length: per(wordChars, words),
    symbol_ratio: per(symbols, words),
    alpha_words: per(alphaWords, words),
    bullet_lines: per(bullets, lines),
    ellipsis_lines: per(ellipses, lines),
    punct_lines: per(punct, lines),
    short_lines: per(short, lines),
    dup_line_chars: per(dupChars, lineChars),
  };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

const letterCache = new Map<number, boolean>();
function isLetter(c: number): boolean {
  if (c < 128) return (c | 0x20) >= 97 && (c | 0x20) <= 122;
  let known = letterCache.get(c);
  if (known === undefined) letterCache.set(c, (known = LETTER.test(String.fromCharCode(c))));
  return known;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
