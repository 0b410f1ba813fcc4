/**
 * Writes the `mt` section of a language profile (`langs/<code>.json`): reads the file, replaces
 * only that section (other sections and key order stay), writes it back. A missing profile is
 * created with `code` and `name` only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface MtProfileSection {
  model: string;
  threshold: number;
}

/** English names for the codes sito ships MT models for (used only when creating a profile). */
const NAMES: Record<string, string> = {
  pl: 'Polish', es: 'Spanish', ca: 'Catalan', gl: 'Galician', pt: 'Portuguese', it: 'Italian', fr: 'French',
};

export function writeMtSection(profilePath: string, lang: string, section: MtProfileSection): void {
  const profile: Record<string, unknown> = existsSync(profilePath)
    ? (JSON.parse(readFileSync(profilePath, 'utf8')) as Record<string, unknown>)
    : { code: lang, name: NAMES[lang] ?? lang };
  profile.mt = section; // replaces in place if present (keeps key order), appends otherwise
  writeFileSync(profilePath, JSON.stringify(profile, null, 2) + '\n');
}

export function readMtThreshold(profilePath: string): number | undefined {
  if (!existsSync(profilePath)) return undefined;
  const t = (JSON.parse(readFileSync(profilePath, 'utf8')) as { mt?: { threshold?: unknown } }).mt?.threshold;
  return typeof t === 'number' ? t : undefined;
}
