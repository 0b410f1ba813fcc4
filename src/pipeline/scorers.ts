/**
 * Builds the chain of scorers a worker runs on every document: language ID first (every later
 * scorer needs to know the language), then the per-language perplexity and MT scorers.
 */
import { createLanguageIdentifier } from '../lid/identifier.js';
import { createLidScorer } from './scorers/lid.js';
import { createPerplexityScorer } from './scorers/perplexity.js';
import { createQualityScorer } from './scorers/quality.js';
import type { ScorerSpec } from './scorer-spec.js';
import type { DocumentScorer, SitoTags } from './types.js';

export interface ScorerChain {
  lid: DocumentScorer;
  /** Language-independent scorers that run on every document (none with `lidOnly`). */
  always: DocumentScorer[];
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
        chain.push(createMtScorer({ models: { [lang.code]: lang.mt.model } }));
      }
      if (chain.length) perLanguage.set(lang.code, chain);
    }
  }
  const always = spec.lidOnly ? [] : [createQualityScorer()];
  return { lid: createLidScorer(identifier), always, perLanguage };
}

export function scoreText(chain: ScorerChain, text: string): SitoTags {
  const tags: SitoTags = { lang: 'und', lang_score: 0, lang_shares: {} };
  chain.lid.score(text, tags);
  for (const scorer of chain.always) scorer.score(text, tags);
  const more = chain.perLanguage.get(tags.lang);
  if (more) for (const scorer of more) scorer.score(text, tags);
  return tags;
}

export function scoreTexts(chain: ScorerChain, texts: string[]): SitoTags[] {
  return texts.map((text) => scoreText(chain, text));
}
