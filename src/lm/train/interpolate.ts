/**
 * Stage 4, like KenLM's lm/builder/interpolate.cc: interpolate each order with the one below,
 *
 *   p(w)     = u(w) + gamma(ε) / |V|
 *   p(w | c) = u(w | c) + gamma(c) · p(w | c[1:])
 *
 * and attach backoffs: the backoff of g is the gamma computed for g as a context one order up
 * (0 in log10 when g has no extension). Orders are processed one after another, each in suffix
 * order, so p(w | c[1:]) is found by walking the previous order's stream in step.
 * Everything is float32 in KenLM's operation order; log10 is glibc's log10f (see log10f.ts).
 */
import { log10f } from './log10f.js';
import { bitsToFloat, compareSuffix, floatToBits, type RecordSource } from './records.js';
import type { RecordStore } from './record-store.js';
import type { UnigramInitial } from './initial-probabilities.js';
import { BOS } from './vocabulary.js';

const f = Math.fround;

/**
 * Where the finished n-grams go (the ARPA writer): words, log10 prob, log10 backoff, and whether
 * the line has a backoff column (every order but the highest).
 */
export interface GramSink {
  gram(order: number, words: Uint32Array, off: number, prob: number, backoff: number, hasBackoff: boolean): void;
}

/** A cursor over a suffix-ordered stream of `[w_1 … w_k, value bits]` records. */
class SuffixCursor {
  private has: boolean;
  /** The value found by the last successful `seek` (a field, so no number is boxed per call). */
  value = 0;

  constructor(
    private readonly src: RecordSource,
    private readonly k: number,
  ) {
    this.has = src.next();
  }

  /** Finds key `buf[off .. off+k)` (keys must come in suffix order); its value goes to `value`. */
  seek(buf: Uint32Array, off: number): boolean {
    const src = this.src;
    while (this.has) {
      const d = compareSuffix(this.k, src.buf, src.off, buf, off);
      if (d === 0) {
        this.value = bitsToFloat(src.buf[src.off + this.k]);
        return true;
      }
      if (d > 0) return false;
      this.has = src.next();
    }
    return false;
  }

  close(): void {
    this.src.close();
  }
}

/**
 * Unigrams. `written` marks the unigrams that are kept; `gammas` holds the bigram-context
 * gammas (undefined for a unigram model). Returns p(w) by id for the next order.
 */
export function interpolateUnigrams(
  initial: UnigramInitial,
  written: Uint8Array,
  writtenCount: number,
  gammas: RecordSource | undefined,
  isTop: boolean,
  sink: GramSink,
): Float32Array {
  const vocabSize = Math.max(0, writtenCount - 1); // <s> is not predicted
  const uniform = f(1 / vocabSize);
  const { u, gamma } = initial;
  const probs = new Float32Array(u.length);
  const cursor = gammas ? new SuffixCursor(gammas, 1) : undefined;
  const word = new Uint32Array(1);
  for (let w = 0; w < u.length; w++) {
    if (!written[w]) continue;
    const weight = w === BOS ? 0 : gamma;
    const p = f(u[w] + f(weight * uniform));
    probs[w] = p;
    word[0] = w;
    // No extension (or the top order): backoff 0.
    const backoff = !isTop && cursor !== undefined && cursor.seek(word, 0) ? log10f(cursor.value) : 0;
    sink.gram(1, word, 0, Math.min(0, log10f(p)), backoff, !isTop);
  }
  cursor?.close();
  return probs;
}

/**
 * Order n ≥ 2: `members` holds `[w_1 … w_n, u bits, gamma(c) bits]` in suffix order; `lower` the
 * previous order's `[w_1 … w_{n-1}, p bits]` (or, for bigrams, the unigram probabilities);
 * `gammas` this order's contexts for the backoffs (absent at the top order). Fills `store` with
 * this order's probabilities for the next order.
 */
export function interpolateOrder(
  n: number,
  members: RecordSource,
  lower: RecordSource | Float32Array,
  gammas: RecordSource | undefined,
  store: RecordStore | undefined,
  sink: GramSink,
): void {
  const lowerCursor = lower instanceof Float32Array ? undefined : new SuffixCursor(lower, n - 1);
  const unigramProbs = lower instanceof Float32Array ? lower : undefined;
  const gammaCursor = gammas ? new SuffixCursor(gammas, n) : undefined;
  while (members.next()) {
    const buf = members.buf;
    const off = members.off;
    let pLower: number;
    if (unigramProbs) pLower = unigramProbs[buf[off + 1]];
    else if (lowerCursor!.seek(buf, off + 1)) pLower = lowerCursor!.value;
    else throw new Error(`internal: suffix of a ${n}-gram missing from order ${n - 1}`);
    const u = bitsToFloat(buf[off + n]);
    const gamma = bitsToFloat(buf[off + n + 1]);
    const p = f(u + f(gamma * pLower));
    const backoff = gammaCursor !== undefined && gammaCursor.seek(buf, off) ? log10f(gammaCursor.value) : 0;
    sink.gram(n, buf, off, Math.min(0, log10f(p)), backoff, gammaCursor !== undefined);
    if (store) {
      const at = store.reserve();
      const sbuf = store.buf;
      for (let k = 0; k < n; k++) sbuf[at + k] = buf[off + k];
      sbuf[at + n] = floatToBits(p);
    }
  }
  members.close();
  lowerCursor?.close();
  gammaCursor?.close();
}
