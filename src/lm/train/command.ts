import type { Command } from 'commander';

// Placeholder created by the query side so the CLI compiles; the training helper owns and
// replaces this file with the real `sito lm train`.
export function registerLmTrain(_lm: Command): void {}
