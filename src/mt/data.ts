/**
 * Reading MT training and evaluation records. Training files are JSONL (`{text, doc?}` per
 * paragraph or document; paragraphs sharing `doc` are one document) or plain text (documents
 * separated by blank lines). Evaluation files are JSONL `{text, label: 'mt'|'human', group?}`.
 */
import { readFileSync } from 'node:fs';
import { SitoError } from '../errors.js';

export interface TextRecord {
  text: string;
  /** Document key: paragraphs with the same key are pooled and split together. */
  doc: string;
  /** 1-based line of the record, for messages. */
  line: number;
}

export interface LabelledRecord {
  text: string;
  positive: boolean;
  group?: string;
  line: number;
}

function parseJsonLine(line: string, file: string, n: number): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    throw new SitoError(`malformed JSON: ${(e as Error).message}`, { file, line: n });
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SitoError('expected a JSON object per line', { file, line: n });
  return v as Record<string, unknown>;
}

export function readTrainingRecords(file: string): TextRecord[] {
  const content = readFileSync(file, 'utf8');
  const out: TextRecord[] = [];
  if (/\.jsonl$/i.test(file)) {
    content.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const r = parseJsonLine(line, file, i + 1);
      if (typeof r.text !== 'string') throw new SitoError('record has no string "text" field', { file, line: i + 1 });
      const doc = typeof r.doc === 'string' ? r.doc : typeof r.group === 'string' ? r.group : `${file}:${i + 1}`;
      out.push({ text: r.text, doc, line: i + 1 });
    });
    return out;
  }
  let line = 1;
  for (const block of content.split(/\n\s*\n/)) {
    const text = block.trim();
    if (text) out.push({ text, doc: `${file}#${line}`, line });
    line += block.split('\n').length + 1;
  }
  return out;
}

export function readLabelledRecords(file: string): LabelledRecord[] {
  const out: LabelledRecord[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const r = parseJsonLine(line, file, i + 1);
    if (typeof r.text !== 'string') throw new SitoError('record has no string "text" field', { file, line: i + 1 });
    if (r.label !== 'mt' && r.label !== 'human') {
      throw new SitoError(`"label" must be "mt" or "human", got ${JSON.stringify(r.label)}`, { file, line: i + 1 });
    }
    const group = r.group === undefined || r.group === null ? undefined : String(r.group);
    out.push({ text: r.text, positive: r.label === 'mt', group, line: i + 1 });
  });
  if (out.length === 0) throw new SitoError('no records', { file });
  return out;
}
