/**
 * The MT model: a linear classifier over paragraph features, a rule to pool paragraphs into a
 * document score, and a calibration that turns that score into P(machine-translated).
 *
 * File format (`.sitomt`, gzip-compressed):
 *   "SITOMT01" | uint32 LE header length | header JSON (UTF-8) | zero padding to 4 bytes |
 *   Int8Array of `buckets` hashed weights (multiply by header.scale) |
 *   vocabulary bitset of `vocabularyBits / 8` bytes (words of the language's human text) |
 *   word-pair bitset of `bigramBits / 8` bytes (adjacent word pairs of that text) |
 *   optional: human-text LM and MT-text LM, `.sitolm` buffers of `lm.humanBytes` and `lm.mtBytes`
 * Weights are quantised to int8 so a 2^20-bucket model costs 1 MB before compression.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SitoError } from '../errors.js';
import { DENSE_FEATURES, EVIDENCE_GROUPS, FeatureExtractor, WordBitset, type FeatureConfig } from './features.js';
import { LanguageModel } from '../lm/model.js';
import type { NormalizerOptions } from '../lm/normalize.js';
import { LmRatio } from './lm-evidence.js';

const MAGIC = 'SITOMT01';

/**
 * p = σ(a·z + b·z·L + d·m + e·m·L + c), L = log(1+words): z is the pooled classifier score, m
 * the per-token LM log-ratio (models with LMs only); the L terms let longer documents earn more
 * confident probabilities. All of a, b, d, e ≥ 0.
 */
export interface Calibration { a: number; b: number; c: number; d?: number; e?: number }

/** The LM pair stored in a model file. */
export interface LmSection {
  order: number;
  normalizer: NormalizerOptions;
  humanBytes: number;
  mtBytes: number;
  /**
   * The ratio reads paragraphs until this many tokens are scored (then stops): a per-token mean
   * is well estimated long before the end of a web page, and the two LM queries per token are
   * the scorer's largest cost. 0 or absent: no limit.
   */
  maxTokens?: number;
}

export interface MtModelHeader {
  format: 1;
  lang: string;
  features: FeatureConfig;
  /** Multiplier from int8 weight to real weight. */
  scale: number;
  bias: number;
  dense: Record<string, number>;
  /** Size in bits of the vocabulary bitset after the weights (0 = none). */
  vocabularyBits: number;
  /** Size in bits of the word-pair bitset after the vocabulary (0 = none). */
  bigramBits?: number;
  /** Human-vs-MT word LMs (Moore–Lewis evidence), stored after the bitsets. */
  lm?: LmSection;
  /** Frequent words, excluded by the content-words-only (topic floor) configuration. */
  stopwords?: string[];
  calibration: Calibration;
  /** Default filtering threshold on mt_prob (also written to the language profile). */
  threshold: number;
  /** What the model was trained on and how it did on its own dev split. */
  training: Record<string, unknown>;
}

export interface DocumentScore {
  /** Pooled linear score (token-weighted mean of paragraph logits). */
  z: number;
  words: number;
  /** Per-token LM log10-ratio MT vs human over the document (0 without LMs). */
  lmRatio: number;
  prob: number;
  /** Evidence with a positive pooled contribution, strongest first. */
  evidence: string[];
}

/** Contribution (in logits, averaged over the document) above which evidence is named. */
const EVIDENCE_MIN = 0.25;

export class MtModel {
  private readonly extractor: FeatureExtractor;
  private readonly denseW: Float64Array;

  constructor(
    readonly header: MtModelHeader,
    readonly weights: Int8Array,
    readonly vocabulary: WordBitset | null,
    readonly bigrams: WordBitset | null = null,
    /** The LM pair as stored (`.sitolm` bytes), null for models without one. */
    readonly lmBuffers: { human: ArrayBuffer; mt: ArrayBuffer } | null = null,
  ) {
    if (weights.length !== header.features.buckets) throw new Error('weights do not match the bucket count');
    this.extractor = new FeatureExtractor(header.features, new Set(header.stopwords ?? []), vocabulary, bigrams);
    this.denseW = Float64Array.from(DENSE_FEATURES, (name) => header.dense[name] ?? 0);
    this.lm = lmBuffers && header.lm
      ? new LmRatio(new LanguageModel(lmBuffers.human, { name: 'mt model: human LM' }), new LanguageModel(lmBuffers.mt, { name: 'mt model: MT LM' }), header.lm.normalizer)
      : null;
    this.lmMaxTokens = header.lm?.maxTokens ?? 0;
  }

  readonly lm: LmRatio | null;
  private readonly lmMaxTokens: number;

  get lang(): string { return this.header.lang; }

  /** Linear score of one paragraph, and its parts (n-grams, each dense feature). */
  scoreParagraph(text: string): { z: number; ngram: number; dense: Float64Array; words: number } {
    const words = this.scoreInto(text);
    return { z: this.lastZ, ngram: this.lastNgram, dense: Float64Array.from(this.lastDense), words };
  }

  // The last paragraph's parts, reused so that scoring a document allocates nothing per paragraph.
  private lastZ = 0;
  private lastNgram = 0;
  private readonly lastDense = new Float64Array(DENSE_FEATURES.length);
  /** Paragraphs of the document being scored that have words (reused; emptied after use). */
  private readonly withWords: string[] = [];

  /** Scores one paragraph into `lastZ`, `lastNgram`, `lastDense`; returns its word count. */
  private scoreInto(text: string): number {
    const x = this.extractor;
    const nHashed = x.run(text);
    const hashed = x.hashedBuffer;
    const weights = this.weights;
    let s = 0;
    for (let i = 0; i < nHashed; i++) s += weights[hashed[i]!]!;
    // fastText-style averaging: a paragraph's n-gram evidence does not grow with its length.
    const ngram = nHashed ? (s * this.header.scale) / nHashed : 0;
    const f = x.dense;
    const dense = this.lastDense;
    let z = this.header.bias + ngram;
    for (let i = 0; i < f.length; i++) {
      dense[i] = this.denseW[i]! * f[i]!;
      z += dense[i]!;
    }
    this.lastZ = z;
    this.lastNgram = ngram;
    return x.nWords;
  }

  /** Pools paragraphs (token-weighted) and calibrates. */
  scoreDocument(text: string): DocumentScore {
    let zSum = 0;
    let ngramSum = 0;
    let words = 0;
    let lmDiff = 0;
    let lmTokens = 0;
    const denseSum = new Float64Array(DENSE_FEATURES.length);
    const dense = this.lastDense;
    const withWords = this.withWords;
    let nWithWords = 0;
    // The paragraphs of `splitParagraphs` (trimmed non-empty lines), without building the array.
    for (let from = 0; from <= text.length;) {
      let to = text.indexOf('\n', from);
      if (to < 0) to = text.length;
      const p = text.slice(from, to).trim();
      from = to + 1;
      if (p.length === 0) continue;
      const w = this.scoreInto(p);
      // Paragraphs without a single word (rules, lone punctuation) carry no evidence.
      if (w === 0) continue;
      zSum += this.lastZ * w;
      ngramSum += this.lastNgram * w;
      for (let i = 0; i < denseSum.length; i++) denseSum[i]! += dense[i]! * w;
      words += w;
      if (this.lm) withWords[nWithWords++] = p;
    }
    // The LM pass comes after the classifier's, over the same paragraphs in the same order: the
    // two LMs' tables (~17 MB) and the classifier's (~2 MB) then do not evict each other from
    // the cache paragraph by paragraph.
    if (this.lm) {
      for (let i = 0; i < nWithWords && (this.lmMaxTokens === 0 || lmTokens < this.lmMaxTokens); i++) {
        const l = this.lm.paragraph(withWords[i]!);
        lmDiff += l.diff;
        lmTokens += l.tokens;
      }
      withWords.fill('', 0, nWithWords);
    }
    if (words === 0) return { z: 0, words: 0, lmRatio: 0, prob: NaN, evidence: [] };
    const z = zSum / words;
    const lmRatio = lmTokens ? lmDiff / lmTokens : 0;
    const cal = this.header.calibration;
    const parts: [string, number][] = [['ngrams', ngramSum / words]];
    for (const [name, idx] of Object.entries(EVIDENCE_GROUPS)) {
      parts.push([name, idx.reduce((s, i) => s + denseSum[i]!, 0) / words]);
    }
    if (this.lm) {
      // The LM term in the classifier's units: its calibrated logit divided by the z slope.
      const L = Math.log1p(words);
      const zSlope = cal.a + cal.b * L;
      const lmLogit = ((cal.d ?? 0) + (cal.e ?? 0) * L) * lmRatio;
      parts.push(['lm-ratio', zSlope > 0 ? lmLogit / zSlope : lmLogit]);
    }
    const evidence = parts.filter(([, v]) => v > EVIDENCE_MIN).sort((a, b) => b[1] - a[1]).map(([n]) => n);
    return { z, words, lmRatio, prob: calibrate(cal, z, words, lmRatio), evidence };
  }

  toBuffer(): Buffer {
    const json = Buffer.from(JSON.stringify(this.header), 'utf8');
    const headLen = 8 + 4 + json.length;
    const pad = (4 - (headLen % 4)) % 4;
    const vocab = this.vocabulary?.bits ?? new Uint8Array(0);
    const pairs = this.bigrams?.bits ?? new Uint8Array(0);
    const lmH = this.lmBuffers ? new Uint8Array(this.lmBuffers.human) : new Uint8Array(0);
    const lmM = this.lmBuffers ? new Uint8Array(this.lmBuffers.mt) : new Uint8Array(0);
    const out = Buffer.alloc(headLen + pad + this.weights.length + vocab.length + pairs.length + lmH.length + lmM.length);
    out.write(MAGIC, 0, 'latin1');
    out.writeUInt32LE(json.length, 8);
    json.copy(out, 12);
    Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.length).copy(out, headLen + pad);
    Buffer.from(vocab.buffer, vocab.byteOffset, vocab.length).copy(out, headLen + pad + this.weights.length);
    const pStart = headLen + pad + this.weights.length + vocab.length;
    Buffer.from(pairs.buffer, pairs.byteOffset, pairs.length).copy(out, pStart);
    Buffer.from(lmH.buffer, lmH.byteOffset, lmH.length).copy(out, pStart + pairs.length);
    Buffer.from(lmM.buffer, lmM.byteOffset, lmM.length).copy(out, pStart + pairs.length + lmH.length);
    return gzipSync(out, { level: 9 });
  }

  save(path: string): void {
    writeFileSync(path, this.toBuffer());
  }

  static fromBuffer(buf: Buffer, file = '(buffer)'): MtModel {
    let raw: Buffer;
    try {
      raw = gunzipSync(buf);
    } catch {
      throw new SitoError('not a sito MT model (expected a gzip-compressed .sitomt file)', { file });
    }
    if (raw.length < 12 || raw.toString('latin1', 0, 8) !== MAGIC) {
      throw new SitoError('not a sito MT model (bad magic; rebuild it with `sito mt train`)', { file });
    }
    const len = raw.readUInt32LE(8);
    const header = JSON.parse(raw.toString('utf8', 12, 12 + len)) as MtModelHeader;
    if (header.format !== 1) throw new SitoError(`unsupported MT model format ${String(header.format)}`, { file });
    const headLen = 12 + len;
    const start = headLen + ((4 - (headLen % 4)) % 4);
    const weights = new Int8Array(header.features.buckets);
    weights.set(new Int8Array(raw.buffer, raw.byteOffset + start, header.features.buckets));
    const vStart = start + header.features.buckets;
    const vBytes = (header.vocabularyBits ?? 0) >> 3;
    const pBytes = (header.bigramBits ?? 0) >> 3;
    const hBytes = header.lm?.humanBytes ?? 0;
    const mBytes = header.lm?.mtBytes ?? 0;
    if (raw.length !== vStart + vBytes + pBytes + hBytes + mBytes) throw new SitoError('MT model file is truncated or corrupt', { file });
    const vocabulary = vBytes ? new WordBitset(Uint8Array.from(raw.subarray(vStart, vStart + vBytes))) : null;
    const bigrams = pBytes ? new WordBitset(Uint8Array.from(raw.subarray(vStart + vBytes, vStart + vBytes + pBytes))) : null;
    // Each LM gets an ArrayBuffer of its own (aligned, as the LM's typed-array views need).
    const lStart = vStart + vBytes + pBytes;
    const copy = (from: number, n: number): ArrayBuffer => {
      const b = new ArrayBuffer(n);
      new Uint8Array(b).set(raw.subarray(from, from + n));
      return b;
    };
    const lm = header.lm ? { human: copy(lStart, hBytes), mt: copy(lStart + hBytes, mBytes) } : null;
    return new MtModel(header, weights, vocabulary, bigrams, lm);
  }

  static load(path: string): MtModel {
    return MtModel.fromBuffer(readFileSync(path), path);
  }
}

export function calibrate(c: Calibration, z: number, words: number, lmRatio = 0): number {
  const L = Math.log1p(words);
  const t = c.a * z + c.b * z * L + (c.d ?? 0) * lmRatio + (c.e ?? 0) * lmRatio * L + c.c;
  return 1 / (1 + Math.exp(-t));
}

/**
 * Quantises real weights to int8 with one scale. The scale comes from a high quantile of |w|
 * (the few larger weights are clipped), because a max-based scale would round most of the
 * many small n-gram weights to zero.
 */
export function quantize(w: Float32Array | Float64Array, clipQuantile = 0.9995): { weights: Int8Array; scale: number } {
  const mags: number[] = [];
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) mags.push(Math.abs(w[i]!));
  mags.sort((a, b) => a - b);
  const clip = mags.length ? mags[Math.min(mags.length - 1, Math.floor(clipQuantile * mags.length))]! : 1;
  const scale = clip > 0 ? clip / 127 : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / scale)));
  return { weights: q, scale };
}
