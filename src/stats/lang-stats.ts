/**
 * Per-language summary of a run (`--stats FILE.json`): documents, characters, words, and the
 * distribution of each score, split by what was kept and dropped. Memory is constant per
 * language: fixed histograms plus a bounded sample for quantiles.
 */
import type { SitoTags } from '../pipeline/types.js';
import { QuantileSample } from './quantiles.js';


class Histogram {
  readonly counts: number[];
  constructor(readonly edges: number[]) {
    this.counts = new Array(edges.length + 1).fill(0);
  }
  add(x: number): void {
    let i = 0;
    while (i < this.edges.length && x >= this.edges[i]!) i++;
    this.counts[i]!++;
  }
  toJSON() {
    return { edges: this.edges, counts: this.counts };
  }
}

const unitEdges = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

/**
 * What the summary needs of one document: small enough to send back from a worker instead of
 * the text and all its tags.
 */
export interface DocumentObservation {
  lang: string;
  /** Length of the text in UTF-16 units, as `text.length`. */
  characters: number;
  words: number;
  lang_score: number;
  mt_prob?: number;
  perplexity?: number;
  ppl_bucket?: string;
  /** Why the document was dropped; null when kept. */
  reason: string | null;
}

/** The observation for one scored document. */
export function observe(text: string, tags: SitoTags, reason: string | null): DocumentObservation {
  const o: DocumentObservation = {
    lang: tags.lang,
    characters: text.length,
    words: tags.quality?.words ?? countWords(text),
    lang_score: tags.lang_score,
    reason,
  };
  if (tags.mt_prob !== undefined) o.mt_prob = tags.mt_prob;
  if (tags.perplexity !== undefined) o.perplexity = tags.perplexity;
  if (tags.ppl_bucket !== undefined) o.ppl_bucket = tags.ppl_bucket;
  return o;
}

class LanguageSummary {
  documents = 0;
  kept = 0;
  characters = 0;
  words = 0;
  readonly langScore = new Histogram(unitEdges);
  readonly mtProb = new Histogram(unitEdges);
  readonly buckets: Record<string, number> = {};
  readonly perplexity = new QuantileSample(10_000);
  readonly dropReasons: Record<string, number> = {};

  add(o: DocumentObservation): void {
    this.documents++;
    if (o.reason === null) this.kept++;
    else {
      const slug = o.reason.slice(0, o.reason.indexOf(':') >>> 0);
      this.dropReasons[slug] = (this.dropReasons[slug] ?? 0) + 1;
    }
    this.characters += o.characters;
    this.words += o.words;
    this.langScore.add(o.lang_score);
    if (o.mt_prob !== undefined) this.mtProb.add(o.mt_prob);
    if (o.perplexity !== undefined) this.perplexity.add(o.perplexity);
    if (o.ppl_bucket) this.buckets[o.ppl_bucket] = (this.buckets[o.ppl_bucket] ?? 0) + 1;
  }

  toJSON() {
    const ppl = this.perplexity.size
      ? Object.fromEntries([0.1, 0.3, 0.5, 0.6, 0.9].map((q) => [`p${q * 100}`, round1(this.perplexity.quantile(q))]))
      : undefined;
    return {
      documents: this.documents,
      kept: this.kept,
      dropped: this.documents - this.kept,
      characters: this.characters,
      words: this.words,
      lang_score: this.langScore,
      ...(ppl ? { perplexity: ppl, ppl_buckets: this.buckets } : {}),
      ...(this.mtProb.counts.some((c) => c > 0) ? { mt_prob: this.mtProb } : {}),
      ...(Object.keys(this.dropReasons).length ? { drop_reasons: this.dropReasons } : {}),
    };
  }
}

export class LanguageStats {
  private readonly byLang = new Map<string, LanguageSummary>();

  add(text: string, tags: SitoTags, dropReason: string | null = null): void {
    this.addObservation(observe(text, tags, dropReason));
  }

  addObservation(o: DocumentObservation): void {
    let s = this.byLang.get(o.lang);
    if (!s) this.byLang.set(o.lang, (s = new LanguageSummary()));
    s.add(o);
  }

  /** Languages ordered by document count, largest first. */
  toJSON(): Record<string, unknown> {
    const entries = [...this.byLang.entries()].sort((a, b) => b[1].documents - a[1].documents || a[0].localeCompare(b[0]));
    return Object.fromEntries(entries.map(([lang, s]) => [lang, s.toJSON()]));
  }
}

/** Whitespace-separated words, counted without splitting the text. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
