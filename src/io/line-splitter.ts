/**
 * Splits a byte stream into lines on the byte 0x0A, without decoding (decoding happens per line,
 * so one bad byte costs one line, not the file). A line longer than the limit is never
 * assembled: once the limit is passed its bytes are only counted until the next newline, so a
 * 50 MB single-line document costs at most `maxLineBytes` of memory.
 */

export interface SplitLine {
  kind: 'line';
  /** 1-based line number. */
  line: number;
  /** The line without its '\n' (and without a '\r' before it). */
  bytes: Buffer;
}

export interface OversizedLine {
  kind: 'oversized';
  line: number;
  /** Full length of the line in bytes (it was counted, not kept). */
  length: number;
  /** Its first bytes, for the reject record. */
  head: Buffer;
}

export type SplitEvent = SplitLine | OversizedLine;

/** Bytes of an oversized line kept to show the user what it was. */
const OVERSIZED_HEAD_BYTES = 4096;
const NEWLINE = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private completed = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Set while skipping the rest of a line that went over the limit. */
  private skipping: { head: Buffer; length: number } | undefined;
  private atStart = true;

  constructor(private readonly maxLineBytes: number) {}

  /** Line number of the line currently being assembled (or the next one). */
  get currentLine(): number {
    return this.completed + 1;
  }

  /** Bytes of the unfinished line held in memory (never more than the limit). */
  get bufferedBytes(): number {
    return this.partBytes;
  }

  /** Bytes of an unfinished last line, if any; for reporting a stream that broke mid-line. */
  get unfinished(): { head: Buffer; length: number } | undefined {
    if (this.skipping) return this.skipping;
    if (this.partBytes === 0) return undefined;
    return { head: firstBytes(this.parts, OVERSIZED_HEAD_BYTES), length: this.partBytes };
  }

  /** Lines completed by this chunk, in order. The returned buffers may share the chunk's memory. */
  push(chunk: Buffer): SplitEvent[] {
    const out: SplitEvent[] = [];
    let start = 0;
    if (this.atStart && chunk.length > 0) {
      this.atStart = false;
      // A UTF-8 byte-order mark (Windows editors add one) is not part of the first record.
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      const line = ++this.completed;
      if (this.skipping) {
        out.push({ kind: 'oversized', line, length: this.skipping.length + (nl - start), head: this.skipping.head });
        this.skipping = undefined;
      } else if (this.partBytes > 0) {
        const length = this.partBytes + (nl - start);
        if (length > this.maxLineBytes) {
          // Cannot happen for lengths already over the limit (we would be skipping); only the
          // tail of this chunk pushed it over.
          out.push({ kind: 'oversized', line, length, head: this.headOf(chunk, start, nl) });
        } else {
          this.parts.push(chunk.subarray(start, nl));
          out.push({ kind: 'line', line, bytes: stripCr(Buffer.concat(this.parts, length)) });
        }
        this.parts = [];
        this.partBytes = 0;
      } else if (nl - start > this.maxLineBytes) {
        out.push({ kind: 'oversized', line, length: nl - start, head: Buffer.from(chunk.subarray(start, start + OVERSIZED_HEAD_BYTES)) });
      } else {
        out.push({ kind: 'line', line, bytes: stripCr(chunk.subarray(start, nl)) });
      }
      start = nl + 1;
    }
    const rest = chunk.length - start;
    if (rest > 0) {
      if (this.skipping) {
        this.skipping.length += rest;
      } else if (this.partBytes + rest > this.maxLineBytes) {
        this.skipping = { head: this.headOf(chunk, start, chunk.length), length: this.partBytes + rest };
        this.parts = [];
        this.partBytes = 0;
      } else {
        this.parts.push(chunk.subarray(start));
        this.partBytes += rest;
      }
    }
    return out;
  }

  /** The last line when the input does not end with a newline. */
  end(): SplitEvent[] {
    if (this.skipping) {
      const { head, length } = this.skipping;
      this.skipping = undefined;
      return [{ kind: 'oversized', line: ++this.completed, length, head }];
    }
    if (this.partBytes === 0) return [];
    const bytes = stripCr(Buffer.concat(this.parts, this.partBytes));
    this.parts = [];
    this.partBytes = 0;
    return [{ kind: 'line', line: ++this.completed, bytes }];
  }

  /** First bytes of the pending parts followed by chunk[start, end), copied. */
  private headOf(chunk: Buffer, start: number, end: number): Buffer {
    return firstBytes([...this.parts, chunk.subarray(start, end)], OVERSIZED_HEAD_BYTES);
  }
}

function stripCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, line.length - 1) : line;
}

/** A copy of the first `n` bytes of the concatenation of `pieces` (without joining them all). */
function firstBytes(pieces: Buffer[], n: number): Buffer {
  const taken: Buffer[] = [];
  let size = 0;
  for (const piece of pieces) {
    if (size >= n) break;
    const part = piece.subarray(0, n - size);
    taken.push(part);
    size += part.length;
  }
  return Buffer.concat(taken, size);
}
