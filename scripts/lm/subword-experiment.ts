/**
 * Experiment: subword (BPE) n-gram LMs against the shipped word-level models, on exactly the
 * separation measures `sito corpus calibrate` reports (same held-out documents, same seeded
 * shuffles of the words of every line, same other-language samples; src/corpus/calibrate*.ts).
 *
 * Per language and setting: normalise train.txt with the profile's normaliser, train BPE on its
 * word counts, write the text as pieces, `sito lm train` (no --normalize: the pieces are already
 * normalised) and `sito lm build --quantize 8`; then score documents as normalise → pieces →
 * model. Document perplexity is per piece (CCNet's: `</s>` counts once per line), and a
 * document and its shuffle have the same pieces, so only the n-gram context differs.
 *
 *   npx tsc -p tsconfig.json
 *   nice -n 10 node dist/scripts/lm/subword-experiment.js pl,de 8000,16000 4,5 "0 1 2,0 0 1"
 *   nice -n 10 node dist/scripts/lm/subword-experiment.js pl,de --baseline      # shipped models
 *
 * Environment: SITO_CORPORA (default /work/data/corpora), SUBWORD_OUT (work directory, default
 * /work/data/subword), SUBWORD_NORMALIZER (JSON merged over the profile's normaliser, e.g.
 * '{"accents":"strip"}'). One JSON line per setting goes to stdout and to $SUBWORD_OUT/results.jsonl.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SubwordTokenizer, countWords } from '../../src/lm/subword.js';
import { normalizeForLm, resolveNormalizerOptions, type NormalizerOptions } from '../../src/lm/normalize.js';
import { loadBinaryLanguageModel } from '../../src/lm/load.js';
import type { LanguageModel } from '../../src/lm/model.js';
import {
  DocumentScorer, computeCutoffs, groupDocuments, groupDocumentsByChars, measureSeparation, parseParagraphs, quantile, sample,
} from '../../src/corpus/calibrate.js';
import { evaluationText } from '../../src/corpus/calibrate-language.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpora = process.env.SITO_CORPORA ?? '/work/data/corpora';
const out = process.env.SUBWORD_OUT ?? '/work/data/subword';
const normalizerOverride = JSON.parse(process.env.SUBWORD_NORMALIZER ?? '{}') as Record<string, unknown>;
const seed = 'sito-calibrate-v1';

/** Scores a line as normalise → pieces → model; perplexity per piece, as CCNet does. */
class SubwordDocumentScorer extends DocumentScorer {
  constructor(
    private readonly pieceModel: LanguageModel,
    private readonly lineNormalizer: NormalizerOptions,
    private readonly tokenizer: SubwordTokenizer,
  ) {
    super(pieceModel, lineNormalizer);
  }

  override line(text: string): { log10: number; tokens: number } {
    const normalized = normalizeForLm(text, this.lineNormalizer);
    if (normalized === '') return { log10: 0, tokens: 0 };
    const s = this.pieceModel.scoreLine(this.tokenizer.encodeLine(normalized));
    return { log10: s.log10, tokens: s.tokens };
  }
}

function normalizerOf(lang: string): NormalizerOptions {
  const profile = JSON.parse(readFileSync(join(repoRoot, 'langs', `${lang}.json`), 'utf8')) as { normalizer?: Record<string, unknown> };
  return resolveNormalizerOptions({ ...(profile.normalizer ?? {}), ...normalizerOverride });
}

interface EvalSets {
  lang: string;
  docs: string[][];
  docs2k: string[][];
  others: Record<string, string[][]>;
  others2k: Record<string, string[][]>;
}

/** The evaluation sets exactly as calibrateLanguage builds them (1,000 documents, 2,000 characters). */
function evalSets(lang: string): EvalSets {
  const own = evaluationText(corpora, lang);
  const others: Record<string, string[][]> = {};
  const others2k: Record<string, string[][]> = {};
  const otherLangs = readdirSync(corpora).filter((d) => d !== lang && existsSync(join(corpora, d, 'heldout.txt'))).sort();
  const perLanguage = Math.ceil(1000 / Math.max(1, otherLangs.length));
  for (const code of otherLangs) {
    const text = evaluationText(corpora, code);
    others[code] = sample(groupDocuments(text.paragraphs, 40), perLanguage, `${seed}:${code}`);
    others2k[code] = sample(groupDocumentsByChars(text.paragraphs, 2000), perLanguage, `${seed}:${code}`);
  }
  return {
    lang,
    docs: sample(groupDocuments(own.paragraphs, 40), 1000, `${seed}:${lang}`),
    docs2k: sample(groupDocumentsByChars(own.paragraphs, 2000), 1000, `${seed}:${lang}`),
    others,
    others2k,
  };
}

function measure(scorer: DocumentScorer, sets: EvalSets): Record<string, unknown> {
  const s40 = measureSeparation(scorer, sets.docs, sets.others, seed);
  const s2k = measureSeparation(scorer, sets.docs2k, sets.others2k, seed, 1000);
  return {
    auc_shuf_2k: s2k.auc_shuffled, ci_2k: s2k.auc_shuffled_interval, auc_shuf_40: s40.auc_shuffled,
    auc_other_2k: s2k.auc_other_language, auc_other_40: s40.auc_other_language,
    weakest_40: Object.entries(s40.auc_by_language).sort((a, b) => a[1] - b[1])[0],
    docs_2k: s2k.documents, docs_40: s40.documents,
    ...(process.env.SUBWORD_EXTRA ? extraChecks(scorer, sets) : {}),
  };
}

/**
 * Checks beyond the calibration's AUCs (SUBWORD_EXTRA=1): the shuffled AUC on 2 KB documents of
 * all held-out text (translations too: more documents, and text no setting was picked on), and
 * what calibrate reports about web text: the share of web sentences (grouped into 40-word
 * documents) that fall into head / middle / tail with cut-offs measured on the held-out text.
 */
function extraChecks(scorer: DocumentScorer, sets: EvalSets): Record<string, unknown> {
  const all = parseParagraphs(readFileSync(join(corpora, sets.lang, 'heldout.txt'), 'utf8'));
  const all2k = measureSeparation(scorer, sample(groupDocumentsByChars(all, 2000), 1000, `${seed}:${sets.lang}`), {}, seed, 1000);
  const own = evaluationText(corpora, sets.lang);
  const cutoffs = computeCutoffs(scorer, groupDocuments(own.paragraphs, 40));
  const webPath = join(repoRoot, '..', 'shared', 'lid', 'lingua', 'sentences', `${sets.lang}.txt`);
  let web: Record<string, number> | undefined;
  if (existsSync(webPath)) {
    const lines = readFileSync(webPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const ppl = groupDocuments(lines.map((l) => [l]), 40).map((d) => scorer.document(d));
    const share = (f: (p: number) => boolean): number => Math.round((ppl.filter(f).length / Math.max(1, ppl.length)) * 100) / 100;
    web = { head: share((p) => p <= cutoffs.p30), middle: share((p) => p > cutoffs.p30 && p <= cutoffs.p60), tail: share((p) => p > cutoffs.p60), median_over_p60: Math.round((quantile(ppl, 0.5) / cutoffs.p60) * 100) / 100 };
  }
  return { all_heldout_2k: { documents: all2k.documents, auc_shuffled: all2k.auc_shuffled, interval: all2k.auc_shuffled_interval }, cutoffs: { p30: cutoffs.p30, p60: cutoffs.p60 }, web };
}

function sito(args: string[]): void {
  execFileSync('nice', ['-n', '10', process.execPath, join(repoRoot, 'dist', 'src', 'cli', 'bin.js'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function report(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
  appendFileSync(join(out, 'results.jsonl'), `${JSON.stringify(result)}\n`);
}

function main(): void {
  const [langsArg, vocabArg = '8000', orderArg = '4', pruneArg = '0 1 2'] = process.argv.slice(2).filter((a) => a !== '--baseline');
  if (!langsArg) throw new Error('usage: subword-experiment LANGS [VOCABS ORDERS PRUNES | --baseline]');
  const baseline = process.argv.includes('--baseline');
  mkdirSync(out, { recursive: true });
  for (const lang of langsArg.split(',')) {
    const normalizer = normalizerOf(lang);
    const sets = evalSets(lang);
    if (baseline) {
      const path = join(repoRoot, 'models', 'lm', `${lang}.sitolm`);
      const model = loadBinaryLanguageModel(path, { expectNormalizer: normalizer });
      report({ lang, setting: 'word (shipped)', bytes: statSync(path).size, ...measure(new DocumentScorer(model, normalizer), sets) });
      continue;
    }
    const dir = join(out, lang);
    mkdirSync(dir, { recursive: true });
    const lines = readFileSync(join(corpora, lang, 'train.txt'), 'utf8').split('\n').map((l) => normalizeForLm(l, normalizer)).filter((l) => l !== '');
    const counts = countWords(lines);
    const wordTokens = lines.reduce((n, l) => n + l.split(' ').length, 0);
    for (const vocab of vocabArg.split(',').map(Number)) {
      const t0 = performance.now();
      const tokenizer = SubwordTokenizer.train(counts, { vocabSize: vocab });
      const bpeSeconds = (performance.now() - t0) / 1000;
      const tokenizerBytes = tokenizer.toBytes();
      writeFileSync(join(dir, `v${vocab}.sbpe`), tokenizerBytes);
      const encoded = lines.map((l) => tokenizer.encodeLine(l));
      const textPath = join(dir, `train.v${vocab}.txt`);
      writeFileSync(textPath, `${encoded.join('\n')}\n`);
      const pieceTokens = encoded.reduce((n, l) => n + l.split(' ').length, 0);
      for (const order of orderArg.split(',')) {
        for (const prune of pruneArg.split(',')) {
          const tag = `v${vocab}.o${order}.p${prune.replace(/ /g, '')}`;
          const arpa = join(dir, `${tag}.arpa`);
          const binary = join(dir, `${tag}.sitolm`);
          sito(['lm', 'train', '-o', order, '--prune', ...prune.split(' '), '--skip_symbols', '-S', '1G', '--text', textPath, '--arpa', arpa]);
          sito(['lm', 'build', arpa, binary, '--quantize', '8']);
          rmSync(arpa);
          const model = loadBinaryLanguageModel(binary);
          report({
            lang,
            setting: `bpe${vocab / 1000}k o${order} p${prune.replace(/ /g, '')}${Object.keys(normalizerOverride).length ? ` ${JSON.stringify(normalizerOverride)}` : ''}`,
            pieces: tokenizer.size,
            bytes: statSync(binary).size + tokenizerBytes.length,
            tokenizer_bytes: tokenizerBytes.length,
            pieces_per_word: Math.round((pieceTokens / wordTokens) * 1000) / 1000,
            bpe_train_s: Math.round(bpeSeconds * 100) / 100,
            ...measure(new SubwordDocumentScorer(model, normalizer, tokenizer), sets),
          });
        }
      }
    }
  }
}

main();
