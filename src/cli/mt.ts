import type { Command } from 'commander';
import { SitoError } from '../errors.js';

// Placeholder until the 'mt' commands land.
export function registerMt(program: Command): void {
  program.command('mt').description('(not built yet)').action(() => {
    throw new SitoError("'sito mt' is not built yet");
  });
}
