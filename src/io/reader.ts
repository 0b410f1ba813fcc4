/**
 * `readDocuments`: every input (files, globs, '-') as one stream of events — documents,
 * rejects with their reason, and warnings — read chunk by chunk, never a whole file at once.
 */
import type { RejectedDocument } from '../pipeline/types.js';
import { SitoError } from '../errors.js';
import { DamagedStreamError, openByteSource } from './byte-source.js';
import { resolveInputs, type ResolvedInput } from './inputs.js';
import { LineSplitter, type SplitEvent } from './line-splitter.js';
import { makeReject, rejectToError } from './reasons.js';
import { parseJsonLine, parseTextLine, TextBlockAssembler, type FieldNames, type LineResult, type ReadDocument } from './records.js';
import { decodeLossy } from './utf8.js';
import { compressionName } from './compression.js';

export type InputFormat = 'jsonl' | 'text';
export type TextUnit = 'line' | 'block';

export interface ReadOptions {
  /** `jsonl` (default): one JSON object per line. `text`: plain text, see `textUnit`. */
  format?: InputFormat;
  /** For `text`: one document per line (default) or per blank-line-separated block. */
  textUnit?: TextUnit;
  /** Field holding the text (default `text`); dotted names reach into nested objects. */
  textField?: string;
  /** Field holding the document id (default `id`). */
  idField?: string;
  /** Throw a SitoError at the first bad record instead of rejecting it. */
  strict?: boolean;
  /** Longest record (JSONL line, text line or block) in bytes; longer ones are rejected `too-large`. */
  maxDocumentBytes?: number;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export type ReadEvent =
  | { kind: 'doc'; doc: ReadDocument }
  | { kind: 'reject'; rejected: RejectedDocument }
  | { kind: 'warning'; message: string };

/**
 * A line handed on undecoded (`readLines`): one JSONL record or one text line, to be decoded
 * and parsed where the document is scored (`parseJsonLine` / `parseTextLine`).
 */
export interface RawLine {
  kind: 'line';
  file: string;
  /** 1-based line number. */
  line: number;
  /** The line's bytes without its newline; never blank (blank lines are not records). */
  bytes: Uint8Array;
}

export type RawReadEvent = RawLine | ReadEvent;

/**
 * Where reading stands, for a progress line. Updated in place while the reader is iterated;
 * poll it as often as you like.
 */
export class ReadProgress {
  /** Sum of the input files' sizes on disk; undefined until inputs are resolved, or when reading stdin. */
  totalBytes: number | undefined = undefined;
  /** Bytes read from disk (or stdin) so far: compressed bytes for compressed inputs. */
  bytesRead = 0;
  filesTotal = 0;
  filesDone = 0;
  /** Input being read now. */
  currentFile: string | undefined = undefined;
  documents = 0;
  rejected = 0;
  warnings = 0;

  /** Share of the input read, 0–1, when the total is known. */
  get fraction(): number | undefined {
    if (this.totalBytes === undefined) return undefined;
    return this.totalBytes === 0 ? 1 : Math.min(1, this.bytesRead / this.totalBytes);
  }
}

export interface DocumentReader extends AsyncIterable<ReadEvent> {
  readonly progress: ReadProgress;
}

export interface LineReader extends AsyncIterable<RawReadEvent> {
  readonly progress: ReadProgress;
}

/**
 * Reads `inputs` (paths, glob patterns, '-' for stdin) in order. Inputs are resolved before the
 * first event: a missing file or an empty glob throws a SitoError before anything is read.
 * Iterate the result once.
 */
export function readDocuments(inputs: readonly string[], opts: ReadOptions = {}): DocumentReader {
  return reader(inputs, opts, false) as DocumentReader;
}

/**
 * Like `readDocuments`, but JSONL records and text lines come out as undecoded bytes (`RawLine`)
 * with only framing problems (too large, truncated input) rejected here: decoding and parsing
 * can then run in the worker threads, beside the scoring. Blocks of text (`textUnit: 'block'`)
 * still come out as documents. `strict` applies to what is rejected here.
 */
export function readLines(inputs: readonly string[], opts: ReadOptions = {}): LineReader {
  return reader(inputs, opts, true);
}

function reader(inputs: readonly string[], opts: ReadOptions, raw: boolean): LineReader {
  const progress = new ReadProgress();
  const settings = resolveReadOptions(opts);
  let started = false;
  return {
    progress,
    [Symbol.asyncIterator]() {
      if (started) throw new Error('readDocuments: a reader can be iterated only once');
      started = true;
      return readAll(inputs, settings, progress, raw);
    },
  };
}

/** Read options with every default filled in and checked. */
export interface ReadSettings extends FieldNames {
  format: InputFormat;
  textUnit: TextUnit;
  strict: boolean;
  limit: number;
}

/** Fills in and checks the defaults (a SitoError for a bad limit or an empty field name). */
export function resolveReadOptions(opts: ReadOptions): ReadSettings {
  const limit = opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  if (!Number.isSafeInteger(limit) || limit <= 0) throw new SitoError(`maxDocumentBytes must be a positive integer, got ${limit}`);
  // V8 strings cannot hold much more than 2^29 UTF-16 units; refuse limits it cannot honour.
  if (limit > 512 * 1024 * 1024) throw new SitoError(`maxDocumentBytes can be at most 512 MiB, got ${limit}`);
  const textField = opts.textField ?? 'text';
  const idField = opts.idField ?? 'id';
  if (textField === '') throw new SitoError('the text field name is empty');
  if (idField === '') throw new SitoError('the id field name is empty');
  return {
    format: opts.format ?? 'jsonl',
    textUnit: opts.textUnit ?? 'line',
    textField,
    idField,
    strict: opts.strict ?? false,
    limit,
  };
}

async function* readAll(inputs: readonly string[], settings: ReadSettings, progress: ReadProgress, raw: boolean): AsyncGenerator<RawReadEvent> {
  const resolved = await resolveInputs(inputs);
  progress.filesTotal = resolved.length;
  progress.totalBytes = resolved.every((r) => r.size !== undefined) ? resolved.reduce((sum, r) => sum + r.size!, 0) : undefined;
  for (const input of resolved) {
    progress.currentFile = input.name;
    yield* readOne(input, settings, progress, raw);
    progress.filesDone++;
  }
  progress.currentFile = undefined;
}

async function* readOne(input: ResolvedInput, settings: ReadSettings, progress: ReadProgress, raw: boolean): AsyncGenerator<RawReadEvent> {
  const file = input.name;
  const splitter = new LineSplitter(settings.limit);
  const blocks = settings.format === 'text' && settings.textUnit === 'block' ? new TextBlockAssembler(file, settings, settings.limit) : undefined;
  const parse = settings.format === 'jsonl' ? parseJsonLine : parseTextLine;
  // Raw lines are passed on undecoded; only framing (size) is checked here.
  const parseLine = raw
    ? (event: SplitEvent): LineResult | RawLine | undefined => {
        if (event.kind === 'oversized') return parse(event, file, settings, settings.limit);
        return isBlankAscii(event.bytes) ? undefined : { kind: 'line', file, line: event.line, bytes: event.bytes };
      }
    : (event: SplitEvent) => parse(event, file, settings, settings.limit);
  const source = openByteSource(file, (n) => {
    progress.bytesRead += n;
  });
  let records = 0;
  let bytes = 0;

  // Turns one line's result into an event, applying `strict` and counting.
  const toEvent = (result: LineResult | RawLine): RawReadEvent | undefined => {
    if (result === undefined) return undefined;
    records++;
    if ('kind' in result) {
      progress.documents++;
      return result;
    }
    if ('doc' in result) {
      progress.documents++;
      return { kind: 'doc', doc: result.doc };
    }
    if (settings.strict) throw rejectToError(result.rejected);
    progress.rejected++;
    return { kind: 'reject', rejected: result.rejected };
  };

  try {
    for await (const chunk of source.chunks) {
      bytes += chunk.length;
      for (const line of splitter.push(chunk)) {
        const event = toEvent(blocks ? blocks.push(line) : parseLine(line));
        if (event) yield event;
      }
    }
    for (const line of splitter.end()) {
      const event = toEvent(blocks ? blocks.push(line) : parseLine(line));
      if (event) yield event;
    }
    if (blocks) {
      const event = toEvent(blocks.finish());
      if (event) yield event;
    }
  } catch (err) {
    if (!(err instanceof DamagedStreamError)) throw err;
    // Everything before the damage has been delivered; the record being read when the stream
    // broke (and whatever followed it) is lost, and is reported at the line where it began.
    const unfinished = splitter.unfinished;
    const line = blocks?.openBlockLine ?? splitter.currentLine;
    const detail = `${err.message}; ${records} record${records === 1 ? '' : 's'} before line ${line} were read, the rest of the file is lost`;
    const raw = unfinished ? decodeLossy(unfinished.head) : '';
    const event = toEvent({ rejected: makeReject('truncated-input', detail, { file, line }, { raw }) });
    if (event) yield event;
    return;
  }
  if (records === 0) {
    progress.warnings++;
    const what = source.compression && source.compression !== 'none' ? ` (${compressionName(source.compression)})` : '';
    const why = bytes === 0 ? `the input${what} is empty` : `the input${what} has only blank lines`;
    yield { kind: 'warning', message: `${file}: no records, ${why}` };
  }
}

/**
 * A line of only ASCII whitespace is not a record (the common blank line). A line of other
 * whitespace (U+00A0…) is sent on and found blank where it is decoded.
 */
function isBlankAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false;
  }
  return true;
}
