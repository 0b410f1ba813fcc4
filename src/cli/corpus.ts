/**
 * `sito corpus build`: gathers per-language training and held-out text for the perplexity
 * models from Debian packages, as described by the corpus manifest. A thin shell over
 * src/corpus/build.ts.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadManifest } from '../corpus/manifest.js';
import { buildLanguage, lockedVersionsFrom } from '../corpus/build.js';
import { SitoError } from '../errors.js';

export function registerCorpus(program: Command): void {
  const corpus = program.command('corpus').description('build text corpora for the perplexity models');
  corpus
    .command('build')
    .description('fetch Debian packages, extract prose, hold out documents, write train/heldout text per language')
    .requiredOption('--manifest <file>', 'corpus manifest (langs/corpus-manifest.json)')
    .requiredOption('--out <dir>', 'output directory; each language goes to <dir>/<lang>/')
    .option('--lang <codes>', 'comma-separated languages (default: all in the manifest)')
    .option('--cache <dir>', 'package cache (default: <out>/cache)')
    .option('--reserved <file>', 'documents never to use', '../shared/mt/reserved-documents.txt')
    .option('--locked', "use the exact package versions of an existing <out>/<lang>/sources.json", false)
    .option('--quiet', 'no progress messages', false)
    .action(async (opts: { manifest: string; out: string; lang?: string; cache?: string; reserved: string; locked: boolean; quiet: boolean }) => {
      const loaded = loadManifest(opts.manifest);
      const langs = opts.lang ? opts.lang.split(',').map((s) => s.trim()).filter(Boolean) : Object.keys(loaded.manifest.languages);
      const reservedPath = resolve(opts.reserved);
      if (!existsSync(reservedPath)) throw new SitoError(`reserved-documents list not found: ${reservedPath} (pass --reserved)`);
      for (const lang of langs) {
        const lockPath = join(opts.out, lang, 'sources.json');
        if (opts.locked && !existsSync(lockPath)) throw new SitoError(`--locked: no lock file ${lockPath}`);
        const lock = await buildLanguage(loaded, lang, {
          outDir: opts.out,
          cacheDir: opts.cache ?? join(opts.out, 'cache'),
          reservedPath,
          lockedVersions: opts.locked ? lockedVersionsFrom(lockPath) : undefined,
          log: opts.quiet ? undefined : (m) => process.stderr.write(`${m}\n`),
        });
        const t = lock.totals;
        process.stdout.write(`${lang}: train ${t.train_words} words (${t.train_sentences} sentences), held out ${t.heldout_words} words (native ${t.heldout_native_words})\n`);
      }
    });
}
