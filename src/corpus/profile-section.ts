/**
 * Writes one section of a language profile (`langs/<code>.json`) and leaves the rest alone:
 * other builds own the other sections, and the key order is part of what a reviewer reads.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic-file.js';
import { SitoError } from '../errors.js';

/** Where a missing section goes: after the sections that come before it in the schema. */
const SCHEMA_ORDER = ['code', 'name', 'aliases', 'script', 'lid', 'normalizer', 'perplexity', 'mt'];

export function replaceProfileSection(profilePath: string, section: string, value: unknown): void {
  let profile: Record<string, unknown>;
  try {
    profile = JSON.parse(readFileSync(profilePath, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new SitoError(`cannot read the profile: ${(err as Error).message}`, { file: profilePath });
  }
  const out: Record<string, unknown> = {};
  if (section in profile) {
    for (const [k, v] of Object.entries(profile)) out[k] = k === section ? value : v;
  } else {
    const rank = (k: string): number => {
      const i = SCHEMA_ORDER.indexOf(k);
      return i < 0 ? SCHEMA_ORDER.length : i;
    };
    let placed = false;
    for (const [k, v] of Object.entries(profile)) {
      if (!placed && rank(k) > rank(section)) {
        out[section] = value;
        placed = true;
      }
      out[k] = v;
    }
    if (!placed) out[section] = value;
  }
  writeFileAtomicSync(profilePath, `${JSON.stringify(out, null, 2)}\n`);
}
