/**
 * ARPA writer in lmplz's exact layout (ALGORITHM.md §6): the `\data\` block, one section per
 * order with a blank line before each, numbers as shortest float32 strings, a backoff column
 * on every line below the highest order, `\end\` last. Output is gzip when the path ends in
 * `.gz`. `ngram()` is synchronous and buffers; a caller writing millions of lines should
 * `await writer.ready()` whenever `writer.needsDrain` is true so memory stays bounded.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';
import { once } from 'node:events';
import { SitoError } from '../errors.js';
import { formatFloat32Fast as formatFloat32 } from './float-text.js';

const CHUNK = 1 << 20;

export class ArpaWriter {
  private readonly file: WriteStream;
  private readonly sink: WriteStream | Gzip;
  private buffer = '';
  private order = 0;
  private written = 0;
  private drainPending = false;
  private failure: Error | undefined;

  constructor(readonly path: string, private readonly counts: readonly number[]) {
    if (counts.length === 0) throw new SitoError('an ARPA file needs at least unigrams', { file: path });
    this.file = createWriteStream(path);
    if (path.endsWith('.gz')) {
      const gzip = createGzip({ level: 6 });
      gzip.pipe(this.file);
      this.sink = gzip;
    } else {
      this.sink = this.file;
    }
    this.file.on('error', (err) => {
      this.failure = err;
    });
    this.buffer = '\\data\\\n' + counts.map((c, i) => `ngram ${i + 1}=${c}\n`).join('');
  }

  /** Writes one n-gram; orders must come in sequence with exactly the header's counts. */
  ngram(order: number, words: string, prob: number, backoff = 0): void {
    if (order !== this.order) this.startSection(order);
    if (++this.written > this.counts[order - 1]!) {
      throw new SitoError(`more ${order}-grams than the ${this.counts[order - 1]} announced in the header`, { file: this.path });
    }
    this.buffer += order < this.counts.length
      ? `${formatFloat32(prob)}\t${words}\t${formatFloat32(backoff)}\n`
      : `${formatFloat32(prob)}\t${words}\n`;
    if (this.buffer.length >= CHUNK) this.push();
  }

  /** True when the output stream is backed up; await `ready()` before writing more. */
  get needsDrain(): boolean {
    return this.drainPending;
  }

  async ready(): Promise<void> {
    if (this.drainPending) {
      await once(this.sink, 'drain');
      this.drainPending = false;
    }
  }

  /** Finishes the file (checks that every section was complete) and waits until it is on disk. */
  async close(): Promise<void> {
    while (this.order < this.counts.length) this.startSection(this.order + 1);
    this.checkSectionComplete();
    this.buffer += '\n\\end\\\n';
    this.push();
    if (this.failure) throw this.failure;
    const finished = once(this.file, 'finish');
    this.sink.end();
    await finished;
  }

  /** Gives up: closes the streams without finishing the file (the caller removes it). */
  abort(): void {
    this.sink.destroy();
    this.file.destroy();
  }

  private startSection(order: number): void {
    if (order !== this.order + 1 || order > this.counts.length) {
      throw new SitoError(`${order}-grams written out of sequence (after the ${this.order}-grams)`, { file: this.path });
    }
    if (this.order > 0) this.checkSectionComplete();
    this.order = order;
    this.written = 0;
    this.buffer += `\n\\${order}-grams:\n`;
  }

  private checkSectionComplete(): void {
    if (this.order > 0 && this.written !== this.counts[this.order - 1]) {
      throw new SitoError(`wrote ${this.written} ${this.order}-grams but the header announces ${this.counts[this.order - 1]}`, { file: this.path });
    }
  }

  private push(): void {
    if (this.buffer.length === 0) return;
    if (!this.sink.write(this.buffer)) this.drainPending = true;
    this.buffer = '';
  }
}
