/**
 * Entry points: open a model from a path (ARPA, ARPA.gz or .sitolm, told apart by content) or
 * wrap a buffer that another thread already loaded.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { MAGIC, readFileIntoBuffer } from './binary-format.js';
import { LanguageModel, type ModelCheckOptions } from './model.js';
import { buildModelFromArpa, type BuildOptions } from './arpa-model.js';

export interface LoadOptions extends ModelCheckOptions {
  /** Load into a SharedArrayBuffer so worker threads can share one copy (default true). */
  shared?: boolean;
  /** For ARPA input: warnings such as KenLM's missing-<unk> substitution. */
  onWarning?: (message: string) => void;
  /** For ARPA input: quantise while building (default: exact float32). */
  quantize?: BuildOptions['quantize'];
}

/** True when the file starts with the `.sitolm` magic bytes. */
export function isBinaryModel(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    return readSync(fd, head, 0, MAGIC.length, 0) === MAGIC.length && head.toString('latin1') === MAGIC;
  } finally {
    closeSync(fd);
  }
}

/** Loads a `.sitolm` binary (one read) or reads an ARPA file (streamed, then packed in memory). */
export async function loadLanguageModel(path: string, options: LoadOptions = {}): Promise<LanguageModel> {
  const shared = options.shared ?? true;
  if (isBinaryModel(path)) return loadBinaryLanguageModel(path, options);
  const buffer = await buildModelFromArpa(path, { shared, onWarning: options.onWarning, quantize: options.quantize });
  return new LanguageModel(buffer, { ...options, name: options.name ?? path });
}

/** Synchronous load of a `.sitolm` file. */
export function loadBinaryLanguageModel(path: string, options: LoadOptions = {}): LanguageModel {
  const buffer = readFileIntoBuffer(path, options.shared ?? true);
  return new LanguageModel(buffer, { ...options, name: options.name ?? path });
}

/**
 * A model over a buffer loaded elsewhere, e.g. `workerData.lmBuffer` in a worker thread: a
 * SharedArrayBuffer is viewed, not copied, so N workers hold one model in memory.
 */
export function languageModelFromBuffer(buffer: ArrayBuffer | SharedArrayBuffer, options: ModelCheckOptions = {}): LanguageModel {
  return new LanguageModel(buffer, options);
}
