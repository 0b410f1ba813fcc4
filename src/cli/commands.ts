import type { Command } from 'commander';
import { registerTag, registerFilter } from './tag-filter.js';
import { registerLangs } from './langs.js';
import { registerLm } from './lm.js';
import { registerMt } from './mt.js';
import { registerCorpus } from './corpus.js';

/** Every sub-command, in the order `sito --help` lists them. */
export function registerCommands(program: Command): void {
  registerTag(program);
  registerFilter(program);
  registerLangs(program);
  registerLm(program);
  registerMt(program);
  registerCorpus(program);
}
