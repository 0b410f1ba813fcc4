/**
 * Language profiles: everything sito knows about a language lives in `langs/<code>.json`
 * (codes and aliases, script, thresholds, which models), so adding a language adds no code.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SitoError } from '../errors.js';

export interface NormalizerSettings {
  lowercase?: boolean;
  digits?: 'zero' | 'keep';
  punctuation?: 'ccnet' | 'keep';
  accents?: 'keep' | 'strip';
  segmenter?: 'space' | 'intl';
  [option: string]: unknown;
}

export interface LanguageProfile {
  code: string;
  name: string;
  aliases: string[];
  script?: string;
  lid?: { min_score?: number };
  normalizer?: NormalizerSettings;
  perplexity?: {
    model: string;
    cutoffs: { p30: number; p60: number };
    tail_line_cutoff?: number;
    [extra: string]: unknown;
  };
  mt?: { model: string; threshold: number; [extra: string]: unknown };
  /** Absolute path of the profile file, for messages and resolving model paths. */
  readonly file: string;
}

/** The repository root: models and profiles ship inside the package. */
export const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const defaultProfileDir = join(packageRoot, 'langs');

/** Resolves a model path from a profile (relative paths are relative to the package root). */
export function resolveModelPath(path: string): string {
  return isAbsolute(path) ? path : join(packageRoot, path);
}

export class ProfileRegistry {
  private readonly byCode = new Map<string, LanguageProfile>();
  private readonly byAlias = new Map<string, LanguageProfile>();

  constructor(profiles: LanguageProfile[]) {
    for (const p of profiles) {
      this.byCode.set(p.code, p);
      for (const alias of [p.code, p.name, ...p.aliases]) this.byAlias.set(alias.toLowerCase(), p);
    }
  }

  /** Loads every `*.json` profile in a directory (the manifest of the corpus build is skipped). */
  static load(dir = defaultProfileDir): ProfileRegistry {
    if (!existsSync(dir)) return new ProfileRegistry([]);
    const profiles: LanguageProfile[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.json') || name.includes('manifest')) continue;
      profiles.push(parseProfile(join(dir, name)));
    }
    return new ProfileRegistry(profiles);
  }

  /** The profile for any code form the profile lists (`pl`, `pol`, `pol_Latn`, `polish`). */
  find(code: string): LanguageProfile | undefined {
    return this.byCode.get(code) ?? this.byAlias.get(code.toLowerCase());
  }

  all(): LanguageProfile[] {
    return [...this.byCode.values()];
  }
}

function parseProfile(file: string): LanguageProfile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SitoError(`invalid language profile: ${(err as Error).message}`, { file });
  }
  const p = data as Partial<LanguageProfile>;
  if (typeof p.code !== 'string' || !p.code) throw new SitoError('language profile has no "code"', { file });
  return {
    ...p,
    code: p.code,
    name: typeof p.name === 'string' ? p.name : p.code,
    aliases: Array.isArray(p.aliases) ? p.aliases.filter((a): a is string => typeof a === 'string') : [],
    file,
  } as LanguageProfile;
}
