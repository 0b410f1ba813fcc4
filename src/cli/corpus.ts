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
import { calibrateLanguage } from '../corpus/calibrate-language.js';
import { writeFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { renderModelsReport, replaceBetweenMarkers } from '../corpus/report.js';
import { dirname } from 'node:path';

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

  corpus
    .command('calibrate')
    .description("score a language's held-out text with its built model: write the profile's perplexity cut-offs and measure ROC-AUC")
    .requiredOption('--lang <code>', 'language')
    .requiredOption('--corpora <dir>', "the corpus build's output directory (all languages: the others serve as negatives)")
    .requiredOption('--model <file>', 'the built .sitolm model')
    .option('--profile <file>', 'profile to update (default: langs/<code>.json)')
    .option('--eval-sample <file>', 'also write a small held-out sample for the test suite here')
    .option('--report <file>', 'write the full numbers as JSON here')
    .option('--min-document-words <n>', 'join held-out paragraphs into documents of at least this many words', '40')
    .option('--web-sentences <file>', 'web sentences in this language, one per line, to report how they fall into the buckets')
    .option('--model-info <json>', 'facts about the model to keep in the report (order, pruning, size)')
    .action(async (opts: { lang: string; corpora: string; model: string; profile?: string; evalSample?: string; report?: string; modelInfo?: string; webSentences?: string; minDocumentWords: string }) => {
      const minDocWords = Number(opts.minDocumentWords);
      if (!(Number.isInteger(minDocWords) && minDocWords > 0)) throw new SitoError(`--min-document-words must be a positive integer, not '${opts.minDocumentWords}'`);
      const report = await calibrateLanguage({
        lang: opts.lang,
        corporaDir: opts.corpora,
        modelPath: opts.model,
        profilePath: opts.profile ?? join('langs', `${opts.lang}.json`),
        repoRoot: resolve('.'),
        evalSamplePath: opts.evalSample,
        webSentencesPath: opts.webSentences,
        minDocWords,
        model: opts.modelInfo ? (JSON.parse(opts.modelInfo) as Record<string, unknown>) : undefined,
      });
      if (opts.report) {
        mkdirSync(dirname(opts.report), { recursive: true });
        writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
      }
      const c = report.cutoffs;
      const s = report.separation;
      process.stdout.write(`${opts.lang}: ${report.text} ${c.documents} documents: p30 ${c.p30} p60 ${c.p60} tail line ${c.tail_line_cutoff}; AUC shuffled ${s.auc_shuffled} (own shuffle worse in ${s.shuffled_worse}), other languages ${s.auc_other_language}\n`);
    });

  corpus
    .command('report')
    .description("print the models' Markdown report (sources, versions, words, cut-offs, AUCs) or update it in a README")
    .requiredOption('--corpora <dir>', "the corpus build's output directory")
    .option('--lang <codes>', 'comma-separated languages (default: all built)')
    .option('--readme <file>', 'replace the generated section of this Markdown file instead of printing')
    .action((opts: { corpora: string; lang?: string; readme?: string }) => {
      const langs = opts.lang ? opts.lang.split(',') : readdirSync(opts.corpora).filter((d) => existsSync(join(opts.corpora, d, 'calibration.json'))).sort();
      const body = renderModelsReport(opts.corpora, langs);
      if (!opts.readme) {
        process.stdout.write(`${body}\n`);
        return;
      }
      const current = existsSync(opts.readme) ? readFileSync(opts.readme, 'utf8') : '';
      writeFileSync(opts.readme, replaceBetweenMarkers(current, 'lm-models', body));
    });
}
