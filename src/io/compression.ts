/**
 * Which compression a byte stream uses, and the Node transforms that undo or apply it.
 * Inputs are recognised by their magic bytes, not their names (shards get renamed, and stdin
 * has no name); outputs are compressed according to their file extension.
 */
import { createGunzip, createGzip, constants as zlibConstants } from 'node:zlib';
import type { Transform } from 'node:stream';
import { CompressStream, DecompressStream } from 'zstd-napi';

export type Compression = 'none' | 'gzip' | 'zstd';

/** Bytes needed to tell the supported formats (and the unsupported ones we name) apart. */
export const MAGIC_BYTES_NEEDED = 6;

/**
 * Compression of a stream from its first bytes. Formats that are recognisably compressed but
 * not supported (xz) come back as `{unsupported}`, so the caller can say so instead of reading
 * binary garbage as text.
 */
export function detectCompression(head: Uint8Array): Compression | { unsupported: string } {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // Zstandard frame magic 0xFD2FB528, little-endian.
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  // Zstandard skippable frames (0x184D2A50..5F) may start a zstd file, e.g. seekable-format shards.
  if (head.length >= 4 && (head[0]! & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18) return 'zstd';
  if (head.length >= 6 && head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0x00) {
    return { unsupported: 'xz' };
  }
  return 'none';
}

/** Compression an output file gets from its name: `.gz` → gzip, `.zst`/`.zstd` → zstd. */
export function compressionFromPath(path: string): Compression {
  const lower = path.toLowerCase();
  if (lower.endsWith('.gz') || lower.endsWith('.gzip')) return 'gzip';
  if (lower.endsWith('.zst') || lower.endsWith('.zstd')) return 'zstd';
  return 'none';
}

/** Human name of a compression, for messages. */
export function compressionName(c: Compression): string {
  return c === 'none' ? 'plain' : c;
}

/**
 * Output size of one inflate step. When inflate fails (corrupt data, trailing garbage), Node's
 * zlib drops the output of the failing step, so this also bounds how much decoded data just
 * before the damage can be lost; truncation loses nothing (it is detected at the end). Smaller
 * steps cost CPU: 16 KiB read about 15 % slower than 256 KiB here.
 */
export const GUNZIP_CHUNK_BYTES = 64 * 1024;

export function createDecompressor(c: Exclude<Compression, 'none'>): Transform {
  // Gunzip handles concatenated members (`cat a.gz b.gz`), as zcat does.
  return c === 'gzip' ? createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }) : new DecompressStream();
}

export interface CompressorOptions {
  /** gzip 1–9 (default 6, as gzip(1)); zstd 1–19 (default 3, as zstd(1)). */
  level?: number;
}

export function createCompressor(c: Exclude<Compression, 'none'>, opts: CompressorOptions = {}): Transform {
  if (c === 'gzip') {
    return createGzip({ level: opts.level ?? zlibConstants.Z_DEFAULT_COMPRESSION, chunkSize: 256 * 1024 });
  }
  // A checksum lets readers (ours and zstdcat) detect corruption, not only truncation.
  return new CompressStream({ compressionLevel: opts.level ?? 3, checksumFlag: true });
}
