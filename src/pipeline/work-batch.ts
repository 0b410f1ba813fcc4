/**
 * The unit of work a run sends to a worker: a batch of undecoded lines of one input file (or,
 * for blank-line-separated text, of assembled blocks), and what comes back: the batch's output
 * already serialised, per destination. The main thread then only frames lines and hands bytes
 * over, which is what lets two workers on two cores run at nearly twice the speed of one.
 *
 * The bytes are copied both ways (structured clone), never moved in a transfer list. Moving would
 * save a copy, but it detaches the sender's ArrayBuffer, and the first detach in a thread's isolate
 * invalidates V8's "no buffer was ever detached" guard: all optimised code that touches typed
 * arrays is thrown away and recompiled with a detach check on every access, and the language-ID
 * hot loop runs about a tenth slower for the rest of the run. SharedArrayBuffers avoid both, but
 * their memory is reclaimed only when every thread that saw them collects garbage, and a run's
 * resident memory grew with its input (BENCHMARKS.md, tag section). A copy costs the main thread
 * about 2 µs per 2 KB document.
 */
import type { FieldNames } from '../io/records.js';
import type { LineFormat } from '../io/serialize.js';
import type { DocumentObservation } from '../stats/lang-stats.js';
import type { FilterCriteria } from './decision.js';
import type { RejectedDocument } from './types.js';

export interface WorkBatch {
  file: string;
  /** `jsonl`: each item is a JSONL line; `text-line`: a text line; `text-block`: an assembled block. */
  kind: 'jsonl' | 'text-line' | 'text-block';
  /** Line number of each item (first line, for blocks). */
  lines: number[];
  /** jsonl and text-line: the items' bytes back to back, item i ending at `ends[i]`. */
  bytes?: Uint8Array;
  ends?: Uint32Array;
  /** text-block: the texts. */
  texts?: string[];
}

/**
 * Default batch bounds: up to 512 items or 1 MiB (~512 documents of 2 KB). Every batch costs the
 * main thread the same (a task, a message each way, a write), and with 64 documents a batch that
 * was about half of its work: on a machine with as many cores as workers, that work takes time
 * from the workers. Larger batches would leave one worker idle longer at the end of the input.
 */
export const DEFAULT_BATCH_ITEMS = 512;
export const DEFAULT_BATCH_BYTES = 1024 * 1024;

/** Everything a worker needs to know about the run, besides its scorers. */
export interface BatchContext {
  fields: FieldNames;
  /** Longest record in bytes (reported by the reader for oversized lines; checked again here). */
  limit: number;
  /** Stop at the first unreadable record instead of rejecting it. */
  strict: boolean;
  /** Output line format (JSONL, or text). */
  output: LineFormat;
  /** One output per language (`--split-by-lang`) instead of one output. */
  splitByLang: boolean;
  /** `sito filter`'s criteria; absent for `sito tag`, which keeps everything. */
  criteria?: FilterCriteria;
  /** Bucket cut-offs measured on the data (`--cutoffs data`), per language. */
  cutoffs?: Map<string, { p30: number; p60: number }>;
  /** Send back one observation per document for `--stats`. */
  stats: boolean;
}

export interface BatchOutput {
  /** '' for the main output; a language code with `splitByLang`. */
  key: string;
  /** Serialised lines, UTF-8, each ending in '\n'. */
  bytes: Uint8Array;
  records: number;
}

export interface BatchOutcome {
  /** Records in the batch (documents and unreadable ones; blank items are not records). */
  read: number;
  kept: number;
  outputs: BatchOutput[];
  /** Reject sink lines (dropped and unreadable records, in input order) and each one's slug. */
  rejects: { bytes: Uint8Array; slugs: string[] };
  /** The unreadable records among the rejects, for the messages on stderr. */
  unreadable: RejectedDocument[];
  observations?: DocumentObservation[];
  /** With `strict`: the first unreadable record. Nothing of the batch is to be written then. */
  failure?: RejectedDocument;
}

/** Collects framed items into batches of a bounded size on the main thread. */
export class WorkBatchBuilder {
  private file = '';
  private kind: WorkBatch['kind'] = 'jsonl';
  private lines: number[] = [];
  private chunks: Uint8Array[] = [];
  private ends: number[] = [];
  private texts: string[] = [];
  private size = 0;

  constructor(
    private readonly maxItems: number,
    private readonly maxBytes: number,
  ) {}

  get items(): number {
    return this.lines.length;
  }

  /** True when an item from `file` of `kind` cannot join the open batch. */
  needsFlushFor(file: string, kind: WorkBatch['kind']): boolean {
    return this.lines.length > 0 && (file !== this.file || kind !== this.kind);
  }

  get full(): boolean {
    return this.lines.length >= this.maxItems || this.size >= this.maxBytes;
  }

  addBytes(file: string, kind: 'jsonl' | 'text-line', line: number, bytes: Uint8Array): void {
    this.file = file;
    this.kind = kind;
    this.lines.push(line);
    this.chunks.push(bytes);
    this.size += bytes.length;
    this.ends.push(this.size);
  }

  addText(file: string, line: number, text: string): void {
    this.file = file;
    this.kind = 'text-block';
    this.lines.push(line);
    this.texts.push(text);
    this.size += text.length;
  }

  /**
   * The open batch, emptied. Its lines are copied once into a buffer of their own (never a view
   * of Node's shared Buffer pool, which posting to a worker would copy whole).
   */
  take(): WorkBatch {
    const batch: WorkBatch = { file: this.file, kind: this.kind, lines: this.lines };
    if (this.kind === 'text-block') {
      batch.texts = this.texts;
    } else {
      const bytes = new Uint8Array(this.size);
      let at = 0;
      for (const chunk of this.chunks) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      batch.bytes = bytes;
      batch.ends = Uint32Array.from(this.ends);
    }
    this.lines = [];
    this.chunks = [];
    this.ends = [];
    this.texts = [];
    this.size = 0;
    return batch;
  }
}
