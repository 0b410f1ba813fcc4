/**
 * The `mt` scorer: adds `mt_prob` (calibrated P(machine-translated)) and `mt_evidence` to a
 * document's tags, using the model of the language earlier scorers found (`tags.lang`).
 * Models load lazily, once per worker and language; languages without a model get no MT tags.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentScorer, SitoTags } from '../pipeline/types.js';
import { MtModel } from './model.js';

/** Repository (package) root: compiled code lives in dist/src/mt/. */
export const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Where a language's MT model is: the `mt.model` of `langs/<code>.json` when the profile names
 * one, else `models/mt/<code>.sitomt`; null when neither exists.
 */
export function defaultMtModelPath(lang: string, root = packageRoot): string | null {
  const profile = join(root, 'langs', `${lang}.json`);
  if (existsSync(profile)) {
    const mt = (JSON.parse(readFileSync(profile, 'utf8')) as { mt?: { model?: string } }).mt;
    if (mt?.model) {
      const p = join(root, mt.model);
      if (existsSync(p)) return p;
    }
  }
  const p = join(root, 'models', 'mt', `${lang}.sitomt`);
  return existsSync(p) ? p : null;
}

export interface MtScorerOptions {
  /** Score every document with this language's model, whatever `tags.lang` says. */
  lang?: string;
  /** Explicit model files per language (override the profile / models/mt lookup). */
  models?: Record<string, string>;
  /** Already-loaded models (tests, library users). */
  loaded?: MtModel[];
  /** Root to resolve langs/ and models/ against (default: the sito package). */
  root?: string;
}

export function createMtScorer(options: MtScorerOptions = {}): DocumentScorer & { modelFor(lang: string): MtModel | null } {
  const cache = new Map<string, MtModel | null>();
  for (const m of options.loaded ?? []) cache.set(m.lang, m);
  const modelFor = (lang: string): MtModel | null => {
    let m = cache.get(lang);
    if (m !== undefined) return m;
    const path = options.models?.[lang] ?? defaultMtModelPath(lang, options.root);
    m = path ? MtModel.load(path) : null;
    cache.set(lang, m);
    return m;
  };
  return {
    name: 'mt',
    modelFor,
    score(text: string, tags: SitoTags): void {
      const model = modelFor(options.lang ?? tags.lang);
      if (!model) return;
      const s = model.scoreDocument(text);
      if (s.words === 0) return;
      tags.mt_prob = Math.round(s.prob * 10000) / 10000;
      tags.mt_evidence = s.evidence;
    },
  };
}
