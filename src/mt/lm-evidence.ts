/**
 * Moore–Lewis evidence for the MT scorer: the per-token log-likelihood ratio of a word n-gram
 * model of machine-translated text against one of human text, both estimated with sito's own
 * KenLM-compatible engine (modified Kneser-Ney, `.sitolm` buffers, 8-bit quantised).
 *
 *   ratio(paragraph) = (log10 P_mt(paragraph) − log10 P_human(paragraph)) / tokens
 *
 * Positive means the text reads more like the MT training output than like the human text. The
 * hashed classifier learns which single words and word pairs separate the two; the LMs add
 * longer contexts and smoothed probabilities for everything in between, which is what carries
 * over to output from source languages the classifier never saw (an MT engine's target-side
 * habits are shared across its source languages).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanguageModel, type WordSink } from '../lm/model.js';
import { buildModelFromArpa } from '../lm/arpa-model.js';
import { normalizeForLm, resolveNormalizerOptions, type NormalizerOptions } from '../lm/normalize.js';
import { trainLanguageModel } from '../lm/train/pipeline.js';

/** Sum of the log-ratio over a text's tokens, and how many tokens (with `</s>`) were scored. */
export interface LmRatioSum { diff: number; tokens: number }

/** Records each token's log10 probability and vocabulary id (0 = `<unk>`) into reused arrays. */
class TokenRecorder implements WordSink {
  log10 = new Float64Array(256);
  ids = new Int32Array(256);
  n = 0;
  word(_text: string, _start: number, _end: number, id: number, _len: number, log10: number): void {
    if (this.n === this.ids.length) {
      const l = new Float64Array(this.n * 2); l.set(this.log10); this.log10 = l;
      const i = new Int32Array(this.n * 2); i.set(this.ids); this.ids = i;
    }
    this.log10[this.n] = log10;
    this.ids[this.n++] = id;
  }
}

export class LmRatio {
  readonly normalizer: NormalizerOptions;
  private readonly h = new TokenRecorder();
  private readonly m = new TokenRecorder();
  private readonly acc = { oovLog10: 0 };

  constructor(readonly human: LanguageModel, readonly mt: LanguageModel, normalizer: Partial<NormalizerOptions>) {
    this.normalizer = resolveNormalizerOptions(normalizer as Record<string, unknown>);
  }

  /**
   * One paragraph, normalised the way the training text was, scored as one sentence by each
   * model. A word neither model knows is left out of the sum: its ratio would only compare the
   * two models' `<unk>` probabilities, i.e. their vocabulary sizes, and make every text off the
   * training topics look like whichever side had more words.
   */
  paragraph(text: string): LmRatioSum {
    const line = normalizeForLm(text, this.normalizer);
    if (line === '') return { diff: 0, tokens: 0 };
    const h = this.h;
    const m = this.m;
    h.n = 0;
    m.n = 0;
    this.human.scoreRange(line, 0, line.length, true, true, h, this.acc);
    this.mt.scoreRange(line, 0, line.length, true, true, m, this.acc);
    let diff = 0;
    let tokens = 0;
    for (let i = 0; i < h.n; i++) {
      if (h.ids[i] === 0 && m.ids[i] === 0) continue;
      diff += m.log10[i]! - h.log10[i]!;
      tokens++;
    }
    return { diff, tokens };
  }
}

export interface LmPairOptions {
  order: number;
  normalizer: Partial<NormalizerOptions>;
  /** lmplz `--prune` thresholds per order (e.g. [0, 0, 1]: drop trigrams seen once); default none. */
  prune?: readonly number[];
  /** Directory for the ARPA files and the estimator's spill files (default: a new temp dir). */
  tempDir?: string;
  log?: (msg: string) => void;
}

async function* linesOf(lines: Iterable<string>, normalizer: NormalizerOptions): AsyncIterable<string> {
  let batch: string[] = [];
  for (const l of lines) {
    const n = normalizeForLm(l, normalizer);
    if (n !== '') batch.push(n);
    if (batch.length >= 1000) { yield `${batch.join('\n')}\n`; batch = []; }
  }
  if (batch.length) yield `${batch.join('\n')}\n`;
}

async function trainOne(lines: Iterable<string>, name: string, o: LmPairOptions, dir: string, normalizer: NormalizerOptions): Promise<ArrayBuffer> {
  const arpa = join(dir, `${name}.arpa`);
  const r = await trainLanguageModel({
    order: o.order, input: linesOf(lines, normalizer), arpa, memory: '512M', tempPrefix: dir, prune: o.prune,
    // Small or repetitive text (a test sample, looping MT) can defeat the closed-form discounts.
    discountFallback: true,
  });
  o.log?.(`${name} LM: order ${o.order}, ${r.tokens} tokens, n-grams ${r.counts.join('/')}`);
  // 8-bit probabilities and backoffs: the ratio is a coarse feature, and the file ships in the model.
  const buf = await buildModelFromArpa(arpa, { quantize: 8, normalizer, shared: false });
  return buf as ArrayBuffer;
}

/** Estimates the human and the MT model from raw paragraphs (normalised here). */
export async function trainLmPair(humanLines: Iterable<string>, mtLines: Iterable<string>, o: LmPairOptions): Promise<{ human: ArrayBuffer; mt: ArrayBuffer }> {
  const normalizer = resolveNormalizerOptions(o.normalizer as Record<string, unknown>);
  const dir = o.tempDir ?? mkdtempSync(join(tmpdir(), 'sito-mt-lm-'));
  try {
    const human = await trainOne(humanLines, 'human', o, dir, normalizer);
    const mt = await trainOne(mtLines, 'mt', o, dir, normalizer);
    return { human, mt };
  } finally {
    if (!o.tempDir) rmSync(dir, { recursive: true, force: true });
  }
}
