/**
 * The documents reserved for evaluation (../shared/mt/reserved-documents.txt). Training refuses
 * them, so a model can never be tuned on the text it is judged on.
 */
import { ReservedDocuments } from '../corpus/reserved.js';

/**
 * Reads the reserved list into document keys of the form `KIND:DOCUMENT`, the same keys the
 * data extraction gives each paragraph's `doc`: `man:ls.1`, `libreoffice-help:text/…html`,
 * `gnome-user-docs:gnome-help/a11y.page`, `fortunes-pl:haiku`.
 */
export function readReservedDocuments(path: string): Set<string> {
  return ReservedDocuments.load(path).keys();
}
