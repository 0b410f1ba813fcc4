#!/usr/bin/env node
/**
 * The `sito` command. Each sub-command lives in its own module and only parses flags before
 * calling the library; nothing here knows how documents are scored.
 */
import { Command, CommanderError } from 'commander';
import { SitoError } from '../errors.js';
import { OutputClosedError } from '../io/index.js';
import { registerCommands } from './commands.js';
import { packageVersion } from '../version.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('sito')
    .description('Sieve multilingual web-text corpora: language ID, perplexity, machine-translation likelihood.')
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program);
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    return reportError(err);
  }
}

/** Prints one line for user errors; a stack only when SITO_DEBUG is set. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  // The reader of stdout went away (`sito tag | head`): stop quietly, as Unix tools do.
  if (err instanceof OutputClosedError) return 0;
  if (err instanceof SitoError) {
    process.stderr.write(`sito: ${err.toString()}\n`);
    if (process.env.SITO_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 2;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && e.code && e.path) {
    process.stderr.write(`sito: ${e.path}: ${describeErrno(e)}\n`);
    return 2;
  }
  process.stderr.write(`sito: internal error: ${e?.message ?? String(err)}\n`);
  if (process.env.SITO_DEBUG) process.stderr.write(`${e?.stack}\n`);
  else process.stderr.write('sito: (set SITO_DEBUG=1 for a stack trace and please report it)\n');
  return 70;
}

function describeErrno(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOSPC': return 'no space left on device';
    default: return e.message;
  }
}

