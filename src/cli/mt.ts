import type { Command } from 'commander';
import { SitoError } from '../errors.js';
import { formatReport } from '../mt/eval.js';
import { evaluateFile, parseTransferSpec, trainFromFiles } from '../mt/run.js';
import { DEFAULT_DEV_FRACTION } from '../mt/train.js';

const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new SitoError(`${name} must be a number, got '${v}'`);
  return n;
};

function parseRange(v: string): { charMin: number; charMax: number } {
  const m = /^(\d+)-(\d+)$/.exec(v);
  if (!m) throw new SitoError(`--char-ngrams must look like 3-5, got '${v}'`);
  return { charMin: Number(m[1]), charMax: Number(m[2]) };
}

/** `sito mt train` and `sito mt eval`: thin shells over src/mt/run.ts. */
export function registerMt(program: Command): void {
  const mt = program.command('mt').description('machine-translation likelihood: train and evaluate models');

  mt.command('train')
    .description('train an MT-likelihood model from human and machine-translated text (JSONL {text, doc} or plain text)')
    .requiredOption('--lang <code>', 'language code')
    .requiredOption('--human <files...>', 'human-translated (or other human) text')
    .requiredOption('--mt <files...>', 'machine-translated text')
    .option('--native <files...>', 'original (untranslated) writing; weighted up and used for the threshold')
    .option('--threshold-native <files...>', 'native text used only to choose the default threshold (not trained on)')
    .requiredOption('-o, --out <file>', 'model file to write (models/mt/<code>.sitomt)')
    .option('--reserved <file>', 'reserved-documents list: fail if any training record belongs to one')
    .option('--profile <file>', 'language profile whose "mt" section gets the model path and threshold')
    .option('--epochs <n>', 'SGD epochs', num('--epochs'), 5)
    .option('--lr <x>', 'initial SGD learning rate (decays linearly to 0; inputs are averaged)', num('--lr'), 50)
    .option('--word-ngrams <n>', 'word n-gram order (1 or 2)', num('--word-ngrams'), 2)
    .option('--char-ngrams <min-max>', 'character n-gram lengths inside words, e.g. 3-5 (0-0 = none)', '0-0')
    .option('--buckets-log2 <n>', 'log2 of the hash bucket count', num('--buckets-log2'), 20)
    .option('--dev-fraction <x>', 'share of documents held out for calibration and threshold', num('--dev-fraction'), DEFAULT_DEV_FRACTION)
    .option('--seed <n>', 'seed for shuffling and the dev split', num('--seed'), 1)
    .option('--topic-floor', 'train the content-words-only baseline instead (for evaluation)')
    .option('--lm-order <n>', 'order of the human-vs-MT word LMs whose log-ratio joins the calibration (0 = none)', num('--lm-order'), 3)
    .option('--lm-max-tokens <n>', 'the LM ratio reads a document until this many tokens are scored (speed; 0 = all)', num('--lm-max-tokens'), 100)
    .option('--no-calibrate-paragraphs', 'fit the calibration on dev documents only (default: documents and their single paragraphs, equal weight)')
    .option('--calibrate-transfer <model=file...>', 'also calibrate on labelled documents of a source language, scored by a model trained without its output')
    .option('--lm-prune <counts...>', 'prune LM n-grams seen at most this often, per order like lmplz --prune (e.g. 0 0 1)')
    .option('--lm-human <files...>', 'more human text for the human LM only (lines; overlap with dev or threshold text is dropped)')
    .option('--threshold-confidence <x>', 'confidence that the default threshold drops at most 5 % of text like each held-out set (0 = the share in the set itself)', num('--threshold-confidence'), 0.95)
    .action(async (o: { calibrateTransfer?: string[]; calibrateParagraphs: boolean; lmOrder: number; lmMaxTokens: number; lmHuman?: string[]; lmPrune?: string[]; lang: string; human: string[]; mt: string[]; native?: string[]; thresholdNative?: string[]; out: string; reserved?: string; profile?: string; epochs: number; lr: number; wordNgrams: number; charNgrams: string; bucketsLog2: number; devFraction: number; seed: number; topicFloor?: boolean; thresholdConfidence: number }) => {
      const result = await trainFromFiles({
        transferCalibration: o.calibrateTransfer?.map(parseTransferSpec),
        calibrateParagraphs: o.calibrateParagraphs, lmOrder: o.lmOrder, lmMaxTokens: o.lmMaxTokens, lmHuman: o.lmHuman, lmPrune: o.lmPrune?.map(Number),
        lang: o.lang, human: o.human, mt: o.mt, native: o.native, thresholdNative: o.thresholdNative, out: o.out, reserved: o.reserved, profile: o.profile,
        epochs: o.epochs, learningRate: o.lr, devFraction: o.devFraction, seed: o.seed, topicFloor: o.topicFloor, thresholdConfidence: o.thresholdConfidence,
        features: { buckets: 2 ** o.bucketsLog2, wordNgrams: o.wordNgrams, ...parseRange(o.charNgrams) },
        log: (m) => process.stderr.write(`${m}\n`),
      });
      process.stdout.write(`${JSON.stringify({ model: o.out, threshold: result.model.header.threshold, ...result.report })}\n`);
    });

  mt.command('eval')
    .description('ROC-AUC, PR-AUC (bootstrap 95% CI) and operating points on JSONL {text, label: "mt"|"human", group?}')
    .requiredOption('--lang <code>', 'language code')
    .argument('<file>', 'labelled JSONL')
    .option('--model <file>', 'model file (default: the profile\'s, or models/mt/<code>.sitomt)')
    .option('--threshold <p>', 'threshold on mt_prob (default: the profile\'s mt.threshold)', num('--threshold'))
    .option('--bootstrap <n>', 'bootstrap resamples', num('--bootstrap'), 1000)
    .option('--seed <n>', 'bootstrap seed', num('--seed'), 1)
    .option('--json', 'print the report as JSON')
    .action((file: string, o: { lang: string; model?: string; threshold?: number; bootstrap: number; seed: number; json?: boolean }) => {
      const report = evaluateFile({ lang: o.lang, file, model: o.model, threshold: o.threshold, resamples: o.bootstrap, seed: o.seed });
      process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : `model: ${report.model}\n${formatReport(report)}\n`);
    });
}
