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
import { QUANTIZED_DEAD_END, readHeader, sectionView, type ModelHeader } from './binary-format.js';
import {
  STRING_SEED_A, STRING_SEED_B, stringStepA, stringStepB, stringFinishA, stringFinishB,
  ngramStartLo, ngramStartHi, combineLo, combineHi, hashString, homeSlot,
} from './hash.js';
import { probe, VOCAB_STRIDE } from './probing-table.js';
import { normalizerKey, resolveNormalizerOptions, stripAccents, type NormalizerOptions } from './normalize.js';
import { SubwordTokenizer } from './subword.js';

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
  /** Refuse the model unless it records these normaliser settings (missing keys = defaults). */
  expectNormalizer?: Partial<NormalizerOptions>;
  /** Name used in messages (the model's path). */
  name?: string;
}

/**
 * Words whose model ids a subword model keeps per thread before the cache is emptied: bounds a
 * worker's memory (a few MB) and still holds the frequent words of a stream of web documents.
 */
const WORD_CACHE_LIMIT = 65_536;
/** Slots of the word cache table: a power of two, at most half full. */
const WORD_CACHE_SLOTS = 131_072;
/** Slot: [hash lo, hash hi (never 0; 0 = empty), piece count, then the ids inline or a pool start]. */
const WORD_CACHE_STRIDE = 8;
/** Words of up to this many pieces (nearly all) keep their ids in the slot: one cache line. */
const WORD_CACHE_INLINE = WORD_CACHE_STRIDE - 3;
/** Ids of longer words; a full pool empties the cache too. */
const WORD_CACHE_POOL = 4 * WORD_CACHE_LIMIT;

/** Bit pattern of the float32 -0.0, read through an int32 view. */
const NEGATIVE_ZERO_BITS = -2147483648;

export class LanguageModel {
  /** The whole model; pass it to worker threads (a SharedArrayBuffer is not copied). */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  readonly header: ModelHeader;
  readonly order: number;
  readonly name: string;
  readonly bosId: number;
  readonly eosId: number;

  private readonly vocabTable: Int32Array;
  private readonly vocabCapacity: number;
  private readonly vocabOffsets: Uint32Array;
  private readonly vocabText: Uint8Array;
  /** [prob, backoff] per word id; `unigramBits` views the same memory as int32. */
  private readonly unigrams: Float32Array;
  private readonly unigramBits: Int32Array;
  // Per order n (index n; 0 and 1 unused): entry table, the same memory as floats, stride, capacity.
  private readonly tables: Int32Array[] = [];
  private readonly floats: Float32Array[] = [];
  private readonly strides: number[] = [];
  private readonly capacities: number[] = [];
  private readonly quantized: boolean;
  private readonly probBins: Float32Array[] = [];
  private readonly backoffBins: Float32Array[] = [];
  /** Quantised entries: the prob code's bits, and the dead-end mark (8-bit only; 0 = none). */
  private readonly probCodeMask: number;
  private readonly deadEndFlag: number;

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

  // Subword models: the tokenizer (parsed on first use), piece id → model word id, and a word
  // cache: an open-addressing table keyed by the word's 64-bit string hash (the hash the word
  // model uses for its vocabulary, computed from the line's code units without slicing) whose
  // entries point into a pool of model ids. A known word costs one hash and one probe.
  private tokenizerState: SubwordTokenizer | null | undefined;
  private pieceWordIds: Int32Array | null = null;
  /** WORD_CACHE_STRIDE int32 per slot; see WORD_CACHE_STRIDE. */
  private cacheTable: Int32Array | null = null;
  private cachePool: Int32Array | null = null;
  private cachePoolUsed = 0;
  private cacheWords = 0;
  /** Accent stripping is idempotent, so doing it per word is right whether or not the caller did. */
  private readonly stripWordAccents: boolean;

  constructor(buffer: ArrayBuffer | SharedArrayBuffer, options: ModelCheckOptions = {}) {
    this.name = options.name ?? 'model';
    this.buffer = buffer;
    const h = readHeader(buffer, this.name);
    this.header = h;
    this.order = h.order;
    this.bosId = h.bos;
    this.eosId = h.eos;
    this.vocabTable = sectionView(buffer, h, 'vocab.table') as Int32Array;
    this.vocabCapacity = h.vocabCapacity;
    this.vocabOffsets = sectionView(buffer, h, 'vocab.offsets') as Uint32Array;
    this.vocabText = sectionView(buffer, h, 'vocab.text') as Uint8Array;
    this.unigrams = sectionView(buffer, h, 'unigrams') as Float32Array;
    this.unigramBits = new Int32Array(this.unigrams.buffer, this.unigrams.byteOffset, this.unigrams.length);
    this.quantized = h.quantization !== null;
    this.probCodeMask = h.quantization?.bits === 8 ? 0xff : 0xffff;
    this.deadEndFlag = h.quantization?.bits === 8 ? QUANTIZED_DEAD_END : 0;
    const empty = new Float32Array(0);
    for (let n = 0; n <= h.order; n++) {
      const t = h.tables.find((x) => x.order === n);
      const table = t ? sectionView(buffer, h, `${n}.table`) as Int32Array : new Int32Array(0);
      this.tables.push(table);
      this.floats.push(new Float32Array(table.buffer, table.byteOffset, table.length));
      this.strides.push(t ? t.stride : 0);
      this.capacities.push(t ? t.capacity : 0);
      this.probBins.push(t && this.quantized ? sectionView(buffer, h, `${n}.probBins`) as Float32Array : empty);
      this.backoffBins.push(t && this.quantized && n < h.order ? sectionView(buffer, h, `${n}.backoffBins`) as Float32Array : empty);
    }
    this.stateWords = new Int32Array(Math.max(1, h.order));
    this.stateBackoff = new Float32Array(Math.max(1, h.order));
    this.nextBackoff = new Float32Array(Math.max(1, h.order));
    this.stripWordAccents = (h.tokenizer ?? null) !== null && h.normalizer?.accents === 'strip';
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
  checkNormalizer(expected: Partial<NormalizerOptions>): void {
    const want = normalizerKey(resolveNormalizerOptions(expected as Record<string, unknown>));
    if (this.header.normalizer === null) {
      throw new SitoError(`the LM records no normaliser settings, but text normalised with {${want}} is to be scored; rebuild it with 'sito lm build --normalizer …'`, { file: this.name });
    }
    const have = normalizerKey(this.header.normalizer);
    if (have !== want) {
      throw new SitoError(`the LM was built for normaliser settings {${have}}, but the caller normalises with {${want}}: scores would be meaningless`, { file: this.name });
    }
  }

  /** The subword tokenizer stored in the model (parsed once, on first use), or null for a word model. */
  get tokenizer(): SubwordTokenizer | null {
    if (this.tokenizerState === undefined) {
      this.tokenizerState = this.header.tokenizer ? SubwordTokenizer.fromBytes(sectionView(this.buffer, this.header, 'tokenizer') as Uint8Array) : null;
    }
    return this.tokenizerState;
  }

  /**
   * What to normalise lines with before `scoreText`, given the normaliser the model was trained
   * with: the same, except that a subword model whose normaliser strips accents strips them
   * itself, once per distinct word in its cache (see `stripAccents`), so its lines may keep
   * them — the scores are identical and three whole-string Unicode normalisations a line are saved.
   */
  lineNormalizer(trained: NormalizerOptions): NormalizerOptions {
    return this.stripWordAccents && trained.accents === 'strip' ? { ...trained, accents: 'keep' } : trained;
  }

  /**
   * Model ids of a word's pieces, for inspection and tests (the scoring path probes the cache
   * itself). Unknown pieces map to 0 (`<unk>`); a word that is empty after accent stripping
   * (only marks) has no pieces, as it would have vanished from a line normalised with stripping.
   */
  wordPieceIds(word: string): Int32Array {
    const [lo, hi] = hashString(word);
    const slot = this.cachedSlot(word, 0, word.length, lo, hi);
    const t = this.cacheTable!;
    const base = slot * WORD_CACHE_STRIDE;
    const count = t[base + 2]!;
    return count <= WORD_CACHE_INLINE ? t.slice(base + 3, base + 3 + count) : this.cachePool!.slice(t[base + 3]!, t[base + 3]! + count);
  }

  /** Slot of the word `text[start, end)` (hash lo/hi) in the word cache, tokenising it on a miss. */
  private cachedSlot(text: string, start: number, end: number, lo: number, hi: number): number {
    let table = this.cacheTable;
    if (table === null) table = this.initWordCache();
    const mask = WORD_CACHE_SLOTS - 1;
    let slot = lo & mask;
    for (;;) {
      const base = slot * WORD_CACHE_STRIDE;
      const h = table[base + 1]!;
      if (h === 0) break;
      if (h === hi && table[base] === lo) return slot;
      slot = (slot + 1) & mask;
    }
    // Miss: tokenise, then insert (emptying the cache first when it is full).
    const tokenizer = this.tokenizer!;
    const word = text.slice(start, end);
    const plain = this.stripWordAccents ? stripAccents(word) : word;
    const pieces = plain === '' ? [] : tokenizer.encodeWordIds(plain);
    if (this.cacheWords >= WORD_CACHE_LIMIT || this.cachePoolUsed + pieces.length > WORD_CACHE_POOL) {
      table.fill(0);
      this.cacheWords = 0;
      this.cachePoolUsed = 0;
      slot = lo & mask;
    }
    const map = this.pieceWordIds!;
    const base = slot * WORD_CACHE_STRIDE;
    let target = table;
    let at = base + 3;
    if (pieces.length > WORD_CACHE_INLINE) {
      target = this.cachePool!;
      at = this.cachePoolUsed;
      this.cachePoolUsed += pieces.length;
      table[base + 3] = at;
    }
    for (let k = 0; k < pieces.length; k++) target[at + k] = map[pieces[k]!]!;
    this.cacheWords++;
    table[base] = lo;
    table[base + 1] = hi;
    table[base + 2] = pieces.length;
    return slot;
  }

  private initWordCache(): Int32Array {
    const tokenizer = this.tokenizer!;
    const map = new Int32Array(tokenizer.size);
    for (let p = 0; p < map.length; p++) map[p] = this.wordId(tokenizer.pieces[p]!);
    this.pieceWordIds = map;
    // A word longer than the pool would never fit: such a word is tokenised into at most its
    // length in pieces, and lines are far shorter than the pool.
    this.cachePool = new Int32Array(WORD_CACHE_POOL);
    this.cacheTable = new Int32Array(WORD_CACHE_SLOTS * WORD_CACHE_STRIDE);
    return this.cacheTable;
  }

  /**
   * A line as the model's tokens, as text: for a subword model its words' pieces joined by
   * spaces (what KenLM's query would be given), for a word model the line itself. The slow,
   * string-building reference for `scoreText`; `sito lm query` prints pieces with it.
   */
  tokenLine(line: string): string {
    const tokenizer = this.tokenizer;
    if (tokenizer === null) return line;
    const out: string[] = [];
    for (const word of line.split(/[ \t\n\v\f\r]+/)) {
      const plain = this.stripWordAccents ? stripAccents(word) : word;
      if (plain !== '') out.push(tokenizer.encodeWordIds(plain).map((id) => tokenizer.pieces[id]!).join(' '));
    }
    return out.join(' ');
  }

  /**
   * Scores one normalised line: words as they are for a word model, their pieces for a subword
   * model (the same log10 as `scoreLine` of the piece line, without building it). Tokens are
   * pieces then, plus `</s>`.
   */
  scoreText(line: string, options?: ScoreOptions): LineScore {
    if (this.header.tokenizer === null) return this.scoreLine(line, options);
    const acc = this.scratchAcc;
    acc.oovLog10 = 0;
    const log10 = this.scorePiecesOfRange(line, 0, line.length, options?.bos ?? true, options?.eos ?? true, acc);
    return { log10, tokens: this.lastTokens, oov: this.lastOov, oovLog10: acc.oovLog10 };
  }

  /**
   * `scoreRange` for a subword model: words of `text[start, end)` split into pieces. The word
   * scan and string hash are written out as in `scoreRange` rather than shared through a
   * callback or a returned record: these are the two per-token hot loops of perplexity scoring.
   */
  scorePiecesOfRange(text: string, start: number, end: number, bos: boolean, eos: boolean, acc: OovAccumulator): number {
    this.startSentence(bos);
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
      const wordStart = i;
      let a = STRING_SEED_A;
      let b = STRING_SEED_B;
      for (;;) {
        a = stringStepA(a, c);
        b = stringStepB(b, c);
        if (++i >= end) break;
        c = text.charCodeAt(i);
        if (c === 32 || (c <= 13 && c >= 9)) break;
      }
      const length = i - wordStart;
      const slot = this.cachedSlot(text, wordStart, i, stringFinishA(a, b, length), stringFinishB(a, b, length));
      // Read after cachedSlot: a miss may have created or emptied the cache.
      const table = this.cacheTable!;
      const base = slot * WORD_CACHE_STRIDE;
      const count = table[base + 2]!;
      const inline = count <= WORD_CACHE_INLINE;
      const ids = inline ? table : this.cachePool!;
      const from = inline ? base + 3 : table[base + 3]!;
      const to = from + count;
      for (let k = from; k < to; k++) {
        const id = ids[k]!;
        const p = this.scoreWord(id);
        if (id === 0) {
          oov++;
          acc.oovLog10 += p;
        }
        total = Math.fround(total + p);
        tokens++;
      }
    }
    if (eos) {
      total = Math.fround(total + this.scoreWord(this.eosId));
      tokens++;
    }
    this.lastTokens = tokens;
    this.lastOov = oov;
    return total;
  }

  private startSentence(bos: boolean): void {
    if (bos) {
      this.stateWords[0] = this.bosId;
      this.stateBackoff[0] = this.unigrams[2 * this.bosId + 1]!;
      // A unigram model has no context to keep.
      this.stateLength = this.order > 1 ? 1 : 0;
    } else {
      this.stateLength = 0;
    }
  }

  /** Word id of a token (0 = `<unk>`, also for words not in the vocabulary). */
  wordId(word: string): number {
    const [lo, hi] = hashString(word);
    const slot = probe(this.vocabTable, VOCAB_STRIDE, this.vocabCapacity, lo, hi);
    return slot < 0 ? 0 : this.vocabTable[slot * VOCAB_STRIDE + 2]!;
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
    return { prob: this.unigrams[2 * id]!, backoff: this.unigrams[2 * id + 1]! };
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
    this.startSentence(bos);
    const vocab = this.vocabTable;
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
      const lo = stringFinishA(a, b, length);
      const hi = stringFinishB(a, b, length);
      let id = 0;
      let slot = homeSlot(lo, vocabCapacity);
      for (;;) {
        const base = slot * VOCAB_STRIDE;
        const storedHigh = vocab[base + 1]!;
        if (storedHigh === 0) break;
        if (storedHigh === hi && vocab[base] === lo) {
          id = vocab[base + 2]!;
          break;
        }
        if (++slot === vocabCapacity) slot = 0;
      }
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
    let prob = this.unigrams[2 * id]!;
    next[0] = this.unigrams[2 * id + 1]!;
    let ngramLength = 1;
    // A backoff of -0.0 marks an n-gram that is no longer n-gram's context (KenLM's minimal
    // state): it and everything longer can be left out of the next context.
    let nextLength = this.unigramBits[2 * id + 1] === NEGATIVE_ZERO_BITS ? 0 : 1;
    let extendable = nextLength === 1;
    let lo = ngramStartLo(id);
    let hi = ngramStartHi(id);
    for (let j = 0; j < length; j++) {
      const w = words[j]!;
      const newLo = combineLo(lo, hi, w);
      hi = combineHi(lo, hi, w);
      lo = newLo;
      const n = j + 2;
      const table = this.tables[n]!;
      const stride = this.strides[n]!;
      const capacity = this.capacities[n]!;
      const storedHi = hi | 1;
      let slot = homeSlot(lo, capacity);
      let base = -1;
      for (;;) {
        const at = slot * stride;
        const h = table[at + 1]!;
        if (h === 0) break;
        if (h === storedHi && table[at] === lo) {
          base = at;
          break;
        }
        if (++slot === capacity) slot = 0;
      }
      if (base < 0) break;
      let p: number;
      let bo: number;
      let deadEnd: boolean;
      if (this.quantized) {
        const codes = table[base + 2]!;
        p = this.probBins[n]![codes & this.probCodeMask]!;
        bo = n < order ? this.backoffBins[n]![codes >>> 16]! : 0;
        deadEnd = (codes & this.deadEndFlag) !== 0;
      } else {
        const floats = this.floats[n]!;
        p = floats[base + 2]!;
        bo = n < order ? floats[base + 3]! : 0;
        deadEnd = n < order && table[base + 3] === NEGATIVE_ZERO_BITS;
      }
      // A blank (NaN) only continues the search: it stands for a suffix that the ARPA file
      // lacked but a longer n-gram needs (SRILM pruning); it has no probability of its own.
      if (p === p) {
        prob = p;
        ngramLength = n;
      }
      next[j + 1] = bo;
      if (extendable) {
        if (deadEnd) extendable = false;
        else nextLength = n;
      }
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
