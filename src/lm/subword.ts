/**
 * Subword tokens for n-gram LMs, as CCNet uses them: CCNet does not score words, it
 * SentencePiece-tokenises normalised text and scores the pieces with a KenLM 5-gram. With pieces
 * a word the model never saw still costs the probabilities of its parts instead of one flat
 * `<unk>`, so documents no longer differ mostly in how many unknown words they hold.
 *
 * This is byte-pair encoding trained on word frequencies (Sennrich et al. 2016) with
 * SentencePiece's spelling: every word starts with the marker "▁" (U+2581), which merges like
 * any other character, so the first piece of a word carries it ("▁kot", "▁ko" "t", or "▁" "x"
 * for a rare first letter). Every character seen in training is a piece of its own, so a word
 * made of seen characters always has a segmentation; a run of characters never seen becomes
 * one `<unk>` piece. A literal "▁" inside a word is just that character.
 *
 * Piece ids: 0 is `<unk>`, 1 is "▁", then the other training characters by code point, then one
 * id per merge in the order they were learnt (so a merged piece's id is also its rank).
 * Training is deterministic: the most frequent adjacent pair is merged first, ties going to the
 * pair with the smaller left id, then the smaller right id.
 */
import { SitoError } from '../errors.js';

export const WORD_START = '\u2581';
export const UNKNOWN_PIECE = '<unk>';
const UNK_ID = 0;
const WORD_START_ID = 1;

/** Pair keys: left * 2^24 + right stays an exact double for up to 16 M pieces. */
const PAIR_SHIFT = 2 ** 24;
const MAX_PIECES = PAIR_SHIFT;

const MAGIC = 0x45504253; // "SBPE" read as a little-endian uint32
const FORMAT_VERSION = 1;

export interface SubwordTrainOptions {
  /** Pieces in all: `<unk>`, the characters, and the merges (fewer when pairs run out). */
  vocabSize: number;
  /** Stop merging when the most frequent pair occurs fewer times than this (default 2). */
  minPairCount?: number;
}

/**
 * Cache entries kept per tokenizer before the cache is emptied: a bound on each worker's memory
 * (about 10 MB at this size) that still holds the frequent words of a stream of web documents.
 */
const CACHE_LIMIT = 65_536;

/** Longest word (UTF-16 code units) that is split into pieces; longer ones are `<unk>`. */
export const MAX_WORD_UNITS = 1024;

export class SubwordTokenizer {
  /** Text of every piece, by id. */
  readonly pieces: readonly string[];
  private readonly baseCount: number;
  private readonly charIds: Map<number, number>;
  /** Pair key → id of the merged piece (larger id = later merge). */
  /**
   * Merges as an open-addressing table [left, right, merged id] (left 0 = empty slot; `<unk>`
   * never merges): integer probes instead of a Map keyed by doubles, as encoding runs per word.
   */
  private readonly mergeTable: Int32Array;
  private readonly mergeMask: number;
  private readonly mergePairs: Int32Array;
  /** Reused work arrays of encodeWordIds (symbols, and the merge rank of each adjacent pair). */
  private symbols = new Int32Array(64);
  private ranks = new Int32Array(64);
  private readonly cache = new Map<string, string>();

  private constructor(chars: readonly number[], mergePairs: Int32Array) {
    this.baseCount = 1 + chars.length;
    this.charIds = new Map(chars.map((c, i) => [c, i + 1]));
    const pieces = [UNKNOWN_PIECE, ...chars.map((c) => String.fromCodePoint(c))];
    this.mergePairs = mergePairs;
    let slots = 16;
    while (slots < mergePairs.length) slots *= 2;
    this.mergeTable = new Int32Array(3 * slots);
    this.mergeMask = slots - 1;
    for (let r = 0; r < mergePairs.length / 2; r++) {
      const a = mergePairs[2 * r];
      const b = mergePairs[2 * r + 1];
      const id = this.baseCount + r;
      if (a >= id || b >= id || a <= UNK_ID || b <= UNK_ID) throw new SitoError(`subword tokenizer: merge ${r} refers to piece ${a} or ${b}, which is not defined before it`);
      let slot = pairSlot(a, b, this.mergeMask);
      while (this.mergeTable[3 * slot] !== 0) slot = (slot + 1) & this.mergeMask;
      this.mergeTable[3 * slot] = a;
      this.mergeTable[3 * slot + 1] = b;
      this.mergeTable[3 * slot + 2] = id;
      pieces.push(pieces[a] + pieces[b]);
    }
    this.pieces = pieces;
  }

  /** Number of pieces, `<unk>` included. */
  get size(): number {
    return this.pieces.length;
  }

  /**
   * Learns merges from word counts (words are already normalised: no spaces inside). Pair
   * counts are kept up to date incrementally: a merge rewrites only the words that hold the pair
   * (found through a pair → words index) and the best pair comes from a heap whose stale entries
   * are re-queued when they surface, so training on half a million words takes about a second.
   */
  static train(wordCounts: Iterable<[string, number]>, options: SubwordTrainOptions): SubwordTokenizer {
    const minPair = Math.max(1, options.minPairCount ?? 2);
    if (!Number.isInteger(options.vocabSize) || options.vocabSize < 2 || options.vocabSize > MAX_PIECES) {
      throw new SitoError(`subword tokenizer: vocabulary size must be an integer from 2 to ${MAX_PIECES}, not ${options.vocabSize}`);
    }
    const words: string[] = [];
    const counts: number[] = [];
    const charSet = new Set<number>();
    for (const [word, count] of wordCounts) {
      if (word === '' || !(count > 0)) continue;
      words.push(word);
      counts.push(count);
      for (const ch of word) charSet.add(ch.codePointAt(0)!);
    }
    charSet.delete(WORD_START.codePointAt(0)!);
    const chars = [WORD_START.codePointAt(0)!, ...[...charSet].sort((x, y) => x - y)];
    const charIds = new Map(chars.map((c, i) => [c, i + 1]));
    const baseCount = 1 + chars.length;

    // Symbol sequences of all word types in one array: word w occupies [start[w], start[w] + len[w]).
    const start = new Int32Array(words.length + 1);
    for (let w = 0; w < words.length; w++) start[w + 1] = start[w] + 1 + [...words[w]].length;
    const symbols = new Int32Array(start[words.length]);
    const len = new Int32Array(words.length);
    for (let w = 0; w < words.length; w++) {
      let p = start[w];
      symbols[p++] = WORD_START_ID;
      for (const ch of words[w]) symbols[p++] = charIds.get(ch.codePointAt(0)!)!;
      len[w] = p - start[w];
    }

    const pairCount = new Map<number, number>();
    const pairWords = new Map<number, number[]>();
    const addPairs = (w: number, sign: number, onlyWithId: number): void => {
      const s = start[w];
      const c = counts[w] * sign;
      for (let i = s; i < s + len[w] - 1; i++) {
        const key = symbols[i] * PAIR_SHIFT + symbols[i + 1];
        const n = (pairCount.get(key) ?? 0) + c;
        if (n === 0) pairCount.delete(key);
        else pairCount.set(key, n);
        if (sign > 0 && (onlyWithId < 0 || symbols[i] === onlyWithId || symbols[i + 1] === onlyWithId)) {
          const list = pairWords.get(key);
          if (list) list.push(w);
          else pairWords.set(key, [w]);
        }
      }
    };
    for (let w = 0; w < words.length; w++) addPairs(w, 1, -1);

    const heap = new PairHeap();
    for (const [key, n] of pairCount) if (n >= minPair) heap.push(n, key);

    const mergePairs: number[] = [];
    const stamp = new Int32Array(words.length).fill(-1);
    const newPairs = new Set<number>();
    while (baseCount + mergePairs.length / 2 < options.vocabSize && heap.size > 0) {
      const { count, key } = heap.pop();
      const current = pairCount.get(key) ?? 0;
      if (current !== count) {
        // Counts of existing pairs only fall; re-queue with the true count.
        if (current >= minPair) heap.push(current, key);
        continue;
      }
      const a = Math.floor(key / PAIR_SHIFT);
      const b = key - a * PAIR_SHIFT;
      const id = baseCount + mergePairs.length / 2;
      mergePairs.push(a, b);
      const list = pairWords.get(key) ?? [];
      pairWords.delete(key);
      newPairs.clear();
      for (const w of list) {
        if (stamp[w] === id) continue;
        stamp[w] = id;
        const s = start[w];
        if (!containsPair(symbols, s, len[w], a, b)) continue;
        addPairs(w, -1, -1);
        len[w] = mergePairInPlace(symbols, s, len[w], a, b, id);
        addPairs(w, 1, id);
        for (let i = s; i < s + len[w] - 1; i++) {
          if (symbols[i] === id || symbols[i + 1] === id) newPairs.add(symbols[i] * PAIR_SHIFT + symbols[i + 1]);
        }
      }
      pairCount.delete(key);
      for (const k of newPairs) {
        const n = pairCount.get(k) ?? 0;
        if (n >= minPair) heap.push(n, k);
      }
    }
    return new SubwordTokenizer(chars, Int32Array.from(mergePairs));
  }

  /** Reads the form written by `toBytes`. */
  static fromBytes(bytes: Uint8Array): SubwordTokenizer {
    const r = new ByteReader(bytes);
    if (bytes.length < 8 || r.u32() !== MAGIC) throw new SitoError('not a sito subword tokenizer (bad magic)');
    const version = r.u32();
    if (version !== FORMAT_VERSION) throw new SitoError(`subword tokenizer format ${version} is not supported (this sito reads ${FORMAT_VERSION})`);
    const nChars = r.varint();
    const chars: number[] = [];
    let prev = -1;
    for (let i = 0; i < nChars; i++) {
      // The first character is always "▁"; the rest ascend (from -1), so gaps are stored.
      const c = i === 0 ? r.varint() : prev + r.varint();
      chars.push(c);
      if (i > 0) prev = c;
    }
    if (chars[0] !== WORD_START.codePointAt(0)) throw new SitoError('subword tokenizer: the first character must be the word-start marker');
    const nMerges = r.varint();
    const pairs = new Int32Array(2 * nMerges);
    for (let i = 0; i < pairs.length; i++) pairs[i] = r.varint();
    if (!r.atEnd()) throw new SitoError('subword tokenizer: trailing bytes after the merges');
    return new SubwordTokenizer(chars, pairs);
  }

  /**
   * Compact form: magic "SBPE", version, the characters (varint code-point gaps), and each merge
   * as two varint piece ids — about 3–4 bytes a piece, since piece texts are implied by the merges.
   */
  toBytes(): Uint8Array {
    const w = new ByteWriter();
    w.u32(MAGIC);
    w.u32(FORMAT_VERSION);
    w.varint(this.baseCount - 1);
    let prev = -1;
    for (let id = 1; id < this.baseCount; id++) {
      const c = this.pieces[id].codePointAt(0)!;
      w.varint(id === 1 ? c : c - prev);
      if (id > 1) prev = c;
    }
    w.varint(this.mergePairs.length / 2);
    for (const v of this.mergePairs) w.varint(v);
    return w.bytes();
  }

  /**
   * Piece ids of one word (no spaces inside), the first one starting with "▁". A word longer
   * than MAX_WORD_UNITS code units (a base64 blob, a run of symbols) is one `<unk>`: it is not
   * language, and merging it would cost time quadratic in its length.
   */
  encodeWordIds(word: string): number[] {
    if (word.length > MAX_WORD_UNITS) return [UNK_ID];
    const seq: number[] = [WORD_START_ID];
    for (const ch of word) {
      const id = this.charIds.get(ch.codePointAt(0)!) ?? UNK_ID;
      // A run of unseen characters is one <unk>; "▁" followed by an unseen character too.
      if (id === UNK_ID && (seq[seq.length - 1] === UNK_ID || (seq.length === 1 && seq[0] === WORD_START_ID))) {
        seq[seq.length - 1] = UNK_ID;
        continue;
      }
      seq.push(id);
    }
    // Apply the earliest-learnt merge among adjacent pairs, leftmost first, until none applies:
    // that reproduces the segmentation training gave to the same word. Each pair's rank (its
    // merged id) is looked up once, and after a merge only the two pairs beside it change.
    let n = seq.length;
    if (this.symbols.length < n) {
      this.symbols = new Int32Array(2 * n);
      this.ranks = new Int32Array(2 * n);
    }
    const arr = this.symbols;
    const ranks = this.ranks;
    for (let i = 0; i < n; i++) arr[i] = seq[i];
    for (let i = 0; i < n - 1; i++) ranks[i] = this.mergeOf(arr[i], arr[i + 1]);
    for (;;) {
      let best = NO_MERGE;
      let at = -1;
      for (let i = 0; i < n - 1; i++) {
        if (ranks[i] < best) {
          best = ranks[i];
          at = i;
        }
      }
      if (at < 0) break;
      arr[at] = best;
      for (let i = at + 1; i < n - 1; i++) {
        arr[i] = arr[i + 1];
        ranks[i] = ranks[i + 1];
      }
      n--;
      if (at < n - 1) ranks[at] = this.mergeOf(arr[at], arr[at + 1]);
      if (at > 0) ranks[at - 1] = this.mergeOf(arr[at - 1], arr[at]);
    }
    return Array.from(arr.subarray(0, n));
  }

  /** Id of the piece that merging (a, b) gives, or NO_MERGE. */
  private mergeOf(a: number, b: number): number {
    const table = this.mergeTable;
    let slot = pairSlot(a, b, this.mergeMask);
    for (;;) {
      const left = table[3 * slot];
      if (left === 0) return NO_MERGE;
      if (left === a && table[3 * slot + 1] === b) return table[3 * slot + 2];
      slot = (slot + 1) & this.mergeMask;
    }
  }

  /** The word's pieces joined by single spaces (cached: web text repeats its words). */
  encodeWord(word: string): string {
    let out = this.cache.get(word);
    if (out === undefined) {
      out = this.encodeWordIds(word).map((id) => this.pieces[id]).join(' ');
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(word, out);
    }
    return out;
  }

  /** A normalised line (words separated by single spaces) as a line of pieces. */
  encodeLine(line: string): string {
    if (line === '') return '';
    // Joining an array gives one flat string; repeated `+` would give a rope that the model's
    // hashing has to flatten again.
    const words = line.split(' ');
    const out: string[] = [];
    for (const word of words) if (word !== '') out.push(this.encodeWord(word));
    return out.join(' ');
  }
}

/** Word counts of normalised lines (words separated by spaces), for `SubwordTokenizer.train`. */
export function countWords(lines: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const word of line.split(' ')) if (word !== '') counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** Larger than any piece id: "no merge applies". */
const NO_MERGE = 0x7fffffff;

function pairSlot(a: number, b: number, mask: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0 & mask;
}

function containsPair(seq: Int32Array, s: number, n: number, a: number, b: number): boolean {
  for (let i = s; i < s + n - 1; i++) if (seq[i] === a && seq[i + 1] === b) return true;
  return false;
}

/** Replaces every (a, b) in seq[s, s+n), scanning left to right without overlap; returns the new length. */
function mergePairInPlace(seq: Int32Array, s: number, n: number, a: number, b: number, id: number): number {
  let out = s;
  const end = s + n;
  for (let i = s; i < end; i++) {
    if (i < end - 1 && seq[i] === a && seq[i + 1] === b) {
      seq[out++] = id;
      i++;
    } else seq[out++] = seq[i];
  }
  return out - s;
}

/** Max-heap of (count, pair key): larger count first, then the smaller key (left id, then right id). */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  private above(i: number, j: number): boolean {
    return this.counts[i] > this.counts[j] || (this.counts[i] === this.counts[j] && this.keys[i] < this.keys[j]);
  }

  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { count: number; key: number } {
    const top = { count: this.counts[0], key: this.keys[0] };
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.counts.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.counts.length && this.above(l, m)) m = l;
        if (r < this.counts.length && this.above(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

class ByteWriter {
  private buf = new Uint8Array(1024);
  private n = 0;

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  u32(v: number): void {
    this.room(4);
    new DataView(this.buf.buffer).setUint32(this.n, v, true);
    this.n += 4;
  }

  /** Unsigned LEB128. */
  varint(v: number): void {
    this.room(5);
    while (v >= 0x80) {
      this.buf[this.n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.n++] = v;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

class ByteReader {
  private p = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  u32(): number {
    if (this.p + 4 > this.buf.length) throw new SitoError('subword tokenizer: truncated data');
    const v = this.view.getUint32(this.p, true);
    this.p += 4;
    return v;
  }

  varint(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (this.p >= this.buf.length) throw new SitoError('subword tokenizer: truncated data');
      const b = this.buf[this.p++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
      if (shift > 28) throw new SitoError('subword tokenizer: malformed number');
    }
  }

  atEnd(): boolean {
    return this.p === this.buf.length;
  }
}
