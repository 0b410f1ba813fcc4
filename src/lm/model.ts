/**
 * Querying an n-gram model exactly like KenLM's `query` (ALGORITHM.md §7), over the typed-array
 * views of one `.sitolm` buffer. Nothing here allocates per word: tokens are hashed straight
 * from the line's UTF-16 code units, the context state lives in small reused typed arrays, and
 * scores are float32 (Math.fround at every step, in KenLM's order).
 *
 * State after a word is the list of most recent words whose n-grams were found, with their
 * backoffs — KenLM's minimal state. For the next word w, the longest n-gram ending in w is
 * found by extending one context word at a time (each step one hash combine and one probe);
 * the backoffs of the longer contexts that did not match are then added, shortest first.
 */
import { SitoError } from '../errors.js';
import { readHeader, sectionView, type ModelHeader } from './binary-format.js';
import {
  STRING_SEED_A, STRING_SEED_B, stringStepA, stringStepB, stringFinishA, stringFinishB,
  ngramStartLo, ngramStartHi, combineLo, combineHi, hashString,
} from './hash.js';
import { probe } from './probing-table.js';
import { normalizerKey, type NormalizerOptions } from './normalize.js';

/** Score of one line (sentence), as `query` computes it. */
export interface LineScore {
  /** log10 probability of the sentence, the float32 sum KenLM prints as `Total:`. */
  log10: number;
  /** Words scored, plus one for `</s>` when end-of-sentence is scored. */
  tokens: number;
  /** Words not in the vocabulary (the literal `<unk>` included). */
  oov: number;
  /** Sum (double) of the OOV words' log10 probabilities, for perplexity without OOVs. */
  oovLog10: number;
}

/** Receives every scored token; used by `sito lm query -v word` and tests. */
export interface WordSink {
  /** The token is `text.slice(start, end)` (for `</s>`: text is "</s>"). */
  word(text: string, start: number, end: number, id: number, ngramLength: number, log10: number): void;
}

export interface ScoreOptions {
  /** Start from `<s>` context (default true). KenLM `query -n` turns both off. */
  bos?: boolean;
  /** Score `</s>` at the end (default true). */
  eos?: boolean;
}

/** Accumulator the scorer adds OOV word scores to one by one, as KenLM's corpus sum does. */
export interface OovAccumulator {
  oovLog10: number;
}

export interface ModelCheckOptions {
  /** Refuse the model unless it records exactly these normaliser settings. */
  expectNormalizer?: NormalizerOptions;
  /** Name used in messages (the model's path). */
  name?: string;
}

export class LanguageModel {
  /** The whole model; pass it to worker threads (a SharedArrayBuffer is not copied). */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  readonly header: ModelHeader;
  readonly order: number;
  readonly name: string;
  readonly bosId: number;
  readonly eosId: number;

  private readonly vocabKeys: Int32Array;
  private readonly vocabIds: Int32Array;
  private readonly vocabCapacity: number;
  private readonly vocabOffsets: Uint32Array;
  private readonly vocabText: Uint8Array;
  private readonly uniProb: Float32Array;
  private readonly uniBackoff: Float32Array;
  // Per order n (index n; 0 and 1 unused): table keys, capacity and values.
  private readonly keys: Int32Array[] = [];
  private readonly capacities: number[] = [];
  private readonly probs: Float32Array[] = [];
  private readonly backoffs: Float32Array[] = [];
  private readonly quantized: boolean;
  private readonly probCodes: (Uint8Array | Uint16Array)[] = [];
  private readonly backoffCodes: (Uint8Array | Uint16Array)[] = [];
  private readonly probBins: Float32Array[] = [];
  private readonly backoffBins: Float32Array[] = [];

  // Query state (reused; one LanguageModel object per thread).
  private readonly stateWords: Int32Array;
  private readonly stateBackoff: Float32Array;
  private stateLength = 0;
  private readonly nextBackoff: Float32Array;
  private lastNgramLength = 0;
  /** Tokens and OOVs of the last `scoreRange` call. */
  lastTokens = 0;
  lastOov = 0;
  private readonly scratchAcc: OovAccumulator = { oovLog10: 0 };

  constructor(buffer: ArrayBuffer | SharedArrayBuffer, options: ModelCheckOptions = {}) {
    this.name = options.name ?? 'model';
    this.buffer = buffer;
    const h = readHeader(buffer, this.name);
    this.header = h;
    this.order = h.order;
    this.bosId = h.bos;
    this.eosId = h.eos;
    this.vocabKeys = sectionView(buffer, h, 'vocab.keys') as Int32Array;
    this.vocabIds = sectionView(buffer, h, 'vocab.ids') as Int32Array;
    this.vocabCapacity = h.vocabCapacity;
    this.vocabOffsets = sectionView(buffer, h, 'vocab.offsets') as Uint32Array;
    this.vocabText = sectionView(buffer, h, 'vocab.text') as Uint8Array;
    this.uniProb = sectionView(buffer, h, 'unigram.prob') as Float32Array;
    this.uniBackoff = sectionView(buffer, h, 'unigram.backoff') as Float32Array;
    this.quantized = h.quantization !== null;
    const empty = new Float32Array(0);
    for (let n = 0; n <= h.order; n++) {
      const t = h.tables.find((x) => x.order === n);
      if (!t) {
        this.keys.push(new Int32Array(0));
        this.capacities.push(0);
        this.probs.push(empty);
        this.backoffs.push(empty);
        this.probCodes.push(new Uint8Array(0));
        this.backoffCodes.push(new Uint8Array(0));
        this.probBins.push(empty);
        this.backoffBins.push(empty);
        continue;
      }
      this.keys.push(sectionView(buffer, h, `${n}.keys`) as Int32Array);
      this.capacities.push(t.capacity);
      const top = n === h.order;
      if (this.quantized) {
        this.probs.push(empty);
        this.backoffs.push(empty);
        this.probCodes.push(sectionView(buffer, h, `${n}.probq`) as Uint8Array | Uint16Array);
        this.probBins.push(sectionView(buffer, h, `${n}.probBins`) as Float32Array);
        this.backoffCodes.push(top ? new Uint8Array(0) : sectionView(buffer, h, `${n}.backoffq`) as Uint8Array | Uint16Array);
        this.backoffBins.push(top ? empty : sectionView(buffer, h, `${n}.backoffBins`) as Float32Array);
      } else {
        this.probs.push(sectionView(buffer, h, `${n}.prob`) as Float32Array);
        this.backoffs.push(top ? empty : sectionView(buffer, h, `${n}.backoff`) as Float32Array);
        this.probCodes.push(new Uint8Array(0));
        this.backoffCodes.push(new Uint8Array(0));
        this.probBins.push(empty);
        this.backoffBins.push(empty);
      }
    }
    this.stateWords = new Int32Array(Math.max(1, h.order));
    this.stateBackoff = new Float32Array(Math.max(1, h.order));
    this.nextBackoff = new Float32Array(Math.max(1, h.order));
    if (options.expectNormalizer) this.checkNormalizer(options.expectNormalizer);
  }

  /** Normaliser settings recorded in the model, or null. */
  get normalizer(): NormalizerOptions | null {
    return this.header.normalizer;
  }

  get vocabSize(): number {
    return this.header.vocabSize;
  }

  /** Throws a SitoError unless the model was built for exactly these normaliser settings. */
  checkNormalizer(expected: NormalizerOptions): void {
    const want = normalizerKey(expected);
    if (this.header.normalizer === null) {
      throw new SitoError(`the LM records no normaliser settings, but text normalised with {${want}} is to be scored; rebuild it with 'sito lm build --normalizer …'`, { file: this.name });
    }
    const have = normalizerKey(this.header.normalizer);
    if (have !== want) {
      throw new SitoError(`the LM was built for normaliser settings {${have}}, but the caller normalises with {${want}}: scores would be meaningless`, { file: this.name });
    }
  }

  /** Word id of a token (0 = `<unk>`, also for words not in the vocabulary). */
  wordId(word: string): number {
    const [lo, hi] = hashString(word);
    const slot = probe(this.vocabKeys, this.vocabCapacity, lo, hi);
    return slot < 0 ? 0 : this.vocabIds[slot]!;
  }

  /** The word with this id. */
  word(id: number): string {
    const start = this.vocabOffsets[id]!;
    const end = this.vocabOffsets[id + 1]!;
    // TextDecoder refuses views of a SharedArrayBuffer: decode from a copy.
    return new TextDecoder().decode(this.vocabText.slice(start, end));
  }

  /** Unigram log10 prob and backoff of a word id (for inspection and tests). */
  unigram(id: number): { prob: number; backoff: number } {
    return { prob: this.uniProb[id]!, backoff: this.uniBackoff[id]! };
  }

  /**
   * Scores one sentence: tokens split on KenLM's spaces (space, \t, \n, \v, \f, \r),
   * wrapped in `<s>` … `</s>` unless `bos`/`eos` are false. Allocates one result object.
   */
  scoreLine(line: string, options?: ScoreOptions): LineScore {
    const acc = this.scratchAcc;
    acc.oovLog10 = 0;
    const log10 = this.scoreRange(line, 0, line.length, options?.bos ?? true, options?.eos ?? true, null, acc);
    return { log10, tokens: this.lastTokens, oov: this.lastOov, oovLog10: acc.oovLog10 };
  }

  /**
   * Core scorer over `text[start, end)`: returns the float32 sentence total and leaves the
   * token and OOV counts in `lastTokens`/`lastOov`. OOV word scores are added to `acc` one by
   * one in double, exactly as KenLM accumulates its corpus-wide OOV sum.
   */
  scoreRange(text: string, start: number, end: number, bos: boolean, eos: boolean, sink: WordSink | null, acc: OovAccumulator): number {
    if (bos) {
      this.stateWords[0] = this.bosId;
      this.stateBackoff[0] = this.uniBackoff[this.bosId]!;
      // A unigram model has no context to keep.
      this.stateLength = this.order > 1 ? 1 : 0;
    } else {
      this.stateLength = 0;
    }
    const vocabKeys = this.vocabKeys;
    const vocabIds = this.vocabIds;
    const vocabCapacity = this.vocabCapacity;
    let total = 0;
    let tokens = 0;
    let oov = 0;
    let i = start;
    while (i < end) {
      let c = text.charCodeAt(i);
      if (c === 32 || (c <= 13 && c >= 9)) {
        i++;
        continue;
      }
      const tokenStart = i;
      let a = STRING_SEED_A;
      let b = STRING_SEED_B;
      for (;;) {
        a = stringStepA(a, c);
        b = stringStepB(b, c);
        if (++i >= end) break;
        c = text.charCodeAt(i);
        if (c === 32 || (c <= 13 && c >= 9)) break;
      }
      const length = i - tokenStart;
      const slot = probe(vocabKeys, vocabCapacity, stringFinishA(a, b, length), stringFinishB(a, b, length));
      const id = slot < 0 ? 0 : vocabIds[slot]!;
      const p = this.scoreWord(id);
      if (id === 0) {
        oov++;
        acc.oovLog10 += p;
      }
      total = Math.fround(total + p);
      tokens++;
      if (sink !== null) sink.word(text, tokenStart, i, id, this.lastNgramLength, p);
    }
    if (eos) {
      const p = this.scoreWord(this.eosId);
      total = Math.fround(total + p);
      tokens++;
      if (sink !== null) sink.word('</s>', 0, 4, this.eosId, this.lastNgramLength, p);
    }
    this.lastTokens = tokens;
    this.lastOov = oov;
    return total;
  }

  /** log10 p(word | state), advancing the state. Sets `lastNgramLength`. */
  private scoreWord(id: number): number {
    const order = this.order;
    const words = this.stateWords;
    const backoff = this.stateBackoff;
    const next = this.nextBackoff;
    const length = this.stateLength;
    let prob = this.uniProb[id]!;
    next[0] = this.uniBackoff[id]!;
    let ngramLength = 1;
    let nextLength = 1;
    let lo = ngramStartLo(id);
    let hi = ngramStartHi(id);
    for (let j = 0; j < length; j++) {
      const w = words[j]!;
      const newLo = combineLo(lo, hi, w);
      hi = combineHi(lo, hi, w);
      lo = newLo;
      const n = j + 2;
      const slot = probe(this.keys[n]!, this.capacities[n]!, lo, hi | 1);
      if (slot < 0) break;
      let p: number;
      let bo: number;
      if (this.quantized) {
        p = this.probBins[n]![this.probCodes[n]![slot]!]!;
        bo = n < order ? this.backoffBins[n]![this.backoffCodes[n]![slot]!]! : 0;
      } else {
        p = this.probs[n]![slot]!;
        bo = n < order ? this.backoffs[n]![slot]! : 0;
      }
      // A blank (NaN) only continues the search: it stands for a suffix that the ARPA file
      // lacked but a longer n-gram needs (SRILM pruning); it has no probability of its own.
      if (p === p) {
        prob = p;
        ngramLength = n;
      }
      next[j + 1] = bo;
      nextLength = n;
    }
    for (let j = ngramLength - 1; j < length; j++) prob = Math.fround(prob + backoff[j]!);
    if (nextLength > order - 1) nextLength = order - 1;
    for (let j = nextLength - 1; j > 0; j--) words[j] = words[j - 1]!;
    if (nextLength > 0) words[0] = id;
    for (let j = 0; j < nextLength; j++) backoff[j] = next[j]!;
    this.stateLength = nextLength;
    this.lastNgramLength = ngramLength;
    return prob;
  }
}
