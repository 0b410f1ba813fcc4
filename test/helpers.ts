/**
 * Paths for tests. Compiled tests live in dist/test/<concern>/, so the repository root is
 * three levels up and the read-only reference data (`../shared` beside the checkout) four.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const sharedRoot = process.env.SITO_SHARED ?? join(repoRoot, '..', 'shared');

export function repoPath(...parts: string[]): string {
  return join(repoRoot, ...parts);
}

export function sharedPath(...parts: string[]): string {
  return join(sharedRoot, ...parts);
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function tempDir(prefix = 'sito-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Path of the compiled `sito` entry point, for tests that run the CLI as a user would. */
export const sitoBin = join(repoRoot, 'dist', 'src', 'cli', 'bin.js');
