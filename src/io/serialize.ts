/**
 * How records become output lines: JSONL (with sito's key appended to the line as it was read,
 * so the user's bytes survive), plain text, and reject records. Pure functions, shared by the
 * writers and by the workers, which serialise whole batches so the main thread only moves bytes.
 */
import { SitoError } from '../errors.js';
import type { JsonRecord, RejectedDocument } from '../pipeline/types.js';
import { getField } from './records.js';
import type { TextUnit } from './reader.js';

export type OutputFormat = 'jsonl' | 'text';

export interface LineFormat {
  /** `jsonl` (default), or `text`: only the text field, one document per line or block. */
  format?: OutputFormat;
  /** For `text` output: the field to write (default `text`). */
  textField?: string;
  /**
   * For `text` output: `line` (default) writes each text on one line, turning its line breaks
   * into spaces; `block` separates texts by a blank line and drops blank lines inside them, so
   * the file reads back as the same documents.
   */
  textUnit?: TextUnit;
}

/** What `taggedLine` needs of a document read by `readDocuments`. */
export interface TaggableDocument {
  record: JsonRecord;
  /** The record's original JSONL line, if it came from one. */
  json?: string;
}

/** Record → one output line (without its newline). Throws a SitoError for text output without text. */
export function serializerFor(opts: LineFormat): (record: JsonRecord) => string {
  if ((opts.format ?? 'jsonl') === 'jsonl') return (record) => JSON.stringify(record);
  const field = opts.textField ?? 'text';
  const block = opts.textUnit === 'block';
  return (record) => {
    const text = getField(record, field);
    if (typeof text !== 'string') throw new SitoError(`cannot write text output: the record has no string "${field}" field`);
    const normalised = text.replace(/\r\n?/g, '\n');
    // One document per line, or per block: inner separators would split it on reading back.
    return block ? `${normalised.replace(/\n[^\S\n]*(?=\n)/g, '').replace(/^[^\S\n]*\n/, '').replace(/\n+$/, '')}\n` : normalised.replace(/\n/g, ' ');
  };
}

/**
 * The output line for `doc.record` with `key` set to `value` (sito's tags). For JSONL read by
 * sito the key is appended to the original line, so the user's fields keep their exact bytes
 * and order (and the text is not serialised again); otherwise, or when the record already has
 * `key`, the line is `{...record, [key]: value}` serialised.
 */
export function taggedLine(doc: TaggableDocument, key: string, value: unknown, opts: LineFormat, serialize = serializerFor(opts)): string {
  if ((opts.format ?? 'jsonl') === 'jsonl' && doc.json !== undefined && !Object.hasOwn(doc.record, key)) {
    const line = appendKey(doc.json, key, value);
    if (line !== undefined) return line;
  }
  return serialize({ ...doc.record, [key]: value });
}

/**
 * `{"a":1}` + key/value → `{"a":1,"key":value}`, touching nothing before the closing brace.
 * Undefined if the line does not look like one JSON object (then the caller re-serialises).
 */
export function appendKey(json: string, key: string, value: unknown): string | undefined {
  const close = json.lastIndexOf('}');
  if (close < 0) return undefined;
  const body = json.slice(0, close);
  const open = body.indexOf('{');
  if (open < 0) return undefined;
  const serialized = JSON.stringify(value);
  if (serialized === undefined) return undefined;
  // An object with no members yet takes no comma.
  const empty = body.slice(open + 1).trim() === '';
  return `${body.trimEnd()}${empty ? '' : ','}${JSON.stringify(key)}:${serialized}}`;
}

/** A reject sink line: `{"reason","file","line","record"|"raw"}`. */
export function rejectLine(rejected: RejectedDocument): string {
  const line: Record<string, unknown> = { reason: rejected.reason, file: rejected.source.file, line: rejected.source.line };
  if (rejected.record !== undefined) line.record = rejected.record;
  else if (rejected.raw !== undefined) line.raw = rejected.raw;
  return JSON.stringify(line);
}
