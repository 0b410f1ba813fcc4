import type { Command } from 'commander';
import { SitoError } from '../errors.js';

// Placeholder until the 'langs' commands land.
export function registerLangs(program: Command): void {
  program.command('langs').description('(not built yet)').action(() => {
    throw new SitoError("'sito langs' is not built yet");
  });
}
