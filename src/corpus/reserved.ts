/**
 * Documents reserved for evaluation (`../shared/mt/reserved-documents.txt`): never trained or
 * tuned on. Format: comment lines start with '#', others are KIND<TAB>DOCUMENT. For man pages
 * the document is NAME.SECTION in every language; for other kinds it is the path under the
 * language folder (LibreOffice help, GNOME help) or the collection file name (fortunes).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SitoError } from '../errors.js';

export class ReservedDocuments {
  private readonly byKind = new Map<string, Set<string>>();

  constructor(entries: Iterable<[string, string]>) {
    for (const [kind, doc] of entries) {
      let set = this.byKind.get(kind);
      if (!set) this.byKind.set(kind, (set = new Set()));
      set.add(doc);
    }
  }

  static load(path: string): ReservedDocuments {
    const entries: [string, string][] = [];
    readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const parts = line.split('\t');
      if (parts.length !== 2 || !parts[0] || !parts[1]) {
        throw new SitoError('expected KIND<TAB>DOCUMENT', { file: path, line: i + 1 });
      }
      entries.push([parts[0], parts[1].trim()]);
    });
    return new ReservedDocuments(entries);
  }

  /** Every entry as `KIND:DOCUMENT` (`man:ls.1`, `fortunes-pl:haiku`). */
  keys(): Set<string> {
    const out = new Set<string>();
    for (const [kind, docs] of this.byKind) for (const doc of docs) out.add(`${kind}:${doc}`);
    return out;
  }

  get size(): number {
    let n = 0;
    for (const s of this.byKind.values()) n += s.size;
    return n;
  }

  /** Is document `docId` (path relative to the source root) of a source in family `kind` reserved? */
  has(kind: string | undefined, docId: string): boolean {
    if (!kind) return false;
    const set = this.byKind.get(kind);
    if (!set) return false;
    return set.has(reservedKey(kind, docId));
  }
}

/** The key a document has in the reserved list: man pages are NAME.SECTION wherever they live. */
export function reservedKey(kind: string, docId: string): string {
  if (kind === 'man') return basename(docId).replace(/\.(gz|bz2|xz)$/, '');
  // A fortune collection is named without the ".fortunes" suffix some packages give its file.
  if (kind.startsWith('fortunes')) return docId.replace(/\.fortunes$/, '');
  return docId;
}
