/**
 * Test material for the I/O tests: ~2 KB documents made of real Polish sentences (the KenLM
 * training text in ../shared), plus helpers to write files and collect what a reader produced.
 */
import { readFileSync } from 'node:fs';
import type { JsonRecord, RejectedDocument } from '../../src/pipeline/types.js';
import type { ReadDocument } from '../../src/io/records.js';
import type { DocumentReader } from '../../src/io/reader.js';
import { sharedPath } from '../helpers.js';

let sentences: string[] | undefined;

export function polishSentences(): string[] {
  sentences ??= readFileSync(sharedPath('kenlm', 'data', 'train.pl.txt'), 'utf8').split('\n').filter((s) => s.trim() !== '');
  return sentences;
}

/** `count` records of about `bytes` bytes of text each, with fields around the text. */
export function makeRecords(count: number, bytes = 2000): JsonRecord[] {
  const all = polishSentences();
  const records: JsonRecord[] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    let size = 0;
    while (size < bytes) {
      const s = all[next++ % all.length]!;
      parts.push(s);
      size += Buffer.byteLength(s) + 1;
    }
    // The text sits between other fields so that field order is really tested.
    records.push({ id: `doc-${i}`, url: `https://example.pl/${i}`, text: parts.join('\n'), meta: { n: i, tags: ['a', 'ż'] }, score: i / 7 });
  }
  return records;
}

export function toJsonl(records: JsonRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export interface Collected {
  docs: ReadDocument[];
  rejects: RejectedDocument[];
  warnings: string[];
}

export async function collect(reader: DocumentReader): Promise<Collected> {
  const out: Collected = { docs: [], rejects: [], warnings: [] };
  for await (const event of reader) {
    if (event.kind === 'doc') out.docs.push(event.doc);
    else if (event.kind === 'reject') out.rejects.push(event.rejected);
    else out.warnings.push(event.message);
  }
  return out;
}
