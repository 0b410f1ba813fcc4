/**
 * KenLM `query` over a stream of lines, with its exact output format and accounting
 * (lm/ngram_query.hh): per-word `word=id ngram_length log10p<TAB>`, per-sentence
 * `Total: <float32> OOV: <k>`, and the corpus summary with perplexities in double. The
 * quirk of an unterminated last line is kept: its words are scored, printed and counted in
 * Tokens (and its OOV scores in the OOV sum), but it gets no `</s>`, no `Total:` line, and its
 * total and OOV count stay out of the corpus sums.
 */
import type { Readable } from 'node:stream';
import { formatFloat32Fast as formatFloat32 } from './float-text.js';
import { forEachLine } from './line-stream.js';
import { pow10 } from './pow10.js';
import type { LanguageModel, OovAccumulator, WordSink } from './model.js';

export interface QueryOptions {
  /** Wrap lines in `<s>` … `</s>` (KenLM's default; `-n` turns it off). */
  sentenceContext?: boolean;
  /** Which `-v` levels to print (default: all three). */
  printWord?: boolean;
  printLine?: boolean;
  printSummary?: boolean;
}

export interface QuerySummary {
  perplexity: number;
  perplexityExcludingOov: number;
  oov: number;
  tokens: number;
  /** Σ sentence totals (double), as KenLM's corpus_total. */
  log10: number;
  /** Σ OOV word scores (double). */
  oovLog10: number;
}

/** Formats a double like KenLM's output stream (shortest round-trip digits). */
export function formatDouble(x: number): string {
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Number.isNaN(x)) return 'nan';
  return String(x);
}

export class KenlmQuery {
  private corpusTotal = 0;
  private readonly acc: OovAccumulator = { oovLog10: 0 };
  private corpusOov = 0;
  private corpusTokens = 0;
  private readonly sentenceContext: boolean;
  private readonly printWord: boolean;
  private readonly printLine: boolean;
  private readonly printSummary: boolean;
  private out = '';
  private readonly sink: WordSink | null;

  constructor(private readonly model: LanguageModel, options: QueryOptions, private readonly write: (text: string) => void) {
    this.sentenceContext = options.sentenceContext ?? true;
    this.printWord = options.printWord ?? true;
    this.printLine = options.printLine ?? true;
    this.printSummary = options.printSummary ?? true;
    this.sink = this.printWord
      ? {
          word: (text, start, end, id, ngramLength, log10) => {
            this.out += `${text.slice(start, end)}=${id} ${ngramLength} ${formatFloat32(log10)}\t`;
          },
        }
      : null;
  }

  /** One input line (without its '\n'); `terminated` is false only for a final line with no '\n'. */
  line(raw: string, terminated: boolean): void {
    // A subword model is queried on its pieces, so the output lists pieces as KenLM's would.
    const text = this.model.header.tokenizer ? this.model.tokenLine(raw) : raw;
    const eos = this.sentenceContext && terminated;
    const total = this.model.scoreRange(text, 0, text.length, this.sentenceContext, eos, this.sink, this.acc);
    this.corpusTokens += this.model.lastTokens;
    if (terminated) {
      if (this.printLine) this.out += `Total: ${formatFloat32(total)} OOV: ${this.model.lastOov}\n`;
      this.corpusTotal += total;
      this.corpusOov += this.model.lastOov;
    }
    if (this.out.length > 1 << 16) this.flush();
  }

  summary(): QuerySummary {
    return {
      perplexity: pow10(-(this.corpusTotal / this.corpusTokens)),
      perplexityExcludingOov: pow10(-((this.corpusTotal - this.acc.oovLog10) / (this.corpusTokens - this.corpusOov))),
      oov: this.corpusOov,
      tokens: this.corpusTokens,
      log10: this.corpusTotal,
      oovLog10: this.acc.oovLog10,
    };
  }

  /** Prints the summary (if asked) and flushes everything. */
  finish(): QuerySummary {
    const s = this.summary();
    if (this.printSummary) {
      this.out += `Perplexity including OOVs:\t${formatDouble(s.perplexity)}\n`
        + `Perplexity excluding OOVs:\t${formatDouble(s.perplexityExcludingOov)}\n`
        + `OOVs:\t${s.oov}\nTokens:\t${s.tokens}\n`;
    }
    this.flush();
    return s;
  }

  private flush(): void {
    if (this.out.length > 0) this.write(this.out);
    this.out = '';
  }
}

/** Runs `query` over a byte stream (e.g. stdin), writing KenLM's output through `write`. */
export async function queryStream(model: LanguageModel, input: Readable, options: QueryOptions, write: (text: string) => void, name = '-'): Promise<QuerySummary> {
  const q = new KenlmQuery(model, options, write);
  await forEachLine(input, (line, _n, terminated) => q.line(line, terminated), name);
  return q.finish();
}

/** Runs `query` over a whole string and returns the output text (tests, small inputs). */
export function queryText(model: LanguageModel, text: string, options: QueryOptions = {}): { output: string; summary: QuerySummary } {
  let output = '';
  const q = new KenlmQuery(model, options, (t) => {
    output += t;
  });
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end < 0) {
      q.line(text.slice(start), false);
      break;
    }
    q.line(text.slice(start, end), true);
    start = end + 1;
  }
  const summary = q.finish();
  return { output, summary };
}
