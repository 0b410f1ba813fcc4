/**
 * Document perplexity the CCNet way: each line of the document is normalised and scored as
 * one sentence (`<s>` … `</s>`), log10 probabilities and token counts are summed over the
 * lines, and perplexity = 10^(-Σlog10 / Σtokens). Blank lines (empty after normalising) are
 * skipped rather than scored as `<s> </s>`.
 */
import type { LanguageModel } from './model.js';
import { perplexity } from './perplexity.js';

export interface DocumentScore {
  log10: number;
  tokens: number;
  oov: number;
  /** Lines scored (non-blank after normalising). */
  lines: number;
  /** 10^(-log10/tokens); NaN when no line had text. */
  perplexity: number;
}

/**
 * Scores a document line by line. `normalize` must give what the model expects: the normaliser
 * it was trained with, or `model.lineNormalizer(trained)` (the same, but leaving a subword model's accent
 * stripping to its word cache). A subword model tokenises each line itself, and its tokens
 * are pieces. `onLine` sees each line's own score.
 */
export function scoreDocument(model: LanguageModel, text: string, normalize: (line: string) => string,
  onLine?: (log10: number, tokens: number, oov: number) => void): DocumentScore {
  let log10 = 0;
  let tokens = 0;
  let oov = 0;
  let lines = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = normalize(text.slice(start, end));
    start = end + 1;
    if (line === '') continue;
    const s = model.scoreText(line);
    log10 += s.log10;
    tokens += s.tokens;
    oov += s.oov;
    lines++;
    onLine?.(s.log10, s.tokens, s.oov);
  }
  return { log10, tokens, oov, lines, perplexity: tokens === 0 ? NaN : perplexity(log10, tokens) };
}
