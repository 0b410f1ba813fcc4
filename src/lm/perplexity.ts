import { pow10 } from './pow10.js';

/** Perplexity from a log10 probability sum and a token count (KenLM's and CCNet's definition). */
export function perplexity(log10: number, tokens: number): number {
  return pow10(-log10 / tokens);
}
