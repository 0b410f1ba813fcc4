/**
 * The `.sitolm` file: one contiguous buffer, so loading is a single read into an ArrayBuffer
 * (or a SharedArrayBuffer that several worker threads view without copying).
 *
 *   bytes 0..7    magic "SITOLM\0\0"
 *   bytes 8..11   format version (uint32 LE)
 *   bytes 12..15  byte length of the JSON header (uint32 LE)
 *   JSON header   order, counts, quantisation, normaliser settings, and where each section lies
 *   sections      typed arrays (8-byte aligned, little-endian) — the probing tables themselves,
 *                 and for a subword model the tokenizer (`SubwordTokenizer.toBytes()`, section
 *                 "tokenizer"), so a model file is self-contained
 *
 * Version 3 added the optional tokenizer; version 2 files (word models) still load.
 * Models read from ARPA are packed into this very layout in memory, so there is one query
 * implementation and `sito lm build` only has to write the buffer out.
 */
import { readFileSync, openSync, fstatSync, readSync, closeSync } from 'node:fs';
import { SitoError } from '../errors.js';
import type { NormalizerOptions } from './normalize.js';

export const MAGIC = 'SITOLM\0\0';
export const FORMAT_VERSION = 3;
/** Oldest version this sito reads: version 2 is version 3 without a tokenizer. */
export const OLDEST_FORMAT_VERSION = 2;
const PREFIX_BYTES = 16;
/** Dead-end mark in the code word of an 8-bit quantised entry (never set by version 2). */
export const QUANTIZED_DEAD_END = 0x8000;

export type SectionType = 'i32' | 'u32' | 'f32' | 'u8' | 'u16';
export type TypedArray = Int32Array | Uint32Array | Float32Array | Uint8Array | Uint16Array;

export interface SectionInfo {
  type: SectionType;
  /** Byte offset from the start of the buffer. */
  offset: number;
  /** Number of elements. */
  length: number;
}

export interface TableInfo {
  /** n-gram order of the table (2 … order; unigrams are arrays indexed by word id). */
  order: number;
  capacity: number;
  /**
   * int32 per entry: [key lo, key hi|1, prob f32, backoff f32] (4), the highest order without
   * backoff (3), or quantised [key lo, key hi|1, prob code | backoff code << 16] (3). In 8-bit
   * tables of version 3, bit 15 (QUANTIZED_DEAD_END) marks an n-gram that is no longer n-gram's
   * context and has backoff 0 — what a float table marks with the backoff -0.0.
   */
  stride: number;
  /** n-grams from the ARPA file. */
  entries: number;
  /** Entries added because an n-gram's suffix was missing (SRILM-style pruning). */
  blanks: number;
}

export interface ModelHeader {
  format: 'sitolm';
  order: number;
  /** n-gram counts of the ARPA header, unigrams first. */
  counts: number[];
  vocabSize: number;
  vocabCapacity: number;
  bos: number;
  eos: number;
  unkMissing: boolean;
  /** null: float32 values; otherwise bits per quantised prob/backoff of orders ≥ 2. */
  quantization: null | { bits: 8 | 16 };
  /** Normaliser the training text went through, or null when not recorded. */
  normalizer: NormalizerOptions | null;
  /**
   * The model's tokens are subword pieces of normalised words (section "tokenizer" holds the
   * tokenizer); null or absent (version 2): the tokens are the normalised words themselves.
   */
  tokenizer?: null | { kind: 'bpe'; pieces: number };
  tables: TableInfo[];
  /** Free-form provenance: source file, tool. */
  source?: string;
  sections: Record<string, SectionInfo>;
}

const BYTES: Record<SectionType, number> = { i32: 4, u32: 4, f32: 4, u8: 1, u16: 2 };

function typeOf(a: TypedArray): SectionType {
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Uint16Array) return 'u16';
  return 'u8';
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Lays the header and sections out in one buffer. */
export function packModel(header: Omit<ModelHeader, 'sections' | 'format'>, arrays: Record<string, TypedArray>, shared = false): ArrayBuffer | SharedArrayBuffer {
  // Section offsets depend on the JSON length, which depends on the offsets' digits: lay the
  // sections out relative to a start, then fix the start once the JSON length is known.
  const relative: Record<string, SectionInfo> = {};
  let cursor = 0;
  for (const [name, a] of Object.entries(arrays)) {
    relative[name] = { type: typeOf(a), offset: cursor, length: a.length };
    cursor = align8(cursor + a.byteLength);
  }
  const encoder = new TextEncoder();
  let dataStart = align8(PREFIX_BYTES + 256);
  let json: Uint8Array;
  for (;;) {
    const sections: Record<string, SectionInfo> = {};
    for (const [name, s] of Object.entries(relative)) sections[name] = { ...s, offset: s.offset + dataStart };
    json = encoder.encode(JSON.stringify({ format: 'sitolm', ...header, sections }));
    const needed = align8(PREFIX_BYTES + json.length);
    if (needed <= dataStart) break;
    dataStart = needed + 64;
  }
  const total = dataStart + cursor;
  const buffer = shared ? new SharedArrayBuffer(total) : new ArrayBuffer(total);
  const bytes = new Uint8Array(buffer);
  bytes.set(encoder.encode(MAGIC), 0);
  const view = new DataView(buffer);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  bytes.set(json, PREFIX_BYTES);
  for (const [name, a] of Object.entries(arrays)) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), relative[name]!.offset + dataStart);
  }
  return buffer;
}

export function hasMagic(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/** The format version a `.sitolm` buffer declares (bytes 8..11); the magic is checked by `readHeader`. */
export function formatVersionOf(buffer: ArrayBuffer | SharedArrayBuffer): number {
  return new DataView(buffer).getUint32(8, true);
}

/** Checks magic and version and parses the JSON header. `name` is used in messages. */
export function readHeader(buffer: ArrayBuffer | SharedArrayBuffer, name = 'model'): ModelHeader {
  const bytes = new Uint8Array(buffer);
  if (!hasMagic(bytes)) throw new SitoError('not a sito binary LM (bad magic bytes)', { file: name });
  const view = new DataView(buffer);
  const version = formatVersionOf(buffer);
  if (version < OLDEST_FORMAT_VERSION || version > FORMAT_VERSION) {
    throw new SitoError(`binary LM format version ${version} is not supported: this sito reads versions ${OLDEST_FORMAT_VERSION}–${FORMAT_VERSION}; rebuild the model from its ARPA file with 'sito lm build'`, { file: name });
  }
  const length = view.getUint32(12, true);
  if (PREFIX_BYTES + length > bytes.length) throw new SitoError('truncated binary LM (header runs past the end)', { file: name });
  let header: ModelHeader;
  try {
    // TextDecoder refuses views of a SharedArrayBuffer, so copy the (small) header bytes.
    header = JSON.parse(new TextDecoder().decode(bytes.slice(PREFIX_BYTES, PREFIX_BYTES + length))) as ModelHeader;
  } catch {
    throw new SitoError('corrupt binary LM header', { file: name });
  }
  header.tokenizer ??= null;
  if (header.tokenizer !== null && !header.sections.tokenizer) throw new SitoError('corrupt binary LM: the header names a tokenizer but the section is missing', { file: name });
  for (const s of Object.values(header.sections)) {
    if (s.offset + s.length * BYTES[s.type] > bytes.length) throw new SitoError('truncated binary LM (a section runs past the end of the file)', { file: name });
  }
  return header;
}

/** A typed-array view of one section (no copy). */
export function sectionView(buffer: ArrayBuffer | SharedArrayBuffer, header: ModelHeader, name: string): TypedArray {
  const s = header.sections[name];
  if (!s) throw new SitoError(`corrupt binary LM: section "${name}" is missing`);
  switch (s.type) {
    case 'i32': return new Int32Array(buffer, s.offset, s.length);
    case 'u32': return new Uint32Array(buffer, s.offset, s.length);
    case 'f32': return new Float32Array(buffer, s.offset, s.length);
    case 'u16': return new Uint16Array(buffer, s.offset, s.length);
    default: return new Uint8Array(buffer, s.offset, s.length);
  }
}

/** Reads a whole file into one (optionally shared) buffer with a single read. */
export function readFileIntoBuffer(path: string, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  if (!shared) {
    const b = readFileSync(path);
    // A Buffer from readFileSync may sit inside a bigger pool; copy out only when it does.
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = new SharedArrayBuffer(size);
    const bytes = new Uint8Array(buffer);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, bytes, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}
