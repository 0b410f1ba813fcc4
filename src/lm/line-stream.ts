/**
 * Line-by-line reading of big text files (plain or gzip) without holding them in memory.
 * Lines are handed to a synchronous callback chunk by chunk, which is far cheaper than an
 * async iterator per line; the callback learns whether the line ended with '\n', because
 * KenLM's `query` treats an unterminated last line differently.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { SitoError } from '../errors.js';

export type LineCallback = (line: string, lineNumber: number, terminated: boolean) => void;

/** True when the file starts with the gzip magic bytes (the name is not trusted). */
export function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Reads `path` (gzip detected by content) and calls `onLine` for every line. Returns the line count. */
export async function forEachLineOfFile(path: string, onLine: LineCallback): Promise<number> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!isGzipFile(path)) return forEachLine(file, onLine, path);
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  file.on('error', (err) => gunzip.destroy(err));
  file.pipe(gunzip);
  return forEachLine(gunzip, onLine, path);
}

/** Splits a byte stream into UTF-8 lines. Errors from the stream become SitoErrors naming `name`. */
export async function forEachLine(stream: Readable, onLine: LineCallback, name: string): Promise<number> {
  let carry: Buffer = Buffer.alloc(0);
  let lineNumber = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const lastNewline = data.lastIndexOf(10);
      if (lastNewline < 0) {
        carry = data;
        continue;
      }
      const text = data.toString('utf8', 0, lastNewline + 1);
      carry = Buffer.from(data.subarray(lastNewline + 1));
      let start = 0;
      for (;;) {
        const end = text.indexOf('\n', start);
        if (end < 0) break;
        onLine(text.slice(start, end), ++lineNumber, true);
        start = end + 1;
      }
    }
  } catch (err) {
    if (err instanceof SitoError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'Z_BUF_ERROR' || e.code === 'Z_DATA_ERROR' || /unexpected end of file|incorrect header check/i.test(e.message)) {
      throw new SitoError(`corrupt or truncated gzip data (${e.message})`, { file: name, line: lineNumber + 1 });
    }
    throw err;
  }
  if (carry.length > 0) onLine(carry.toString('utf8'), ++lineNumber, false);
  return lineNumber;
}
