/**
 * The bytes of one input, decompressed, as a stream of Buffers. Compression is sniffed from
 * the first bytes. Raw (on-disk) bytes are reported as they are read, for progress.
 *
 * Decompression is driven by hand rather than with `pipeline()` + async iteration: when a
 * compressed stream breaks, Node destroys the transform and drops whatever output it still had
 * buffered, and those are exactly the records before the damage that we must still deliver.
 * Here every chunk the decompressor emits is taken at once ('data' in flowing mode), and
 * backpressure is applied on the input side instead (the next raw chunk is written only once
 * the consumer has taken all output so far).
 */
import { createReadStream } from 'node:fs';
import type { Transform } from 'node:stream';
import { SitoError } from '../errors.js';
import { MAGIC_BYTES_NEEDED, compressionName, createDecompressor, detectCompression, type Compression } from './compression.js';
import { STDIN } from './inputs.js';

/** Raw read size: large enough that per-chunk overhead vanishes, small enough to stay cache-friendly. */
const READ_CHUNK_BYTES = 256 * 1024;

/** The compressed stream of an input ended early or is corrupt; what came before it was delivered. */
export class DamagedStreamError extends Error {
  constructor(
    readonly compression: Compression,
    readonly detail: string,
  ) {
    super(`${compressionName(compression)} stream is damaged or truncated (${detail})`);
    this.name = 'DamagedStreamError';
  }
}

export interface ByteSource {
  /** Compression found by sniffing; known once the first chunk has been produced. */
  compression?: Compression;
  chunks: AsyncGenerator<Buffer>;
}

/**
 * Opens `name` ('-' = stdin). `onRawBytes` is told how many raw bytes each read brought in.
 */
export function openByteSource(name: string, onRawBytes: (n: number) => void): ByteSource {
  const source: ByteSource = { chunks: undefined as unknown as AsyncGenerator<Buffer> };
  source.chunks = decompressed(name, onRawBytes, (c) => {
    source.compression = c;
  });
  return source;
}

async function* rawChunks(name: string, onRawBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const stream = name === STDIN ? process.stdin : createReadStream(name, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onRawBytes(chunk.length);
      yield chunk;
    }
  } catch (err) {
    throw toReadError(name, err);
  } finally {
    if (name !== STDIN) (stream as ReturnType<typeof createReadStream>).destroy();
  }
}

async function* decompressed(
  name: string,
  onRawBytes: (n: number) => void,
  onCompression: (c: Compression) => void,
): AsyncGenerator<Buffer> {
  const raw = rawChunks(name, onRawBytes);
  try {
    // Gather enough bytes to recognise the format (a pipe may deliver them one at a time).
    const head: Buffer[] = [];
    let headBytes = 0;
    while (headBytes < MAGIC_BYTES_NEEDED) {
      const next = await raw.next();
      if (next.done) break;
      head.push(next.value);
      headBytes += next.value.length;
    }
    const first = head.length === 1 ? head[0]! : Buffer.concat(head);
    const detected = detectCompression(first);
    if (typeof detected === 'object') {
      throw new SitoError(`${detected.unsupported}-compressed input is not supported (use plain, gzip or zstd)`, { file: name });
    }
    onCompression(detected);
    if (detected === 'none') {
      if (first.length > 0) yield first;
      for (;;) {
        const next = await raw.next();
        if (next.done) return;
        yield next.value;
      }
    }
    yield* pumpThrough(createDecompressor(detected), detected, first, raw);
  } finally {
    await raw.return(undefined);
  }
}

async function* pumpThrough(
  transform: Transform,
  compression: Compression,
  first: Buffer,
  raw: AsyncGenerator<Buffer>,
): AsyncGenerator<Buffer> {
  const output: Buffer[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  transform.on('data', (chunk: Buffer) => {
    output.push(chunk);
    notify();
  });
  transform.on('error', (err: Error) => {
    failure = err;
    notify();
  });
  transform.on('end', () => {
    ended = true;
    notify();
  });
  transform.on('drain', notify);

  let inputDone = false;
  let pending: Buffer | undefined = first.length > 0 ? first : undefined;
  try {
    for (;;) {
      if (output.length > 0) {
        // Hand over everything produced so far; the queue is short (one raw chunk's worth).
        const batch = output.splice(0, output.length);
        for (const chunk of batch) yield chunk;
        continue;
      }
      if (failure) throw new DamagedStreamError(compression, describeDecompressError(failure));
      if (ended) return;
      if (!inputDone && !transform.writableNeedDrain) {
        if (pending === undefined) {
          const next = await raw.next();
          if (next.done) {
            inputDone = true;
            transform.end();
            continue;
          }
          pending = next.value;
        }
        transform.write(pending);
        pending = undefined;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    transform.destroy();
  }
}

function describeDecompressError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR') return 'unexpected end of file';
  if (code === 'Z_DATA_ERROR') return err.message;
  return err.message.replace(/^Stream ended in middle of compressed data frame$/, 'unexpected end of file');
}

function toReadError(name: string, err: unknown): unknown {
  if (err instanceof SitoError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const reason: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    EIO: 'input/output error',
  };
  if (code && reason[code]) return new SitoError(reason[code]!, { file: name });
  return err;
}
