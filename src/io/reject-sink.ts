/**
 * Where rejected records go: one JSON line each, `{"reason","file","line","record"|"raw"}`, so a
 * user can see why every dropped document was dropped and fix or re-feed it. Counts by reason
 * slug are kept whether or not a file is written.
 */
import type { RejectedDocument } from '../pipeline/types.js';
import { reasonSlug } from './reasons.js';
import { rejectLine } from './serialize.js';
import { openRecordWriter, type RecordWriter, type WriterOptions } from './writer.js';

export class RejectSink {
  /** Rejects per reason slug (`malformed-json`, `too-large`, …), in order of first appearance. */
  readonly counts = new Map<string, number>();
  total = 0;

  /** `path` undefined: count only. */
  constructor(private readonly writer?: RecordWriter) {}

  get path(): string | undefined {
    return this.writer?.path;
  }

  write(rejected: RejectedDocument): Promise<void> {
    this.count(reasonSlug(rejected.reason));
    if (!this.writer) return Promise.resolve();
    return this.writer.writeLine(rejectLine(rejected));
  }

  /**
   * Rejects already serialised by `rejectLine` (UTF-8, one per line), with the slug of each:
   * a worker's share of a batch.
   */
  writeSerialized(bytes: Uint8Array, slugs: readonly string[]): Promise<void> {
    for (const slug of slugs) this.count(slug);
    if (!this.writer) return Promise.resolve();
    return this.writer.writeSerialized(bytes, slugs.length);
  }

  private count(slug: string): void {
    this.counts.set(slug, (this.counts.get(slug) ?? 0) + 1);
    this.total++;
  }

  async commit(): Promise<void> {
    await this.writer?.commit();
  }

  async abort(): Promise<void> {
    await this.writer?.abort();
  }
}

/** A reject sink writing to `path` ('-' = stdout; `.gz`/`.zst` compress), or counting only. */
export function openRejectSink(path: string | undefined, opts: Pick<WriterOptions, 'compression' | 'level'> = {}): RejectSink {
  return new RejectSink(path === undefined ? undefined : openRecordWriter(path, { ...opts, format: 'jsonl' }));
}
