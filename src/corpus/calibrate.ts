/**
 * Perplexity cut-offs and separation checks for a language's model, from held-out text.
 *
 * Document perplexity is CCNet's: 10^(−Σ log10 p / Σ tokens) over the lines of a document, where
 * tokens count `</s>` once per line. The held-out files hold paragraphs separated by blank lines;
 * consecutive paragraphs are joined into evaluation documents of at least `minDocWords` words,
 * so that a two-line joke and a page of a manual weigh alike.
 *
 * Cut-offs: p30 and p60 are the 30th and 60th percentiles of document perplexity on held-out
 * native text (head ≤ p30 < middle ≤ p60 < tail, as in CCNet). The tail line cut-off is the
 * 90th percentile of line perplexity on the same text: a line above it reads worse than nine in
 * ten native lines.
 *
 * Separation: ROC-AUC of document perplexity between held-out native documents (positives, lower
 * perplexity) and (a) the same documents with the words of every line shuffled, (b) documents of
 * other languages — measured twice: on the 40-word documents above and on ~2 KB documents
 * (consecutive paragraphs joined to at least 2,000 characters, the size of a web document).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LanguageModel } from '../lm/model.js';
import { normalizeForLm, type NormalizerOptions } from '../lm/normalize.js';
import { perplexity } from '../lm/perplexity.js';
import { rocAucLowerIsPositive } from '../stats/auc.js';
import { mulberry32 } from '../stats/random.js';
import { quantileOfSorted } from '../stats/quantiles.js';
export { rocAucLowerIsPositive };

/** Paragraphs (lists of lines) of a held-out file: blank lines separate paragraphs. */
export function readParagraphs(path: string): string[][] {
  return parseParagraphs(readFileSync(path, 'utf8'));
}

export function parseParagraphs(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.length) out.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) out.push(current);
  return out;
}

/** Joins consecutive paragraphs until each document has at least `minWords` words. */
export function groupDocuments(paragraphs: string[][], minWords: number): string[][] {
  const docs: string[][] = [];
  let current: string[] = [];
  let words = 0;
  for (const p of paragraphs) {
    current.push(...p);
    words += p.reduce((n, l) => n + l.split(' ').length, 0);
    if (words >= minWords) {
      docs.push(current);
      current = [];
      words = 0;
    }
  }
  return docs;
}

/**
 * Joins consecutive paragraphs until each document has at least `minChars` characters: the
 * web-document unit (sito is benchmarked on ~2 KB documents), where a document's perplexity
 * averages over more lines than a 40-word joke does.
 */
export function groupDocumentsByChars(paragraphs: string[][], minChars: number): string[][] {
  const docs: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const p of paragraphs) {
    current.push(...p);
    chars += p.reduce((n, l) => n + [...l].length + 1, 0);
    if (chars >= minChars) {
      docs.push(current);
      current = [];
      chars = 0;
    }
  }
  return docs;
}

/** Scores documents with a model after the model's normaliser. */
export class DocumentScorer {
  private readonly normalizer: NormalizerOptions;

  /** `normalizer`: what the model was trained with (a subword model may take a cheaper equivalent). */
  constructor(
    private readonly model: LanguageModel,
    normalizer: NormalizerOptions,
  ) {
    this.normalizer = model.lineNormalizer(normalizer);
  }

  /** log10 sum and token count of one line (normalised first; empty lines score nothing). */
  line(text: string): { log10: number; tokens: number } {
    const normalized = normalizeForLm(text, this.normalizer);
    if (normalized === '') return { log10: 0, tokens: 0 };
    const s = this.model.scoreText(normalized);
    return { log10: s.log10, tokens: s.tokens };
  }

  /** CCNet document perplexity. */
  document(lines: string[]): number {
    let log10 = 0;
    let tokens = 0;
    for (const l of lines) {
      const s = this.line(l);
      log10 += s.log10;
      tokens += s.tokens;
    }
    return tokens === 0 ? Infinity : perplexity(log10, tokens);
  }

  linePerplexity(text: string): number {
    const s = this.line(text);
    return s.tokens === 0 ? Infinity : perplexity(s.log10, s.tokens);
  }
}

/** The q-quantile (0..1) of values by linear interpolation between order statistics (numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  return quantileOfSorted(values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b), q);
}


/** A generator seeded by a string (hashed), so that shuffles and samples are reproducible. */
export function seededRandom(seed: string): () => number {
  return mulberry32(createHash('sha256').update(seed).digest().readUInt32BE(0));
}

/** The line with its words in a seeded random order (Fisher–Yates). */
export function shuffleWords(line: string, random: () => number): string {
  const words = line.split(' ');
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  return words.join(' ');
}

/** A seeded sample of at most n items, in their original order. */
export function sample<T>(items: readonly T[], n: number, seed: string): T[] {
  if (items.length <= n) return [...items];
  const random = seededRandom(seed);
  const idx = items.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, n).sort((a, b) => a - b).map((i) => items[i]);
}

export interface Cutoffs {
  p30: number;
  p60: number;
  tail_line_cutoff: number;
  documents: number;
  lines: number;
}

export function computeCutoffs(scorer: DocumentScorer, docs: string[][]): Cutoffs {
  const docPpl = docs.map((d) => scorer.document(d));
  const linePpl: number[] = [];
  for (const d of docs) for (const l of d) linePpl.push(scorer.linePerplexity(l));
  return {
    p30: round(quantile(docPpl, 0.3)),
    p60: round(quantile(docPpl, 0.6)),
    tail_line_cutoff: round(quantile(linePpl, 0.9)),
    documents: docs.length,
    lines: linePpl.length,
  };
}

export interface Separation {
  /** Native documents vs the same documents with words shuffled within each line. */
  auc_shuffled: number;
  /** Share of documents whose own shuffled version has a higher perplexity (the paired view). */
  shuffled_worse: number;
  /** Native documents vs documents of other languages (pooled). */
  auc_other_language: number;
  /** Per other language, to show the weakest pair. */
  auc_by_language: Record<string, number>;
  documents: number;
  /**
   * 95 % bootstrap interval of `auc_shuffled` (documents resampled with their own shuffles), when
   * asked for: the native sets are small (a few dozen 2 KB documents in some languages).
   */
  auc_shuffled_interval?: [number, number];
}

/** 2.5th and 97.5th percentiles of the AUC over `resamples` resamplings of the documents. */
export function bootstrapShuffledAuc(nativePpl: readonly number[], shuffledPpl: readonly number[], resamples: number, seed: string): [number, number] {
  const random = seededRandom(`${seed}:bootstrap`);
  const n = nativePpl.length;
  const aucs: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = Math.floor(random() * n);
      a.push(nativePpl[i]);
      b.push(shuffledPpl[i]);
    }
    aucs.push(rocAucLowerIsPositive(a, b));
  }
  return [round4(quantile(aucs, 0.025)), round4(quantile(aucs, 0.975))];
}

export function measureSeparation(scorer: DocumentScorer, native: string[][], others: Record<string, string[][]>, seed: string, bootstrapResamples = 0): Separation {
  const random = seededRandom(`${seed}:shuffle`);
  const nativePpl = native.map((d) => scorer.document(d));
  const shuffledPpl = native.map((d) => scorer.document(d.map((l) => shuffleWords(l, random))));
  const byLanguage: Record<string, number> = {};
  const pooled: number[] = [];
  for (const code of Object.keys(others).sort()) {
    const ppl = others[code].map((d) => scorer.document(d));
    byLanguage[code] = round4(rocAucLowerIsPositive(nativePpl, ppl));
    pooled.push(...ppl);
  }
  const worse = nativePpl.filter((p, i) => shuffledPpl[i] > p).length;
  return {
    auc_shuffled: round4(rocAucLowerIsPositive(nativePpl, shuffledPpl)),
    shuffled_worse: round4(worse / Math.max(1, nativePpl.length)),
    auc_other_language: round4(rocAucLowerIsPositive(nativePpl, pooled)),
    auc_by_language: byLanguage,
    documents: native.length,
    ...(bootstrapResamples > 0 && native.length > 1 ? { auc_shuffled_interval: bootstrapShuffledAuc(nativePpl, shuffledPpl, bootstrapResamples, seed) } : {}),
  };
}

/** Cut-offs are written with one decimal: more digits would only record noise. */
function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
