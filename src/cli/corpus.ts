import type { Command } from 'commander';
import { SitoError } from '../errors.js';

// Placeholder until the 'corpus' commands land.
export function registerCorpus(program: Command): void {
  program.command('corpus').description('(not built yet)').action(() => {
    throw new SitoError("'sito corpus' is not built yet");
  });
}
