/**
 * `sito lm train`: lmplz's command line over `trainLanguageModel`. Flag names are lmplz's
 * (`-o`, `--text`, `--arpa`, `--prune`, `--discount_fallback`, `-S`, `-T`, `--skip_symbols`,
 * `--verbose_header`) so existing recipes carry over; `--normalize` is sito's addition.
 * Progress and the `Statistics:` block go to stderr like lmplz's.
 */
import type { Command } from 'commander';
import { SitoError } from '../../errors.js';
import { parseNormalizerArgument } from '../../cli/lm.js';
import { MAX_ORDER, trainLanguageModel } from './pipeline.js';

interface TrainFlags {
  order: string;
  text?: string;
  arpa?: string;
  prune?: string[];
  discount_fallback?: boolean | string[];
  memory: string;
  temp_prefix?: string;
  skip_symbols?: boolean;
  verbose_header?: boolean;
  normalize?: string;
}

function integer(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new SitoError(`${flag}: expected a non-negative integer, got '${value}'`);
  return Number(value);
}

export function registerLmTrain(lm: Command): void {
  lm.command('train')
    .description("estimate a modified Kneser-Ney ARPA model like KenLM's lmplz (same flags, same output)")
    .requiredOption('-o, --order <n>', `order of the model (1-${MAX_ORDER})`)
    .option('--text <file>', 'training text, one sentence per line (.gz is decompressed; default: stdin)')
    .option('--arpa <file>', 'ARPA output (default: stdout)')
    .option('--prune <thresholds...>', 'prune n-grams whose count is <= threshold, per order (the last value repeats); e.g. --prune 0 1 1')
    .option('--discount_fallback [d...]', 'when closed-form discounts fail, use these D1 D2 D3+ (default 0.5 1 1.5)')
    .option('-S, --memory <size>', 'memory for sorting and buffers: 500M, 1G, 80% of RAM…; more is spilled to -T', '80%')
    .option('-T, --temp_prefix <dir>', 'directory for temporary files (default: the OS temp directory)')
    .option('--skip_symbols', 'treat <s>, </s> and <unk> in the text as whitespace instead of failing')
    .option('--verbose_header', 'add # comment lines with input file and token count before \\data\\')
    .option('--normalize <settings>', 'normalise each line with the LM normaliser first: a JSON object or a language code')
    .action(async (flags: TrainFlags) => {
      const normalize = flags.normalize === undefined ? undefined : await parseNormalizerArgument(flags.normalize);
      const fallback = flags.discount_fallback;
      await trainLanguageModel({
        order: integer('--order', flags.order),
        text: flags.text,
        arpa: flags.arpa,
        prune: flags.prune?.map((p) => integer('--prune', p)),
        discountFallback: fallback === undefined ? undefined : fallback === true ? true : fallback,
        memory: flags.memory,
        tempPrefix: flags.temp_prefix,
        skipSymbols: flags.skip_symbols ?? false,
        verboseHeader: flags.verbose_header ?? false,
        normalize,
        log: (text) => process.stderr.write(text),
        liveProgress: process.stderr.isTTY === true,
      });
    });
}
