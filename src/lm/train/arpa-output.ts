/**
 * Stage 5, like KenLM's lm/common/print.cc: the ARPA text. Header counts first, then each order
 * in the order the n-grams arrive (unigrams by id, higher orders in suffix order), the backoff
 * column on every line below the top order (even when 0), numbers as shortest float32 strings.
 * Word strings are latin1 (one char per byte), so bytes are written back unchanged.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { formatFloat32Fast as formatFloat32 } from './float-text.js';
import type { GramSink } from './interpolate.js';

const FLUSH_CHARS = 1 << 16;

/** Synchronous byte sink: a file descriptor, retrying when a pipe is momentarily full. */
export class FdOutput {
  private readonly ownsFd: boolean;
  private readonly fd: number;

  constructor(target: string | number) {
    this.ownsFd = typeof target === 'string';
    this.fd = typeof target === 'string' ? openSync(target, 'w') : target;
  }

  write(bytes: Uint8Array): void {
    let rest = bytes;
    while (rest.length > 0) {
      try {
        rest = rest.subarray(writeSync(this.fd, rest));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
      }
    }
  }

  close(): void {
    if (this.ownsFd) closeSync(this.fd);
  }
}

export interface ArpaHeader {
  counts: readonly number[];
  /** `--verbose_header` lines (input file, token count, smoothing). */
  verbose?: { inputFile: string; tokens: number };
}

export class ArpaWriter implements GramSink {
  private text = '';
  private order = 0;
  /** Lines written per order, to check against the header counts. */
  readonly written: number[];

  constructor(
    private readonly out: { write(bytes: Uint8Array): void },
    private readonly words: readonly string[],
    private readonly header: ArpaHeader,
  ) {
    this.written = header.counts.map(() => 0);
    let head = '';
    if (header.verbose) {
      head += `# Input file: ${header.verbose.inputFile}\n`;
      head += `# Token count: ${header.verbose.tokens}\n`;
      head += '# Smoothing: Modified Kneser-Ney\n';
    }
    head += '\\data\\\n';
    header.counts.forEach((c, i) => (head += `ngram ${i + 1}=${c}\n`));
    this.text = head;
  }

  gram(order: number, words: Uint32Array, off: number, prob: number, backoff: number | undefined): void {
    if (order !== this.order) this.openSections(order);
    let line = formatFloat32(prob) + '\t' + this.words[words[off]];
    for (let k = 1; k < order; k++) line += ' ' + this.words[words[off + k]];
    if (backoff !== undefined) line += '\t' + formatFloat32(backoff);
    this.text += line + '\n';
    this.written[order - 1]++;
    if (this.text.length > FLUSH_CHARS) this.flush();
  }

  /** Section headers up to `order`, including those of empty orders (everything pruned). */
  private openSections(order: number): void {
    while (this.order < order) {
      this.order++;
      this.text += `\n\\${this.order}-grams:\n`;
    }
  }

  private flush(): void {
    this.out.write(Buffer.from(this.text, 'latin1'));
    this.text = '';
  }

  /** Writes the trailer; throws if a section's line count differs from its header count. */
  end(): void {
    this.openSections(this.header.counts.length);
    this.text += '\n\\end\\\n';
    this.flush();
    this.header.counts.forEach((c, i) => {
      if (this.written[i] !== c) throw new Error(`internal: header says ${c} ${i + 1}-grams, wrote ${this.written[i]}`);
    });
  }
}
