/**
 * The documents reserved for evaluation (../shared/mt/reserved-documents.txt). Training refuses
 * them, so a model can never be tuned on the text it is judged on.
 */
import { readFileSync } from 'node:fs';

/**
 * Reads the reserved list into document keys of the form `KIND:DOCUMENT`, the same keys the
 * data extraction gives each paragraph's `doc`: `man:ls.1`, `libreoffice-help:text/…html`,
 * `gnome-user-docs:gnome-help/a11y.page`, `fortunes-pl:haiku`.
 */
export function readReservedDocuments(path: string): Set<string> {
  const out = new Set<string>();
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [kind, doc] = line.split('\t');
    if (kind && doc) out.add(`${kind}:${doc}`);
  }
  return out;
}
