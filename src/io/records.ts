/**
 * From lines to documents: JSONL records are parsed and their text field checked; plain text
 * becomes one record per line or per blank-line-separated block. Each problem becomes a
 * reject with a stable reason slug, never an exception (the reader decides about `strict`).
 */
import type { InputDocument, JsonRecord, RejectedDocument, SourceRef } from '../pipeline/types.js';
import { formatBytes, makeReject } from './reasons.js';
import type { OversizedLine, SplitEvent } from './line-splitter.js';
import { decodeLossy, decodeUtf8Strict, firstInvalidUtf8Offset } from './utf8.js';

/** A document as the reader hands it on. */
export interface ReadDocument extends InputDocument {
  /** The record's id field as a string, if it has one (text input: `FILE:LINE`). */
  id?: string;
  /**
   * JSONL only: the line exactly as read, so a writer can add sito's key to it without
   * re-serialising the user's fields (big integers, number formats and escapes stay as they
   * were). Stale if `record` is changed; `RecordWriter.writeTagged` relies on it not being.
   */
  json?: string;
}

export type LineResult = { doc: ReadDocument } | { rejected: RejectedDocument } | undefined;

export interface FieldNames {
  textField: string;
  idField: string;
}

/**
 * Value of `field` in `record`. A key that literally contains dots wins; otherwise a dotted
 * name walks nested objects (`meta.body` → record.meta.body).
 */
export function getField(record: JsonRecord, field: string): unknown {
  if (Object.hasOwn(record, field) || !field.includes('.')) return record[field];
  let value: unknown = record;
  for (const key of field.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as JsonRecord)[key];
  }
  return value;
}

/** Sets `field` (dotted names create nested objects), for records sito builds itself. */
export function setField(record: JsonRecord, field: string, value: unknown): void {
  const keys = field.split('.');
  let target = record;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
    target = target[key] as JsonRecord;
  }
  target[keys[keys.length - 1]!] = value;
}

const NON_SPACE = /\S/;

export function isBlank(text: string): boolean {
  return !NON_SPACE.test(text);
}

export function oversizedReject(event: OversizedLine, file: string, limit: number, what: string): RejectedDocument {
  return makeReject(
    'too-large',
    `${what} is ${formatBytes(event.length)} (${event.length} bytes), over the ${formatBytes(limit)} limit`,
    { file, line: event.line },
    { raw: decodeLossy(event.head) },
  );
}

export function invalidUtf8Reject(bytes: Buffer, source: SourceRef, where = ''): RejectedDocument {
  const offset = firstInvalidUtf8Offset(bytes);
  const at = offset >= 0 ? ` at byte ${offset}${where} (0x${bytes[offset]!.toString(16).padStart(2, '0')})` : where;
  return makeReject('invalid-utf8', `not valid UTF-8${at}`, source, { raw: decodeLossy(bytes) });
}

/** One JSONL line → a document, a reject, or nothing (blank lines are not records). */
export function parseJsonLine(event: SplitEvent, file: string, fields: FieldNames, limit: number): LineResult {
  if (event.kind === 'oversized') return { rejected: oversizedReject(event, file, limit, 'record') };
  const source: SourceRef = { file, line: event.line };
  const line = decodeUtf8Strict(event.bytes);
  if (line === undefined) return { rejected: invalidUtf8Reject(event.bytes, source) };
  if (isBlank(line)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { rejected: makeReject('malformed-json', (err as Error).message, source, { raw: line }) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { rejected: makeReject('not-an-object', `the line is ${describeJsonType(value)}, not a JSON object`, source, { raw: line }) };
  }
  const record = value as JsonRecord;
  const text = getField(record, fields.textField);
  if (text === undefined) {
    return { rejected: makeReject('missing-text', `no "${fields.textField}" field`, source, { record }) };
  }
  if (typeof text !== 'string') {
    return { rejected: makeReject('text-not-string', `"${fields.textField}" is ${describeJsonType(text)}, not a string`, source, { record }) };
  }
  if (isBlank(text)) {
    const detail = text.length === 0 ? `"${fields.textField}" is empty` : `"${fields.textField}" is only whitespace`;
    return { rejected: makeReject('empty-text', detail, source, { record }) };
  }
  const doc: ReadDocument = { record, text, source, json: line };
  const id = getField(record, fields.idField);
  if (typeof id === 'string') doc.id = id;
  else if (typeof id === 'number' && Number.isFinite(id)) doc.id = String(id);
  return { doc };
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
}

/**
 * The record sito makes for a plain-text document: the text under the text field and an id
 * `FILE:LINE` under the id field, so tagged output can be traced back to its source.
 */
export function textRecord(text: string, source: SourceRef, fields: FieldNames): ReadDocument {
  const record: JsonRecord = {};
  setField(record, fields.textField, text);
  const id = `${source.file}:${source.line}`;
  setField(record, fields.idField, id);
  return { record, text, source, id };
}

/** Plain text, one document per non-blank line. */
export function parseTextLine(event: SplitEvent, file: string, fields: FieldNames, limit: number): LineResult {
  if (event.kind === 'oversized') return { rejected: oversizedReject(event, file, limit, 'line') };
  const source: SourceRef = { file, line: event.line };
  const text = decodeUtf8Strict(event.bytes);
  if (text === undefined) return { rejected: invalidUtf8Reject(event.bytes, source) };
  if (isBlank(text)) return undefined;
  return { doc: textRecord(text, source, fields) };
}

/**
 * Plain text, one document per block of lines separated by blank lines. A block is bounded by
 * the same byte limit as a line; once over it, its lines are dropped as they come.
 */
export class TextBlockAssembler {
  private lines: string[] = [];
  private startLine = 0;
  private bytes = 0;
  private problem: RejectedDocument | undefined;

  constructor(
    private readonly file: string,
    private readonly fields: FieldNames,
    private readonly limit: number,
  ) {}

  /** Line where the unfinished block started, if one is open. */
  get openBlockLine(): number | undefined {
    return this.startLine > 0 ? this.startLine : undefined;
  }

  push(event: SplitEvent): LineResult {
    if (event.kind === 'line') {
      const text = decodeUtf8Strict(event.bytes);
      if (text !== undefined && isBlank(text)) return this.finish();
      this.open(event.line);
      if (this.problem) return undefined;
      if (text === undefined) {
        this.problem = invalidUtf8Reject(event.bytes, { file: this.file, line: this.startLine }, ` of line ${event.line}`);
        this.lines = [];
        return undefined;
      }
      this.bytes += event.bytes.length + (this.lines.length > 0 ? 1 : 0);
      if (this.bytes > this.limit) this.overflow(event.line, event.bytes);
      else this.lines.push(text);
      return undefined;
    }
    this.open(event.line);
    if (!this.problem) this.overflow(event.line, event.head);
    return undefined;
  }

  /** Ends the open block (at a blank line or the end of the input). */
  finish(): LineResult {
    if (this.startLine === 0) return undefined;
    const source: SourceRef = { file: this.file, line: this.startLine };
    const result: LineResult = this.problem ? { rejected: this.problem } : { doc: textRecord(this.lines.join('\n'), source, this.fields) };
    this.lines = [];
    this.startLine = 0;
    this.bytes = 0;
    this.problem = undefined;
    return result;
  }

  private open(line: number): void {
    if (this.startLine === 0) this.startLine = line;
  }

  private overflow(line: number, head: Buffer): void {
    const shown = this.lines.length > 0 ? this.lines.slice(0, 50).join('\n') : decodeLossy(head.subarray(0, 4096));
    this.problem = makeReject(
      'too-large',
      `block is over the ${formatBytes(this.limit)} limit (passed it at line ${line})`,
      { file: this.file, line: this.startLine },
      { raw: shown },
    );
    this.lines = [];
  }
}
