/**
 * Builds the in-memory probing tables from a streamed ARPA file and packs them into the
 * `.sitolm` layout. Checks KenLM's structural rules on the way: every n-gram's context must be
 * an (n-1)-gram; a missing suffix gets a blank entry so the query can still reach the longer
 * n-gram (KenLM does the same in search_hashed.cc).
 */
import { SitoError } from '../errors.js';
import { readArpa, MISSING_UNK_LOG10, BOS, EOS, type ArpaHandler } from './arpa-reader.js';
import { NgramTableBuilder, VocabBuilder, BUILD_STRIDE } from './probing-table.js';
import { ngramStartLo, ngramStartHi, combineLo, combineHi, storedHi, hashString } from './hash.js';
import { packModel, QUANTIZED_DEAD_END, type ModelHeader, type TableInfo, type TypedArray } from './binary-format.js';
import { SubwordTokenizer } from './subword.js';
import { quantizeValues } from './quantize.js';
import type { NormalizerOptions } from './normalize.js';

export interface BuildOptions {
  /** Quantise orders ≥ 2 to this many bits per value (default: float32, exact). */
  quantize?: 8 | 16;
  /** Normaliser settings to record in the header (what the training text went through). */
  normalizer?: NormalizerOptions | null;
  /**
   * The subword tokenizer whose pieces the ARPA file's tokens are (`SubwordTokenizer.toBytes()`):
   * stored in the model so that scoring can tokenise text without a second file.
   */
  tokenizer?: Uint8Array | null;
  /** Allocate the result in a SharedArrayBuffer, for worker threads. */
  shared?: boolean;
  /** Called with KenLM's non-fatal warnings (e.g. missing <unk>). */
  onWarning?: (message: string) => void;
}

class ModelBuilder implements ArpaHandler {
  order = 0;
  counts: readonly number[] = [];
  uniProb = new Float32Array(0);
  uniBackoff = new Float32Array(0);
  /** 1 for words that start some bigram (are the context of an extension). */
  uniExtended = new Uint8Array(0);
  tables: NgramTableBuilder[] = [];
  blanks: number[] = [];
  private readonly suffixLo = new Int32Array(8);
  private readonly suffixHi = new Int32Array(8);

  constructor(private readonly file: string) {}

  header(counts: readonly number[]): void {
    this.counts = counts;
    this.order = counts.length;
    this.uniProb = new Float32Array(counts[0]! + 1);
    this.uniBackoff = new Float32Array(counts[0]! + 1);
    this.uniExtended = new Uint8Array(counts[0]! + 1);
    this.uniProb[0] = MISSING_UNK_LOG10;
    for (let n = 0; n <= this.order; n++) {
      this.tables.push(new NgramTableBuilder(n >= 2 ? counts[n - 1]! : 0));
      this.blanks.push(0);
    }
  }

  ngram(order: number, ids: Int32Array, prob: number, backoff: number, _hasBackoff: boolean,
    line: string, wordsStart: number, wordsEnd: number, lineNumber: number): void {
    if (order === 1) {
      const id = ids[0]!;
      this.uniProb[id] = prob;
      this.uniBackoff[id] = backoff;
      return;
    }
    // Key of the full n-gram, folding words from the newest back; the intermediate keys are
    // the keys of its suffixes.
    let lo = ngramStartLo(ids[order - 1]!);
    let hi = ngramStartHi(ids[order - 1]!);
    for (let w = order - 2; w >= 0; w--) {
      const newLo = combineLo(lo, hi, ids[w]!);
      hi = combineHi(lo, hi, ids[w]!);
      lo = newLo;
      const length = order - w;
      this.suffixLo[length] = lo;
      this.suffixHi[length] = hi;
    }
    if (order >= 3) {
      let clo = ngramStartLo(ids[order - 2]!);
      let chi = ngramStartHi(ids[order - 2]!);
      for (let w = order - 3; w >= 0; w--) {
        const newLo = combineLo(clo, chi, ids[w]!);
        chi = combineHi(clo, chi, ids[w]!);
        clo = newLo;
      }
      const context = this.tables[order - 1]!.find(clo, storedHi(chi));
      if (context < 0) {
        const words = line.slice(wordsStart, wordsEnd);
        throw new SitoError(`the context of "${words}" is not among the ${order - 1}-grams (the context of every n-gram should appear as a (n-1)-gram)`, { file: this.file, line: lineNumber });
      }
      this.tables[order - 1]!.markExtended(context);
    } else {
      this.uniExtended[ids[0]!] = 1;
    }
    if (!this.tables[order]!.insert(lo, storedHi(hi), prob, backoff)) {
      // The same key twice: a duplicate line (or, with odds near 1e-7, a 64-bit hash collision).
      throw new SitoError(`duplicate ${order}-gram "${line.slice(wordsStart, wordsEnd)}"`, { file: this.file, line: lineNumber });
    }
    for (let length = order - 1; length >= 2; length--) {
      const table = this.tables[length]!;
      const sLo = this.suffixLo[length]!;
      const sHi = storedHi(this.suffixHi[length]!);
      if (table.find(sLo, sHi) >= 0) break;
      table.insert(sLo, sHi, NaN, 0);
      this.blanks[length]!++;
    }
  }
}

/** Reads an ARPA file (plain or gzip) into a packed model buffer. */
export async function buildModelFromArpa(path: string, options: BuildOptions = {}): Promise<ArrayBuffer | SharedArrayBuffer> {
  const builder = new ModelBuilder(path);
  const result = await readArpa(path, builder);
  for (const w of result.warnings) options.onWarning?.(w);
  return packBuilt(builder, result.vocab, result.unkMissing, path, options);
}

function packBuilt(b: ModelBuilder, vocab: VocabBuilder, unkMissing: boolean, path: string, options: BuildOptions): ArrayBuffer | SharedArrayBuffer {
  const bits = options.quantize;
  // KenLM's minimal state: an n-gram that starts no longer n-gram and has backoff 0 gets the
  // backoff -0.0, and the query drops it (and everything longer) from the context, saving
  // probes that must miss. Only exact when the model is suffix-closed, i.e. has no blanks.
  const markDeadEnds = b.blanks.every((n) => n === 0);
  const deadEnd = (backoff: number, extended: boolean): number => (markDeadEnds && !extended && backoff === 0 ? -0 : backoff);
  const unigrams = new Float32Array(2 * vocab.size);
  for (let id = 0; id < vocab.size; id++) {
    unigrams[2 * id] = b.uniProb[id]!;
    unigrams[2 * id + 1] = deadEnd(b.uniBackoff[id]!, b.uniExtended[id] === 1);
  }
  const arrays: Record<string, TypedArray> = {
    'vocab.table': vocab.table,
    'vocab.offsets': vocab.offsets.subarray(0, vocab.size + 1),
    'vocab.text': vocab.text.subarray(0, vocab.textLength),
    unigrams,
  };
  const tables: TableInfo[] = [];
  for (let n = 2; n <= b.order; n++) {
    const t = b.tables[n]!;
    const top = n === b.order;
    const stride = bits || top ? 3 : 4;
    tables.push({ order: n, capacity: t.capacity, stride, entries: t.size - b.blanks[n]!, blanks: b.blanks[n]! });
    const table = new Int32Array(stride * t.capacity);
    const floats = new Float32Array(table.buffer);
    const used = (slot: number): boolean => t.used(slot);
    let probCodes: Uint8Array | Uint16Array | undefined;
    let backoffCodes: Uint8Array | Uint16Array | undefined;
    if (bits) {
      const probs = new Float32Array(t.capacity);
      const backoffs = new Float32Array(t.capacity);
      for (let s = 0; s < t.capacity; s++) {
        probs[s] = t.prob(s);
        backoffs[s] = t.backoff(s);
      }
      const p = quantizeValues(probs, used, bits, 'nan');
      probCodes = p.codes;
      arrays[`${n}.probBins`] = p.bins;
      if (!top) {
        const q = quantizeValues(backoffs, used, bits, 'zero');
        backoffCodes = q.codes;
        arrays[`${n}.backoffBins`] = q.bins;
      }
    }
    for (let s = 0; s < t.capacity; s++) {
      if (!t.used(s)) continue;
      const from = s * BUILD_STRIDE;
      const to = s * stride;
      table[to] = t.table[from]!;
      table[to + 1] = t.table[from + 1]!;
      if (probCodes) {
        // 8-bit codes leave bit 15 free: it carries the dead-end mark that float tables carry
        // as a backoff of -0.0 (the backoff's code is then the exact-zero bin).
        const dead = bits === 8 && !top && Object.is(deadEnd(t.backoff(s), t.extended(s)), -0);
        table[to + 2] = probCodes[s]! | ((backoffCodes ? backoffCodes[s]! : 0) << 16) | (dead ? QUANTIZED_DEAD_END : 0);
      } else {
        floats[to + 2] = t.prob(s);
        if (!top) floats[to + 3] = deadEnd(t.backoff(s), t.extended(s));
      }
    }
    arrays[`${n}.table`] = table;
  }
  const idOf = (w: string): number => {
    const [lo, hi] = hashString(w);
    return vocab.find(lo, hi);
  };
  return packModel({
    order: b.order,
    counts: [...b.counts],
    vocabSize: vocab.size,
    vocabCapacity: vocab.capacity,
    bos: idOf(BOS),
    eos: idOf(EOS),
    unkMissing,
    quantization: bits ? { bits } : null,
    normalizer: options.normalizer ?? null,
    tokenizer: tokenizerHeader(options.tokenizer),
    tables,
    source: path.split('/').pop(),
  }, options.tokenizer ? { ...arrays, tokenizer: options.tokenizer } : arrays, options.shared ?? false);
}

/** Header entry for a tokenizer (parsed here so that a broken file fails the build, not the scoring). */
function tokenizerHeader(bytes: Uint8Array | null | undefined): ModelHeader['tokenizer'] {
  if (!bytes) return null;
  return { kind: 'bpe', pieces: SubwordTokenizer.fromBytes(bytes).size };
}
