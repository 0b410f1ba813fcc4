/**
 * Paragraph features for the MT scorer: hashed word and character n-grams (the fastText-style
 * part: it learns how MT output reads in this language) and a few dense "habit" features that
 * are about MT in general rather than one system (looping, untranslated English, spacing).
 * Everything is cheap: one pass over the paragraph, FNV hashing, no allocation per token or
 * n-gram (`FeatureExtractor.run` reads tokens as ranges of the lower-cased text; `tokenize`, which
 * builds the token strings, is the definition it is tested against and what training uses).
 */

export interface FeatureConfig {
  /** Number of hash buckets, a power of two. */
  buckets: number;
  /** 1 = word unigrams, 2 = unigrams and bigrams. */
  wordNgrams: number;
  /** Character n-gram lengths inside `<word>` (fastText's subwords); [0, 0] = none. */
  charMin: number;
  charMax: number;
  /** Only hash words not in this list (the topic-floor classifier: content words only). */
  contentWordsOnly?: boolean;
}

/** Names of the dense features, in weight order. */
export const DENSE_FEATURES = [
  'repeat_token', // share of words that repeat one of the 3 before it: looping NMT
  'repeat_trigram', // share of word trigrams seen earlier in the paragraph
  'char_run', // longest run of one letter beyond 2, log-scaled ("Geeeeee")
  'english_words', // share of words that are English function words: untranslated source
  'space_before_punct', // " ." and " ," per word: rule-based MT and careless pipelines
  'unknown_words', // share of words never seen in the language's human text: untranslated source words of any language
  'unseen_bigrams', // share of adjacent known-word pairs never seen in human text: MT's odd word order and choices
] as const;

/** Which dense features make up each piece of evidence named in `mt_evidence`. */
export const EVIDENCE_GROUPS: Record<string, readonly number[]> = {
  looping: [0, 1, 2],
  'untranslated-english': [3],
  spacing: [4],
  'unknown-words': [5],
  'unusual-word-pairs': [6],
};

/**
 * English function words. MT into any language leaks untranslated English (the source of almost
 * all web MT); human translators rarely leave whole function words behind.
 */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  ('the of and to in is that for it with as was on be by this are or from at which an not have ' +
    'has but can will if you your they their there been were would should could these those its ' +
    'when where what who how than then also into only other such any all more most some may must ' +
    'does do did is are being because while about between after before over under through')
    .split(' '),
);

export interface ParagraphFeatures {
  /** Hashed bucket indices (may repeat: repeated n-grams count more). */
  hashed: Uint32Array;
  /** Number of valid entries in `hashed`. */
  nHashed: number;
  dense: Float64Array;
  /** Word tokens (letters or digits), for weighting paragraphs within a document. */
  nWords: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(s: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Lower-cased, digits folded to 0 so numbers do not become topic features. */
export function normalizeForFeatures(text: string): string {
  return text.toLowerCase().replace(/\d/g, '0');
}

// Character classes, filled lazily: 0 unknown, 1 letter, 2 digit, 3 space, 4 other.
const CHAR_CLASS = new Uint8Array(65536);
function charClass(c: number): number {
  let k = CHAR_CLASS[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = /\p{L}/u.test(ch) ? 1 : /\p{N}/u.test(ch) ? 2 : /\s/u.test(ch) ? 3 : 4;
    CHAR_CLASS[c] = k;
  }
  return k;
}

/**
 * Tokens of the normalised text: runs of letters, runs of digits, and every other non-space
 * character on its own (the same as matching /\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/u, but a table scan:
 * this is the scorer's hottest loop).
 */
export function tokenize(text: string): string[] {
  const s = normalizeForFeatures(text);
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const k = charClass(s.charCodeAt(i));
    if (k === 3) { i++; continue; }
    if (k === 4) { out.push(s[i]!); i++; continue; }
    let j = i + 1;
    while (j < n && charClass(s.charCodeAt(j)) === k) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

/** A reusable extractor: holds its buffers so scoring allocates little per paragraph. */
/**
 * A set of words (or word pairs) as a hashed bitset: one hash, ~3 % false positives at 60k words
 * in 2^21 bits. Keys are numbers from `wordKey`/`pairKey`, so scoring never builds strings.
 */
export class WordBitset {
  constructor(readonly bits: Uint8Array) {}
  static withBits(nBits: number): WordBitset { return new WordBitset(new Uint8Array(nBits >> 3)); }
  addKey(key: number): void { const i = key & (this.bits.length * 8 - 1); this.bits[i >> 3]! |= 1 << (i & 7); }
  hasKey(key: number): boolean { const i = key & (this.bits.length * 8 - 1); return (this.bits[i >> 3]! & (1 << (i & 7))) !== 0; }
}

/** Bitset key of a (normalised) word: derived from the token hash the n-gram features use. */
export function wordKey(word: string): number { return mix(hashString(word, 1), 0x5eed); }
export function pairKey(first: number, second: number): number { return mix(first ^ 0x27d4eb2d, second); }

/** True for a token that is letters only (tokens are runs of letters, runs of digits, or one symbol). */
export function isLetterToken(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return /^\p{L}/u.test(t);
}

/**
 * An exact set of uint32 keys for one paragraph, reset in O(1) by a generation stamp: a JS
 * Set<number> boxes keys above 2^30 and allocates on every paragraph of the hot loop.
 */
class KeySet {
  private keys = new Uint32Array(1024);
  private stamps = new Uint32Array(1024);
  private generation = 0;

  /** Empties the set, sized for up to `n` keys. */
  reset(n: number): void {
    if (n * 2 > this.keys.length) {
      let size = this.keys.length;
      while (size < n * 2) size *= 2;
      this.keys = new Uint32Array(size);
      this.stamps = new Uint32Array(size);
      this.generation = 0;
    }
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  /** Adds `key`; false when it was already there. */
  add(key: number): boolean {
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (this.stamps[i] === this.generation) {
      if (this.keys[i] === key) return false;
      i = (i + 1) & mask;
    }
    this.stamps[i] = this.generation;
    this.keys[i] = key;
    return true;
  }
}

/** FNV hash (seed 1, the token hash) of each English function word, in a probing table. */
const ENGLISH_WORD_LIST = [...ENGLISH_FUNCTION_WORDS];
const ENGLISH_SLOTS = 512; // a power of two, several times the word count: probes are short
const ENGLISH_TABLE = (() => {
  const table = new Int32Array(ENGLISH_SLOTS).fill(-1);
  ENGLISH_WORD_LIST.forEach((w, index) => {
    let i = hashString(w, 1) & (ENGLISH_SLOTS - 1);
    while (table[i] !== -1) i = (i + 1) & (ENGLISH_SLOTS - 1);
    table[i] = index;
  });
  return table;
})();
const ENGLISH_HASHES = Uint32Array.from(ENGLISH_WORD_LIST, (w) => hashString(w, 1));

/** `s.charCodeAt(i)` as `normalizeForFeatures` leaves it: ASCII digits (its /\d/) folded to '0'. */
function foldedCode(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57 ? 48 : c;
}

export class FeatureExtractor {
  private buf = new Uint32Array(4096);
  private readonly trigramSet = new KeySet();
  /** Dense features of the last `run` (reused: the hot path allocates nothing per paragraph). */
  readonly dense = new Float64Array(DENSE_FEATURES.length);
  /** Word tokens of the last `run`. */
  nWords = 0;
  constructor(
    readonly config: FeatureConfig,
    readonly stopwords: ReadonlySet<string> = new Set(),
    /** Words of the language's human text; null = no unknown-word feature. */
    readonly vocabulary: WordBitset | null = null,
    /** Adjacent word pairs of the language's human text ("w1 w2"); null = no pair feature. */
    readonly bigrams: WordBitset | null = null,
  ) {}

  extract(text: string): ParagraphFeatures {
    const n = this.run(text);
    return { hashed: this.buf.subarray(0, n), nHashed: n, dense: Float64Array.from(this.dense), nWords: this.nWords };
  }

  /** Bucket indices of the last `run` (valid up to the count it returned). */
  get hashedBuffer(): Uint32Array { return this.buf; }

  private grow(need: number): void {
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const bigger = new Uint32Array(size);
    bigger.set(this.buf);
    this.buf = bigger;
  }

  /**
   * Extracts one paragraph into the reused buffers (`hashedBuffer`, `dense`, `nWords`) and
   * returns the number of bucket indices. The same values as tokenising into strings and
   * hashing those, computed straight from the character codes: the tokens are only ranges of
   * the lower-cased text, with ASCII digits read as '0' (what `normalizeForFeatures` writes).
   */
  run(text: string): number {
    const { buckets, wordNgrams, charMin, charMax, contentWordsOnly } = this.config;
    const mask = buckets - 1;
    const s = text.toLowerCase();
    const len = s.length;
    const vocabulary = this.vocabulary;
    const bigrams = this.bigrams;
    let n = 0;
    let prev = -1;
    let prev2 = -1;
    let nWords = 0;
    let repeatToken = 0;
    let english = 0;
    let letterWords = 0;
    let unknown = 0;
    let prevKnown = -1; // bitset key of the previous word when it was a known word, else -1
    let pairs = 0;
    let unseenPairs = 0;
    const seenTrigrams = this.trigramSet;
    // There are at most as many tokens as characters (the set is exact whatever its size).
    seenTrigrams.reset(len);
    let trigrams = 0;
    let repeatTrigrams = 0;
    // The three tokens before this one (start, length, hash), newest first, for repeat_token.
    let s1 = 0, l1 = 0, h1 = 0, s2 = 0, l2 = 0, h2 = 0, s3 = 0, l3 = 0, h3 = 0;
    let nTokens = 0;
    let i = 0;
    while (i < len) {
      let c = s.charCodeAt(i);
      let k = CHAR_CLASS[c]!;
      if (k === 0) k = charClass(c);
      if (k === 3) { i++; continue; }
      const start = i;
      let hh = (FNV_OFFSET ^ 1) >>> 0;
      if (k === 4) {
        hh = Math.imul(hh ^ c, FNV_PRIME);
        i++;
      } else {
        // Letter runs hold no ASCII digit; only digit runs need the fold to '0'.
        const fold = k === 2;
        for (;;) {
          if (fold && c >= 48 && c <= 57) c = 48;
          hh = Math.imul(hh ^ c, FNV_PRIME);
          if (++i >= len) break;
          c = s.charCodeAt(i);
          let kc = CHAR_CLASS[c]!;
          if (kc === 0) kc = charClass(c);
          if (kc !== k) break;
        }
      }
      const tLen = i - start;
      const h = hh >>> 0;
      // Tokens are letter runs, digit runs or single symbols: longer than one character means a word.
      const isWord = k <= 2;
      if (n + 2 + (tLen + 2) * charMax > this.buf.length) this.grow(n + 2 + (tLen + 2) * charMax);
      const buf = this.buf;
      if (isWord) {
        nWords++;
        if (vocabulary && tLen > 1 && k === 1) {
          letterWords++;
          const key = mix(h, 0x5eed);
          const known = vocabulary.hasKey(key);
          if (!known) unknown++;
          else if (bigrams && prevKnown !== -1) {
            pairs++;
            if (!bigrams.hasKey(pairKey(prevKnown, key))) unseenPairs++;
          }
          prevKnown = known ? key : -1;
        } else prevKnown = -1;
        if (k === 1 && tLen <= 7 && isEnglishFunctionWord(s, start, tLen, h)) english++;
        if (nTokens >= 1 && l1 === tLen && h1 === h && sameToken(s, s1, start, tLen)) repeatToken++;
        else if (nTokens >= 2 && l2 === tLen && h2 === h && sameToken(s, s2, start, tLen)) repeatToken++;
        else if (nTokens >= 3 && l3 === tLen && h3 === h && sameToken(s, s3, start, tLen)) repeatToken++;
      }
      if (nTokens >= 2) {
        trigrams++;
        const key = mix(mix(prev2, prev), h);
        if (!seenTrigrams.add(key)) repeatTrigrams++;
      }
      if (contentWordsOnly) {
        // Letter runs hold no ASCII digit, so the slice is the normalised token.
        if (k === 1 && !this.stopwords.has(s.slice(start, i))) buf[n++] = h & mask;
      } else {
        buf[n++] = h & mask;
        if (wordNgrams >= 2 && prev >= 0) buf[n++] = mix(prev, h) & mask;
        if (isWord && charMax > 0) {
          // fastText subwords of `<token>`: position 0 is '<', tLen + 1 is '>'.
          const wLen = tLen + 2;
          for (let p = 0; p < wLen; p++) {
            let ch = (FNV_OFFSET ^ 7) >>> 0;
            for (let gl = 1; gl <= charMax && p + gl <= wLen; gl++) {
              const at = p + gl - 1;
              const cc = at === 0 ? 60 : at === wLen - 1 ? 62 : foldedCode(s, start + at - 1);
              ch ^= cc;
              ch = Math.imul(ch, FNV_PRIME);
              if (gl >= charMin && gl < wLen) buf[n++] = mix(ch >>> 0, gl) & mask;
            }
          }
        }
      }
      s3 = s2; l3 = l2; h3 = h2;
      s2 = s1; l2 = l1; h2 = h1;
      s1 = start; l1 = tLen; h1 = h;
      nTokens++;
      prev2 = prev;
      prev = h;
    }
    // Spacing habits are read from the raw text: tokenisation hides them.
    // (A regex: irregexp scans for the rare match several times faster than a charCodeAt loop.)
    const sp = text.match(/\s[.,;:!?](?=\s|$)/g);
    const spaceBeforePunct = sp ? sp.length : 0;
    const run = longestLetterRun(text);
    const words = Math.max(1, nWords);
    const dense = this.dense;
    dense[0] = repeatToken / words;
    dense[1] = trigrams ? repeatTrigrams / trigrams : 0;
    dense[2] = run > 2 ? Math.log2(run - 1) / 4 : 0;
    dense[3] = english / words;
    dense[4] = Math.min(1, (4 * spaceBeforePunct) / words);
    dense[5] = letterWords ? unknown / letterWords : 0;
    dense[6] = pairs ? unseenPairs / pairs : 0;
    this.nWords = nWords;
    return n;
  }
}

/** Whether two token ranges of the lower-cased text read the same once digits are folded. */
function sameToken(s: string, a: number, b: number, length: number): boolean {
  for (let j = 0; j < length; j++) if (foldedCode(s, a + j) !== foldedCode(s, b + j)) return false;
  return true;
}

/** Whether the letter token `s[start, start + length)` with hash `h` is an English function word. */
function isEnglishFunctionWord(s: string, start: number, length: number, h: number): boolean {
  let i = h & (ENGLISH_SLOTS - 1);
  for (;;) {
    const index = ENGLISH_TABLE[i]!;
    if (index === -1) return false;
    if (ENGLISH_HASHES[index] === h) {
      const w = ENGLISH_WORD_LIST[index]!;
      if (w.length === length && s.startsWith(w, start)) return true;
    }
    i = (i + 1) & (ENGLISH_SLOTS - 1);
  }
}

function longestLetterRun(text: string): number {
  let best = 1;
  let run = 1;
  let prev = text.charCodeAt(0);
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === prev && c > 64) {
      run++;
      if (run > best) best = run;
    } else run = 1;
    prev = c;
  }
  return best;
}

/** Paragraphs of a document: non-empty lines, or blank-line-separated blocks if lines are wrapped. */
export function splitParagraphs(text: string): string[] {
  return text.split(/\n+/).map((p) => p.trim()).filter((p) => p.length > 0);
}
