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

  add(text: string, tags: SitoTags, dropReason: string | null): void {
    this.documents++;
    if (dropReason === null) this.kept++;
    else {
      const slug = dropReason.slice(0, dropReason.indexOf(':') >>> 0);
      this.dropReasons[slug] = (this.dropReasons[slug] ?? 0) + 1;
    }
    this.characters += text.length;
    this.words += tags.quality?.words ?? countWords(text);
    this.langScore.add(tags.lang_score);
    if (tags.mt_prob !== undefined) this.mtProb.add(tags.mt_prob);
    if (tags.perplexity !== undefined) this.perplexity.add(tags.perplexity);
    if (tags.ppl_bucket) this.buckets[tags.ppl_bucket] = (this.buckets[tags.ppl_bucket] ?? 0) + 1;
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
    let s = this.byLang.get(tags.lang);
    if (!s) this.byLang.set(tags.lang, (s = new LanguageSummary()));
    s.add(text, tags, dropReason);
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
