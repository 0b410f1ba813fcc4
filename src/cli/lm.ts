import type { Command } from 'commander';
import { SitoError } from '../errors.js';

// Placeholder until the 'lm' commands land.
export function registerLm(program: Command): void {
  program.command('lm').description('(not built yet)').action(() => {
    throw new SitoError("'sito lm' is not built yet");
  });
}
