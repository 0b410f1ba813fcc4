/**
 * One output file per key (e.g. per language for `--split-by-lang DIR`), opened the first time
 * a key is written, committed or aborted together.
 */
import { join } from 'node:path';
import { SitoError } from '../errors.js';
import type { JsonRecord } from '../pipeline/types.js';
import { openRecordWriter, type RecordWriter, type WriterOptions } from './writer.js';

export interface WriterSetOptions extends WriterOptions {
  /** File name for a key; `{key}` is replaced (default `{key}.jsonl`; `{key}.jsonl.zst` compresses). */
  pattern?: string;
}

/** Characters allowed in a key as is; anything else becomes '_' so a key cannot escape `dir`. */
const SAFE_KEY = /[^A-Za-z0-9_.-]/g;

export class WriterSet {
  private readonly writers = new Map<string, RecordWriter>();
  private readonly fileToKey = new Map<string, string>();
  private readonly pattern: string;

  constructor(
    readonly dir: string,
    private readonly opts: WriterSetOptions = {},
  ) {
    this.pattern = opts.pattern ?? '{key}.jsonl';
    if (!this.pattern.includes('{key}')) throw new SitoError(`the file name pattern '${this.pattern}' has no {key}`);
  }

  /** The writer for `key`, opened on first use. */
  get(key: string): RecordWriter {
    let writer = this.writers.get(key);
    if (writer) return writer;
    const name = this.fileNameFor(key);
    const other = this.fileToKey.get(name);
    if (other !== undefined) throw new SitoError(`keys '${other}' and '${key}' would both be written to ${name}`);
    writer = openRecordWriter(join(this.dir, name), this.opts);
    this.writers.set(key, writer);
    this.fileToKey.set(name, key);
    return writer;
  }

  write(key: string, record: JsonRecord): Promise<void> {
    return this.get(key).write(record);
  }

  /** Keys written so far, in the order they first appeared. */
  get keys(): string[] {
    return [...this.writers.keys()];
  }

  /** Final path of each key's file. */
  get paths(): Map<string, string> {
    return new Map([...this.writers].map(([key, writer]) => [key, writer.path]));
  }

  fileNameFor(key: string): string {
    let safe = key.replace(SAFE_KEY, '_');
    if (safe === '' || /^\.+$/.test(safe)) safe = `_${safe}`;
    return this.pattern.replaceAll('{key}', safe);
  }

  /** Commits every file; if one fails, the others not yet committed are aborted. */
  async commit(): Promise<void> {
    const writers = [...this.writers.values()];
    for (let i = 0; i < writers.length; i++) {
      try {
        await writers[i]!.commit();
      } catch (err) {
        await Promise.all(writers.slice(i + 1).map((w) => w.abort()));
        throw err;
      }
    }
  }

  async abort(): Promise<void> {
    await Promise.all([...this.writers.values()].map((w) => w.abort()));
  }
}
