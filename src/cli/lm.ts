/**
 * `sito lm …`: KenLM-compatible n-gram models. Thin over src/lm: `query` prints what KenLM's
 * `query` prints, `build` packs an ARPA file into a `.sitolm` binary, `info` describes a model,
 * and `train` (registered by src/lm/train/command.ts) is the lmplz equivalent.
 */
import { readFileSync, statSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic-file.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import { SitoError } from '../errors.js';
import { loadLanguageModel, isBinaryModel } from '../lm/load.js';
import { buildModelFromArpa } from '../lm/arpa-model.js';
import { queryStream } from '../lm/query-runner.js';
import { LanguageModel } from '../lm/model.js';
import { resolveNormalizerOptions, normalizerKey, perplexityNormalizerOf, type NormalizerOptions } from '../lm/normalize.js';
import { registerLmTrain } from '../lm/train/command.js';
import { formatVersionOf } from '../lm/binary-format.js';
import { prepareSubwordCorpus } from '../lm/subword-corpus.js';

export function registerLm(program: Command): void {
  const lm = program.command('lm').description('KenLM-compatible n-gram language models: train, query, build binaries');

  lm.command('query')
    .description("score stdin like KenLM's query: per word 'word=id n log10p', per line 'Total: … OOV: …', then perplexity")
    .argument('<model>', 'ARPA (.arpa, .arpa.gz) or .sitolm binary')
    .option('-n', 'do not wrap lines in <s> and </s>')
    .addOption(new Option('-v <level>', 'print at this level; repeat for several: -v word -v sentence -v summary (default: all)')
      .choices(['word', 'sentence', 'summary', '0', '1', '2'])
      .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]))
    .action(async (modelPath: string, opts: { n?: boolean; v?: string[] }) => {
      const model = await loadLanguageModel(modelPath, { shared: false, onWarning: (w) => process.stderr.write(`${w}\n`) });
      // `sito lm query … | head` must end quietly, as KenLM's query does.
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(0);
        throw err;
      });
      const levels = new Set(opts.v ?? []);
      const all = levels.size === 0;
      await queryStream(model, process.stdin, {
        sentenceContext: !opts.n,
        printWord: all || levels.has('word') || levels.has('2'),
        printLine: all || levels.has('sentence') || levels.has('1'),
        printSummary: all || levels.has('summary') || levels.has('0'),
      }, (text) => process.stdout.write(text));
    });

  lm.command('build')
    .description('pack an ARPA file into a .sitolm binary (loads in milliseconds, shared by worker threads)')
    .argument('<arpa>', 'input ARPA file (.arpa or .arpa.gz)')
    .argument('<output>', 'output .sitolm file')
    .addOption(new Option('--quantize <bits>', 'store probs/backoffs of orders ≥ 2 in 8 or 16 bits (default: exact float32)').choices(['8', '16']))
    .option('--normalizer <settings>', 'normaliser the training text went through: a JSON object or a language code whose profile to use')
    .option('--tokenizer <file>', "the ARPA's tokens are this subword tokenizer's pieces (from 'sito lm subword'): stored in the model, which then tokenises what it scores")
    .action(async (arpa: string, output: string, opts: { quantize?: string; normalizer?: string; tokenizer?: string }) => {
      const normalizer = opts.normalizer === undefined ? null : await parseNormalizerArgument(opts.normalizer);
      let tokenizer: Uint8Array | null = null;
      if (opts.tokenizer !== undefined) {
        try {
          tokenizer = new Uint8Array(readFileSync(opts.tokenizer));
        } catch {
          throw new SitoError(`--tokenizer: cannot read '${opts.tokenizer}'`, { file: opts.tokenizer });
        }
      }
      const started = performance.now();
      const buffer = await buildModelFromArpa(arpa, {
        quantize: opts.quantize === undefined ? undefined : (Number(opts.quantize) as 8 | 16),
        normalizer,
        tokenizer,
        onWarning: (w) => process.stderr.write(`${w}\n`),
      });
      writeFileAtomicSync(output, new Uint8Array(buffer));
      process.stderr.write(`wrote ${output}: ${(buffer.byteLength / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    });

  lm.command('subword')
    .description('learn BPE subword pieces from normalised training text and write the text as pieces (train an LM on them with sito lm train, then sito lm build --tokenizer)')
    .requiredOption('--text <file>', 'training text, one sentence per line (.gz is decompressed)')
    .requiredOption('--normalize <settings>', 'the LM normaliser: a JSON object or a language code (its profile\'s perplexity normaliser)')
    .requiredOption('--vocab <n>', 'pieces in all (<unk> and the single characters included), e.g. 8000')
    .requiredOption('--tokenizer <file>', 'output: the tokenizer, for sito lm build --tokenizer')
    .requiredOption('--pieces <file>', 'output: the normalised text as pieces, for sito lm train --text')
    .action(async (opts: { text: string; normalize: string; vocab: string; tokenizer: string; pieces: string }) => {
      if (!/^\d+$/.test(opts.vocab)) throw new SitoError(`--vocab: expected a positive integer, got '${opts.vocab}'`);
      const started = performance.now();
      const r = prepareSubwordCorpus({
        text: opts.text,
        normalizer: await parseNormalizerArgument(opts.normalize),
        vocabSize: Number(opts.vocab),
        tokenizerPath: opts.tokenizer,
        piecesPath: opts.pieces,
      });
      process.stderr.write(`wrote ${opts.tokenizer} (${r.tokenizer.size} pieces) and ${opts.pieces}: ${r.lines} lines, ${r.words} words, ${r.pieces} pieces (${(r.pieces / Math.max(1, r.words)).toFixed(3)} a word) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    });

  lm.command('info')
    .description('describe a model: order, n-gram counts, vocabulary, quantisation, normaliser')
    .argument('<model>', 'ARPA (.arpa, .arpa.gz) or .sitolm binary')
    .action(async (modelPath: string) => {
      const binary = isBinaryModel(modelPath);
      const model = await loadLanguageModel(modelPath, { shared: false });
      process.stdout.write(describeModel(model, modelPath, binary));
    });

  registerLmTrain(lm);
}

function describeModel(model: LanguageModel, path: string, binary: boolean): string {
  const h = model.header;
  const lines = [
    `file:          ${path} (${binary ? `sitolm binary, format version ${formatVersionOf(model.buffer)}` : 'ARPA'}, ${(statSync(path).size / 2 ** 20).toFixed(1)} MiB on disk)`,
    `order:         ${h.order}`,
    ...h.counts.map((c, i) => `ngram ${i + 1}:       ${c}`),
    `vocabulary:    ${h.vocabSize} words (<unk> ${h.unkMissing ? 'missing, log10 p = -100' : `log10 p = ${model.unigram(0).prob}`})`,
    `quantization:  ${h.quantization ? `${h.quantization.bits} bits` : 'none (float32)'}`,
    `normalizer:    ${h.normalizer ? normalizerKey(h.normalizer) : 'not recorded'}`,
    `tokens:        ${h.tokenizer ? `subword pieces (BPE, ${h.tokenizer.pieces} pieces, stored in the model)` : 'words'}`,
    `in memory:     ${(model.buffer.byteLength / 2 ** 20).toFixed(1)} MiB`,
  ];
  for (const t of h.tables) if (t.blanks > 0) lines.push(`blanks:        ${t.blanks} ${t.order}-grams added for missing suffixes`);
  return `${lines.join('\n')}\n`;
}

/** `--normalizer '{"accents":"strip"}'` or `--normalizer pl` (the profile's perplexity normaliser: `perplexity.normalizer`, else `normalizer`). */
export async function parseNormalizerArgument(value: string): Promise<NormalizerOptions> {
  if (value.trim().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      throw new SitoError(`--normalizer: not valid JSON (${(err as Error).message})`);
    }
    return resolveNormalizerOptions(parsed as Record<string, unknown>, '--normalizer');
  }
  const { ProfileRegistry } = await import('../langs/profile.js');
  const profile = ProfileRegistry.load().find(value);
  if (!profile) throw new SitoError(`--normalizer: no language profile for "${value}" (give a language code or a JSON object)`);
  return perplexityNormalizerOf(profile, profile.file);
}
