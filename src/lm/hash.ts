/**
 * 64-bit hashes for the probing tables, kept as two int32 halves because JavaScript has no
 * cheap 64-bit integers. The builder (ARPA reader) and the query loop call these same small
 * functions, which V8 inlines, so a key computed at build time is bit-for-bit the key
 * computed at query time.
 *
 * Keys are never verified against the words themselves (KenLM's probing model does the same):
 * with 63 useful bits, a false match among a few million n-grams has odds around 1e-7.
 */

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

// ---- strings (vocabulary lookup), hashed over UTF-16 code units straight from the line ----

export const STRING_SEED_A = 0x2f0b3a49 | 0;
export const STRING_SEED_B = 0x811c9dc5 | 0;

/** Lane A: one murmur3 step per code unit. */
export function stringStepA(h: number, c: number): number {
  let k = Math.imul(c, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Lane B: FNV-1a on the code unit, a different algorithm so the lanes fail independently. */
export function stringStepB(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

export function stringFinishA(a: number, b: number, length: number): number {
  return fmix32(a ^ length ^ Math.imul(b, 0x9e3779b1));
}

/** The stored high half always has bit 0 set, so 0 can mark an empty slot. */
export function stringFinishB(a: number, b: number, length: number): number {
  return fmix32(b + Math.imul(length, 0x27d4eb2f) ^ a) | 1;
}

/** Both halves of a string's key, for code that is not on the hot path. */
export function hashString(s: string, start = 0, end = s.length): [number, number] {
  let a = STRING_SEED_A;
  let b = STRING_SEED_B;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    a = stringStepA(a, c);
    b = stringStepB(b, c);
  }
  return [stringFinishA(a, b, end - start), stringFinishB(a, b, end - start)];
}

// ---- n-grams of word ids: the key of (w1 … wn) starts from wn and folds in w(n-1) … w1 ----
// Building keys from the newest word backwards is what lets the query extend a match by one
// context word with one combine step, exactly like KenLM's probing model.

export function ngramStartLo(id: number): number {
  return id | 0;
}

export function ngramStartHi(id: number): number {
  return (id ^ 0x5bd1e995) | 0;
}

export function combineLo(lo: number, hi: number, id: number): number {
  return fmix32(((lo ^ Math.imul((id + 0x9e3779b9) | 0, 0x85ebca6b)) + ((hi << 5) | (hi >>> 27))) | 0);
}

export function combineHi(lo: number, hi: number, id: number): number {
  return fmix32(((hi + Math.imul(id ^ 0x7feb352d, 0xc2b2ae35)) | 0) ^ ((lo << 17) | (lo >>> 15)));
}

/** What a table stores as the high half (bit 0 set: 0 marks an empty slot). */
export function storedHi(hi: number): number {
  return hi | 1;
}

/** Slot where probing for a key starts: the top bits of `lo` scaled to the capacity. */
export function homeSlot(lo: number, capacity: number): number {
  return Math.floor((lo >>> 0) * capacity / 4294967296);
}
