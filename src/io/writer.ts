/**
 * `openRecordWriter`: records out as JSONL (or plain text), compressed by the file's extension,
 * to '-' (stdout) or a file that appears only when `commit()` succeeds. Until then the data
 * goes to a hidden temporary file in the same directory (so the final rename is atomic), which
 * `abort()`, a signal (see `onInterrupt`) or process exit removes.
 */
import { createWriteStream, mkdirSync, openSync, statSync, unlinkSync, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { SitoError } from '../errors.js';
import type { JsonRecord } from '../pipeline/types.js';
import { compressionFromPath, createCompressor, type Compression } from './compression.js';
import { STDIN } from './inputs.js';
import { registerOpenWriter, unregisterOpenWriter, type Abortable } from './open-writers.js';
import { serializerFor, taggedLine, type LineFormat, type TaggableDocument } from './serialize.js';

export type { OutputFormat, TaggableDocument } from './serialize.js';

export interface WriterOptions extends LineFormat {
  /** Default: from the extension (`.gz`, `.zst`); stdout is uncompressed unless told. */
  compression?: Compression;
  /** Compression level (gzip 1–9, zstd 1–19). */
  level?: number;
}

export interface RecordWriter {
  /** Final path ('-' for stdout). */
  readonly path: string;
  /** Records (lines) written so far. */
  readonly records: number;
  /**
   * Queues one record. The returned promise resolves at once unless the output is behind, so
   * `await writer.write(r)` in a loop keeps memory bounded.
   */
  write(record: JsonRecord): Promise<void>;
  /**
   * Queues `doc.record` with `key` set to `value` (sito's tags). For JSONL read by sito the new
   * key is appended to the original line, so the user's fields keep their exact bytes and
   * order (and the text is not serialised again); otherwise, or when the record already has
   * `key`, it writes `{...record, [key]: value}`.
   */
  writeTagged(doc: TaggableDocument, key: string, value: unknown): Promise<void>;
  /** Queues one already serialised line (without its newline). */
  writeLine(line: string): Promise<void>;
  /**
   * Queues `records` already serialised lines as UTF-8 bytes, each ending in '\n' (what the
   * workers hand back for a whole batch, so the main thread only moves bytes).
   */
  writeSerialized(bytes: Uint8Array, records: number): Promise<void>;
  /** Flushes, closes and renames the temporary file to `path`. */
  commit(): Promise<void>;
  /** Stops and removes the temporary file; nothing appears at `path`. Safe to call twice. */
  abort(): Promise<void>;
}

/** Serialised text is handed to the stream in batches of about this many characters. */
const BATCH_CHARS = 64 * 1024;
const RESOLVED = Promise.resolve();

export function openRecordWriter(path: string, opts: WriterOptions = {}): RecordWriter {
  return new StreamRecordWriter(path, opts);
}

class StreamRecordWriter implements RecordWriter, Abortable {
  records = 0;
  private readonly serialize: (record: JsonRecord) => string;
  private readonly format: WriterOptions;
  private readonly tempPath: string | undefined;
  private readonly head: Writable;
  private readonly file: WriteStream | undefined;
  private readonly done: Promise<void>;
  private batch = '';
  private failure: Error | undefined;
  private state: 'open' | 'committing' | 'committed' | 'aborted' = 'open';

  constructor(
    readonly path: string,
    opts: WriterOptions,
  ) {
    this.serialize = serializerFor(opts);
    this.format = opts;
    const toStdout = path === STDIN;
    const compression = opts.compression ?? (toStdout ? 'none' : compressionFromPath(path));
    const compressor = compression === 'none' ? undefined : createCompressor(compression, { level: opts.level });

    let sink: Writable;
    if (toStdout) {
      sink = process.stdout;
    } else if (isSpecialFile(path)) {
      // A device or a named pipe (`-o /dev/null`, a FIFO another process reads): written in
      // place. Renaming a temporary file over it would replace the device with a plain file.
      let fd: number;
      try {
        fd = openSync(path, 'w');
      } catch (err) {
        throw outputError(path, err);
      }
      this.file = createWriteStream('', { fd, highWaterMark: 1024 * 1024 });
      sink = this.file;
      registerOpenWriter(this);
    } else {
      const dir = dirname(path);
      this.tempPath = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
      let fd: number;
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // mkdir reports a file where a directory should be as EEXIST or ENOTDIR.
        if (code === 'EEXIST' || code === 'ENOTDIR') throw new SitoError(`cannot write: ${dir} is not a directory`, { file: path });
        throw outputError(path, err);
      }
      try {
        fd = openSync(this.tempPath, 'wx', 0o666);
      } catch (err) {
        throw outputError(path, err);
      }
      this.file = createWriteStream('', { fd, highWaterMark: 1024 * 1024 });
      sink = this.file;
      registerOpenWriter(this);
    }
    const fail = (err: Error) => {
      this.failure ??= outputError(path, err);
    };
    if (compressor) {
      // A failing file must also stop the compressor, or a writer waiting for 'drain' would hang.
      sink.on('error', (err: Error) => {
        fail(err);
        compressor.destroy(this.failure);
      });
      compressor.on('error', fail);
      // stdout must stay open after we finish (other output may follow), files must close.
      compressor.pipe(sink, { end: !toStdout });
      this.head = compressor;
    } else {
      sink.on('error', fail);
      this.head = sink;
    }
    this.done = new Promise<void>((resolve, reject) => {
      const finished = this.file ?? compressor;
      if (!finished) return resolve();
      // For files, 'close' means the descriptor is closed and every byte is in the file.
      finished.once(this.file ? 'close' : 'end', () => (this.failure ? reject(this.failure) : resolve()));
      finished.once('error', (err: Error) => reject(this.failure ?? err));
    });
    this.done.catch(() => {}); // observed in commit(); avoid an unhandled rejection before that
  }

  write(record: JsonRecord): Promise<void> {
    let line: string;
    try {
      line = this.serialize(record);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.writeLine(line);
  }

  writeTagged(doc: TaggableDocument, key: string, value: unknown): Promise<void> {
    let line: string;
    try {
      line = taggedLine(doc, key, value, this.format, this.serialize);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.writeLine(line);
  }

  writeLine(line: string): Promise<void> {
    const closed = this.checkOpen();
    if (closed) return closed;
    this.batch += line;
    this.batch += '\n';
    this.records++;
    return this.batch.length >= BATCH_CHARS ? this.flush() : RESOLVED;
  }

  writeSerialized(bytes: Uint8Array, records: number): Promise<void> {
    const closed = this.checkOpen();
    if (closed) return closed;
    this.records += records;
    if (bytes.length === 0) return RESOLVED;
    // Lines queued as text go first, so the output keeps the order of the calls.
    if (this.batch.length > 0) {
      const text = this.batch;
      this.batch = '';
      this.head.write(text);
    }
    return this.push(bytes);
  }

  private checkOpen(): Promise<void> | undefined {
    if (this.state !== 'open') return Promise.reject(new Error(`write after ${this.state}: ${this.path}`));
    if (this.failure) return Promise.reject(this.failure);
    return undefined;
  }

  private flush(): Promise<void> {
    if (this.batch.length === 0) return RESOLVED;
    const text = this.batch;
    this.batch = '';
    return this.push(text);
  }

  /** Writes to the head of the stream; resolves at once unless the stream asks to wait. */
  private push(chunk: string | Uint8Array): Promise<void> {
    if (this.head.write(chunk)) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.head.off('error', onError);
        this.failure ? reject(this.failure) : resolve();
      };
      const onError = (err: Error) => {
        this.head.off('drain', onDrain);
        reject(this.failure ?? err);
      };
      this.head.once('drain', onDrain);
      this.head.once('error', onError);
    });
  }

  async commit(): Promise<void> {
    if (this.state !== 'open') throw new Error(`commit after ${this.state}: ${this.path}`);
    this.state = 'committing';
    try {
      if (this.failure) throw this.failure;
      await this.flush();
      if (this.head === process.stdout) {
        await drainStdout();
      } else {
        this.head.end();
        await this.done;
        if (this.head !== this.file && this.file === undefined) await drainStdout();
      }
      if (this.failure) throw this.failure;
      if (this.tempPath) {
        try {
          await rename(this.tempPath, this.path);
        } catch (err) {
          throw outputError(this.path, err);
        }
      }
      this.state = 'committed';
      unregisterOpenWriter(this);
    } catch (err) {
      await this.abortInternal();
      throw err;
    }
  }

  async abort(): Promise<void> {
    if (this.state === 'committed' || this.state === 'aborted') return;
    await this.abortInternal();
  }

  private async abortInternal(): Promise<void> {
    this.state = 'aborted';
    unregisterOpenWriter(this);
    this.stopStreams();
    if (this.tempPath) await unlink(this.tempPath).catch(() => {});
  }

  abortSync(): void {
    if (this.state === 'committed' || this.state === 'aborted') return;
    this.state = 'aborted';
    unregisterOpenWriter(this);
    this.stopStreams();
    if (this.tempPath) {
      try {
        unlinkSync(this.tempPath);
      } catch {
        // already gone
      }
    }
  }

  private stopStreams(): void {
    if (this.head !== process.stdout) this.head.destroy();
    if (this.file) {
      // destroy() closes the descriptor asynchronously; if a signal handler exits first, the
      // name is unlinked already and the kernel closes the descriptor.
      this.file.destroy();
    }
  }
}

/** Waits until stdout has taken everything written to it. */
function drainStdout(): Promise<void> {
  const out = process.stdout;
  if (!out.writableNeedDrain || out.destroyed) return RESOLVED;
  // A reader that went away never drains; the 'error' (EPIPE) is recorded by the writer.
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
    out.once('error', done);
  });
}

/**
 * The reader of our output went away (`sito tag … | head`). A CLI may prefer to exit quietly
 * on this one, as `cat` does, rather than report it as a failure.
 */
export class OutputClosedError extends SitoError {
  constructor(path: string) {
    super('output closed before everything was written (broken pipe)', { file: path });
    this.name = 'OutputClosedError';
  }
}

function outputError(path: string, err: unknown): Error {
  if (err instanceof SitoError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return new OutputClosedError(path);
  const reasons: Record<string, string> = {
    EACCES: 'cannot write: permission denied',
    ENOSPC: 'cannot write: no space left on device',
    ENOTDIR: 'cannot write: a parent is not a directory',
    EROFS: 'cannot write: read-only file system',
    EISDIR: 'cannot write: is a directory',
  };
  if (code && reasons[code]) return new SitoError(reasons[code]!, { file: path });
  return err instanceof Error ? err : new Error(String(err));
}

/** True for an existing path that is not a regular file or directory: a device, FIFO or socket. */
export function isSpecialFile(path: string): boolean {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st !== undefined && !st.isFile() && !st.isDirectory();
  } catch {
    return false; // e.g. a parent that is not a directory: the normal path reports it
  }
}
