/** Where sito's tags go in a record. */
import type { JsonRecord, SitoTags } from './types.js';

/** The key sito's tags live under in every output record. */
export const TAG_KEY = 'sito';

export function withTags(record: JsonRecord, tags: SitoTags): JsonRecord {
  return { ...record, [TAG_KEY]: tags };
}
