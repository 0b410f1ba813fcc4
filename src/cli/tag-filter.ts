import type { Command } from 'commander';
import { SitoError } from '../errors.js';

// Placeholder until the tag/filter commands land.
export function registerTag(program: Command): void {
  program.command('tag').description('(not built yet)').action(() => {
    throw new SitoError("'sito tag' is not built yet");
  });
}
export function registerFilter(program: Command): void {
  program.command('filter').description('(not built yet)').action(() => {
    throw new SitoError("'sito filter' is not built yet");
  });
}
