/**
 * Turns the languages a run asks for into what workers need: the profile of each, its language
 * model loaded once into shared memory, and its MT model path. A missing model is not an error
 * for tagging (the language is simply tagged with LID only) but is reported.
 */
import { readFileSync } from 'node:fs';
import { canonicalLanguage } from '../lid/codes.js';
import { ProfileRegistry, resolveModelPath, type LanguageProfile } from '../langs/profile.js';
import { SitoError } from '../errors.js';
import { languageModelFromBuffer } from '../lm/load.js';
import { perplexityNormalizerOf } from '../lm/normalize.js';
import type { LanguageSpec, ScorerSpec } from './scorer-spec.js';

/** Canonical code for anything a user may type (`pol_Latn`, `polish`), or an error that says so. */
export function resolveLanguage(code: string, registry: ProfileRegistry): string {
  const profile = registry.find(code);
  if (profile) return profile.code;
  const canonical = canonicalLanguage(code);
  if (!canonical) throw new SitoError(`unknown language '${code}' (try a code like pl, pol, pol_Latn or a name like polish)`);
  return canonical;
}

export interface SpecOptions {
  /** Languages whose models to load; undefined = every profile that has models. */
  languages?: string[];
  perplexity?: boolean;
  mt?: boolean;
}

export function buildScorerSpec(registry: ProfileRegistry, options: SpecOptions = {}): ScorerSpec {
  const wanted = options.languages ?? registry.all().map((p) => p.code);
  const languages: LanguageSpec[] = [];
  for (const code of wanted) {
    const profile = registry.find(code);
    if (!profile) continue;
    const spec: LanguageSpec = { code: profile.code };
    if (options.perplexity !== false && profile.perplexity?.model) spec.perplexity = perplexitySpec(profile);
    if (options.mt !== false && profile.mt?.model) spec.mt = { model: resolveModelPath(profile.mt.model) };
    languages.push(spec);
  }
  return { languages };
}

function perplexitySpec(profile: LanguageProfile): NonNullable<LanguageSpec['perplexity']> {
  const p = profile.perplexity!;
  const path = resolveModelPath(p.model);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new SitoError(`language model ${p.model} named by profile ${profile.file} cannot be read`);
  }
  const shared = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(shared).set(bytes);
  // Checked here, once, so a wrong or stale model is a clear message before any worker starts.
  const normalizer = perplexityNormalizerOf(profile, profile.file);
  languageModelFromBuffer(shared, { expectNormalizer: normalizer, name: path });
  return { model: shared, normalizer, cutoffs: p.cutoffs, tailLineCutoff: p.tail_line_cutoff };
}
