/**
 * Builds the chain of scorers a worker runs on every document: language ID first (every later
 * scorer needs to know the language), then the per-language perplexity and MT scorers.
 */
import { createLanguageIdentifier } from '../lid/identifier.js';
import { createLidScorer } from './scorers/lid.js';
import { createPerplexityScorer } from './scorers/perplexity.js';
import type { ScorerSpec } from './scorer-spec.js';
import type { DocumentScorer, SitoTags } from './types.js';

export interface ScorerChain {
  lid: DocumentScorer;
  /** Per language: the scorers that run after LID when the document is in that language. */
  perLanguage: Map<string, DocumentScorer[]>;
}

export async function buildScorers(spec: ScorerSpec): Promise<ScorerChain> {
  const identifier = await createLanguageIdentifier();
  const perLanguage = new Map<string, DocumentScorer[]>();
  if (!spec.lidOnly) {
    for (const lang of spec.languages) {
      const chain: DocumentScorer[] = [];
      if (lang.perplexity) chain.push(createPerplexityScorer(lang.perplexity));
      if (lang.mt) {
        // Loaded only when a profile has an MT model, so LID-only runs never pay for it.
        const { createMtScorer } = await import('../mt/scorer.js');
        chain.push(await createMtScorer(lang.mt.model));
      }
      if (chain.length) perLanguage.set(lang.code, chain);
    }
  }
  return { lid: createLidScorer(identifier), perLanguage };
}

export function scoreText(chain: ScorerChain, text: string): SitoTags {
  const tags: SitoTags = { lang: 'und', lang_score: 0, lang_shares: {} };
  chain.lid.score(text, tags);
  const more = chain.perLanguage.get(tags.lang);
  if (more) for (const scorer of more) scorer.score(text, tags);
  return tags;
}

export function scoreTexts(chain: ScorerChain, texts: string[]): SitoTags[] {
  return texts.map((text) => scoreText(chain, text));
}
