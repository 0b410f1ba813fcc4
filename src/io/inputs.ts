/**
 * Turns what the user typed (paths, glob patterns, `-`) into the list of inputs to read, before
 * anything is read: a missing file or a pattern that matches nothing stops the run up front
 * instead of half-way through a long job.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { SitoError } from '../errors.js';

export const STDIN = '-';

export interface ResolvedInput {
  /** Path as shown to the user (a glob's matches relative to the working directory), or '-'. */
  name: string;
  /** Size in bytes on disk (compressed size for compressed files); undefined for stdin. */
  size?: number;
}

/**
 * Expands globs (sorted, so runs are reproducible), checks that every path exists and is a
 * file, and drops repeats (overlapping globs must not read a shard twice).
 */
export async function resolveInputs(inputs: readonly string[]): Promise<ResolvedInput[]> {
  if (inputs.length === 0) throw new SitoError('no input files given');
  const resolved: ResolvedInput[] = [];
  const seen = new Set<string>();
  const add = (input: ResolvedInput) => {
    if (seen.has(input.name)) return;
    seen.add(input.name);
    resolved.push(input);
  };
  for (const input of inputs) {
    if (input === STDIN) {
      if (seen.has(STDIN)) throw new SitoError("standard input ('-') can be read only once");
      add({ name: STDIN });
      continue;
    }
    const direct = await statOrUndefined(input);
    if (direct) {
      // A literal path wins over glob syntax: `shard[1].jsonl` may simply be a file name.
      if (!direct.isFile()) throw new SitoError(`is a directory (give a glob such as '${input}/*.jsonl.gz')`, { file: input });
      add({ name: input, size: direct.size });
      continue;
    }
    if (!isDynamicPattern(input)) throw new SitoError('no such file', { file: input });
    const matches = await glob(input, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(input) });
    if (matches.length === 0) throw new SitoError(`no files match the pattern '${input}'`);
    matches.sort();
    for (const match of matches) {
      const info = await stat(match);
      add({ name: match, size: info.size });
    }
  }
  return resolved;
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EACCES') throw new SitoError('permission denied', { file: path });
    throw err;
  }
}
