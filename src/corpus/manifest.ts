/**
 * The corpus manifest (`langs/corpus-manifest.json`): which Debian packages feed which language,
 * how each source is extracted, what is held out, and the per-language knowledge the prose filter
 * needs. A new language is a new manifest entry, not new code.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { SitoError } from '../errors.js';

export type SourceKind = 'fortune' | 'man' | 'html' | 'xml' | 'mo';
export const SOURCE_KINDS: readonly SourceKind[] = ['fortune', 'man', 'html', 'xml', 'mo'];

export interface SourceSpec {
  /** Name in the lock file and in models/README.md (e.g. "fortunes", "libreoffice-help"). */
  id: string;
  kind: SourceKind;
  /** Debian binary packages that hold the files. */
  packages: string[];
  /** Directory inside each package; document ids are paths relative to it. */
  root: string;
  /** Glob patterns relative to root (tinyglobby syntax). */
  include: string[];
  exclude?: string[];
  /** Original writing in the language (as opposed to translation). */
  native?: boolean;
  /** Family in reserved-documents.txt whose entries apply to this source ("man", "libreoffice-help", ...). */
  reserved?: string;
  /** Cap on training words from this source (whole documents, in seeded order). */
  max_words?: number;
  /** Share of documents held out; defaults to the manifest's heldout_fraction (native_heldout_fraction when native). */
  heldout_fraction?: number;
  /** Fortune options. */
  rot13?: boolean;
  /** Split each fortune file into documents of this many entries (packages with one big file). */
  chunk_entries?: number;
  fallback_encoding?: string;
  /** Lines to drop before the prose filter (regular expressions; page furniture such as LibreOffice's debug lines). */
  drop_lines?: string[];
}

export interface LanguageSpec {
  script: 'Latn' | 'Cyrl';
  sources: SourceSpec[];
  /** Overrides of the manifest's model settings for this language (read by scripts/build-models.sh). */
  model?: Partial<ModelSettings>;
}

/** How scripts/build-models.sh trains and packs the model (`sito lm train`/`build` flags). */
export interface ModelSettings {
  order: number;
  prune: number[];
  quantize: 8 | 16;
  min_document_words: number;
  /** Train on BPE pieces of this many (CCNet's way) instead of on words. */
  subword?: { vocab: number };
  /** LM normaliser settings laid over the profile's `normalizer` (e.g. CCNet's accent stripping). */
  normalizer?: Record<string, unknown>;
}

export interface CorpusManifest {
  seed: string;
  heldout_fraction: number;
  native_heldout_fraction: number;
  min_words: number;
  max_words: number;
  /** .mo catalogues are split into documents of this many messages for the held-out split. */
  mo_chunk: number;
  model: ModelSettings;
  function_words: Record<string, string[]>;
  languages: Record<string, LanguageSpec>;
}

export interface LoadedManifest {
  path: string;
  sha256: string;
  manifest: CorpusManifest;
}

export function loadManifest(path: string): LoadedManifest {
  const text = readFileSync(path, 'utf8');
  let manifest: CorpusManifest;
  try {
    manifest = JSON.parse(text) as CorpusManifest;
  } catch (err) {
    throw new SitoError(`manifest is not valid JSON: ${(err as Error).message}`, { file: path });
  }
  validate(manifest, path);
  return { path, sha256: createHash('sha256').update(text).digest('hex'), manifest };
}

function validate(m: CorpusManifest, file: string): void {
  const fail = (msg: string): never => {
    throw new SitoError(msg, { file });
  };
  if (typeof m.seed !== 'string') fail('manifest needs a "seed" string');
  for (const key of ['heldout_fraction', 'native_heldout_fraction'] as const) {
    if (!(m[key] >= 0 && m[key] < 1)) fail(`"${key}" must be a number in [0, 1)`);
  }
  for (const key of ['min_words', 'max_words', 'mo_chunk'] as const) {
    if (!(Number.isInteger(m[key]) && m[key] > 0)) fail(`"${key}" must be a positive integer`);
  }
  if (!m.languages || typeof m.languages !== 'object') fail('manifest needs a "languages" object');
  for (const [lang, spec] of Object.entries(m.languages)) {
    if (spec.script !== 'Latn' && spec.script !== 'Cyrl') fail(`language ${lang}: script must be "Latn" or "Cyrl"`);
    if (!m.function_words?.[lang]?.length) fail(`language ${lang}: no function_words list`);
    const ids = new Set<string>();
    for (const s of spec.sources ?? []) {
      if (!s.id || ids.has(s.id)) fail(`language ${lang}: source ids must be present and unique (${s.id})`);
      ids.add(s.id);
      if (!SOURCE_KINDS.includes(s.kind)) fail(`language ${lang}, source ${s.id}: kind must be one of ${SOURCE_KINDS.join(', ')}`);
      if (!s.packages?.length) fail(`language ${lang}, source ${s.id}: no packages`);
      if (!s.root || s.root.startsWith('/') || s.root.includes('..')) fail(`language ${lang}, source ${s.id}: root must be a relative path inside the package`);
      if (!s.include?.length) fail(`language ${lang}, source ${s.id}: no include patterns`);
    }
  }
}
