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
const LETTER = /\p{L}/u;

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

  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    lines++;
    lineChars += line.length;
    if (seen.has(line)) dupChars += line.length;
    else seen.add(line);
    if (BULLETS.has(line[0]!)) bullets++;
    if (line.endsWith('...') || line.endsWith('…')) ellipses++;
    if (TERMINAL.has(line[line.length - 1]!)) punct++;
    if (line.length < 30) short++;
    for (const word of line.split(/\s+/)) {
      if (!word) continue;
      words++;
      wordChars += word.length;
      if (LETTER.test(word)) alphaWords++;
      if (word.includes('#')) symbols++;
      if (word.includes('...') || word.includes('…')) symbols++;
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

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
