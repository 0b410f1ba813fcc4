/**
 * `sito tag` and `sito filter`: flag parsing only; the run itself is `runPipeline`.
 */
import { Command, Option, InvalidArgumentError } from 'commander';
import { runPipeline, type RunOptions } from '../pipeline/run.js';
import { buildScorerSpec, resolveLanguage } from '../pipeline/languages.js';
import { ProfileRegistry, defaultProfileDir } from '../langs/profile.js';
import { defaultWorkerCount } from '../pipeline/engine.js';
import type { FilterCriteria } from '../pipeline/decision.js';
import type { PplBucket } from '../pipeline/types.js';
import { SitoError } from '../errors.js';
import { QUALITY_RULE_SETS, type QualityRuleSet } from '../quality/rules.js';

interface CommonFlags {
  output?: string;
  format: 'jsonl' | 'text';
  textUnit: 'line' | 'block';
  textField: string;
  idField: string;
  rejected?: string;
  splitByLang?: string;
  stats?: string;
  workers: number;
  strict?: boolean;
  progress: boolean;
  langsDir: string;
  maxDocBytes?: number;
}

function addCommonOptions(cmd: Command): Command {
  return cmd
    .argument('[inputs...]', 'input files or globs (.jsonl, .jsonl.gz, .jsonl.zst, text); - or none for stdin')
    .option('-o, --output <file>', 'output file (.gz/.zst compress); stdout when absent')
    .addOption(new Option('--format <format>', 'input and output format').choices(['jsonl', 'text']).default('jsonl'))
    .addOption(new Option('--text-unit <unit>', 'with --format text: one document per line or per blank-line block').choices(['line', 'block']).default('line'))
    .option('--text-field <name>', 'JSON field holding the text', 'text')
    .option('--id-field <name>', 'JSON field holding the document id', 'id')
    .option('--rejected <file>', 'write every dropped or unreadable record here, with a reason')
    .option('--split-by-lang <dir>', 'write one output file per detected language into this directory')
    .option('--stats <file>', 'write a per-language summary (JSON)')
    .option('--workers <n>', 'worker threads (0 = score in the main thread)', parseCount, defaultWorkerCount())
    .option('--strict', 'stop at the first unreadable record instead of rejecting it')
    .option('--no-progress', 'no progress line on stderr')
    .option('--langs-dir <dir>', 'directory of language profiles', defaultProfileDir)
    .option('--max-doc-bytes <n>', 'reject documents larger than this', parseCount);
}

function runOptions(inputs: string[], flags: CommonFlags): Omit<RunOptions, 'spec'> {
  if (flags.output && flags.splitByLang) throw new SitoError('use either --output or --split-by-lang, not both');
  return {
    inputs: inputs.length ? inputs : ['-'],
    read: {
      format: flags.format,
      textUnit: flags.textUnit,
      textField: flags.textField,
      idField: flags.idField,
      strict: flags.strict ?? false,
      ...(flags.maxDocBytes ? { maxDocumentBytes: flags.maxDocBytes } : {}),
    },
    output: flags.output,
    rejected: flags.rejected,
    splitByLang: flags.splitByLang,
    stats: flags.stats,
    workers: flags.workers,
    progress: flags.progress,
  };
}

export function registerTag(program: Command): void {
  addCommonOptions(program.command('tag'))
    .description('add language, perplexity and MT tags to every document (drops nothing)')
    .option('--lid-only', 'language ID only: skip quality, perplexity and MT scoring')
    .option('--no-perplexity', 'skip perplexity scoring')
    .option('--no-mt', 'skip machine-translation scoring')
    .action(async (inputs: string[], flags: CommonFlags & { lidOnly?: boolean; perplexity: boolean; mt: boolean }) => {
      const registry = ProfileRegistry.load(flags.langsDir);
      const lidOnly = flags.lidOnly ?? false;
      // Models are loaded only for the scorers that run.
      const spec = buildScorerSpec(registry, { perplexity: flags.perplexity && !lidOnly, mt: flags.mt && !lidOnly });
      spec.lidOnly = lidOnly;
      await runPipeline({ ...runOptions(inputs, flags), spec });
    });
}

interface FilterFlags extends CommonFlags {
  lang: string[];
  minLangScore?: number;
  bucket?: string;
  maxPerplexity?: number;
  maxMt?: number;
  quality?: string;
  cutoffs: 'profile' | 'data';
  cutoffSample: number;
}

export function registerFilter(program: Command): void {
  addCommonOptions(program.command('filter'))
    .description('keep documents in the given languages (and perplexity buckets, MT limit); drop the rest with a reason')
    .requiredOption('--lang <codes>', 'languages to keep: pl, pol, pol_Latn, polish; several as pl,cs or --lang pl --lang cs', collectLangs, [])
    .option('--min-lang-score <x>', 'minimum language-ID score (default: the profile\'s, else 0.5)', parseUnit)
    .option('--bucket <buckets>', 'perplexity buckets to keep, e.g. head,middle')
    .option('--max-perplexity <x>', 'drop documents with a higher perplexity', parsePositive)
    .option('--quality <sets>', `quality rule sets a document must pass: ${QUALITY_RULE_SETS.join(', ')} (comma-separated)`)
    .option('--max-mt <p>', 'drop documents with a higher MT probability (default: the profile\'s threshold; 1 turns it off)', parseUnit)
    .addOption(new Option('--cutoffs <source>', 'bucket cut-offs: the profile\'s, or p30/p60 computed from the data being filtered').choices(['profile', 'data']).default('profile'))
    .option('--cutoff-sample <n>', 'with --cutoffs data: documents read in the first pass', parseCount, 50_000)
    .action(async (inputs: string[], flags: FilterFlags) => {
      const registry = ProfileRegistry.load(flags.langsDir);
      const langs = [...new Set(flags.lang.map((code) => resolveLanguage(code, registry)))];
      const spec = buildScorerSpec(registry, { languages: langs, mt: flags.maxMt !== 1 });
      const criteria: FilterCriteria = {
        langs: new Set(langs),
        defaultMinLangScore: flags.minLangScore ?? 0.5,
        minLangScore: new Map(
          flags.minLangScore !== undefined ? [] : langs.flatMap((l) => {
            const min = registry.find(l)?.lid?.min_score;
            return min === undefined ? [] : [[l, min] as const];
          }),
        ),
        buckets: flags.bucket ? parseBuckets(flags.bucket) : undefined,
        maxPerplexity: flags.maxPerplexity,
        quality: flags.quality ? parseQuality(flags.quality) : undefined,
        maxMt: new Map(langs.flatMap((l) => {
          const max = flags.maxMt ?? registry.find(l)?.mt?.threshold;
          return max === undefined ? [] : [[l, max] as const];
        })),
      };
      if (criteria.buckets && !spec.languages.some((l) => l.perplexity)) {
        throw new SitoError(`--bucket needs a perplexity model, and no profile of ${langs.join(', ')} has one`);
      }
      await runPipeline({
        ...runOptions(inputs, flags),
        spec,
        criteria,
        ...(flags.cutoffs === 'data' ? { cutoffsFromData: { sample: flags.cutoffSample } } : {}),
      });
    });
}

function collectLangs(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function parseBuckets(value: string): Set<PplBucket> {
  const buckets = value.split(',').map((s) => s.trim());
  for (const b of buckets) {
    if (b !== 'head' && b !== 'middle' && b !== 'tail') throw new SitoError(`--bucket: '${b}' is not one of head, middle, tail`);
  }
  return new Set(buckets as PplBucket[]);
}

function parseQuality(value: string): QualityRuleSet[] {
  const sets = value.split(',').map((s) => s.trim());
  for (const s of sets) {
    if (!(QUALITY_RULE_SETS as readonly string[]).includes(s)) throw new SitoError(`--quality: '${s}' is not one of ${QUALITY_RULE_SETS.join(', ')}`);
  }
  return sets as QualityRuleSet[];
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

function parseUnit(value: string): number {
  const x = Number(value);
  if (!Number.isFinite(x) || x < 0 || x > 1) throw new InvalidArgumentError('expected a number between 0 and 1');
  return x;
}

function parsePositive(value: string): number {
  const x = Number(value);
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('expected a positive number');
  return x;
}
