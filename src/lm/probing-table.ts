/**
 * Open-addressing hash tables with linear probing, as in KenLM's `probing` model. A table is
 * nothing but typed arrays: keys as pairs of int32 (low, high|1), and parallel value arrays.
 * These classes are the growable form used while reading an ARPA file; the packed binary
 * stores the very same arrays, and the query code probes them with `probe()` below.
 */
import { homeSlot } from './hash.js';

/** KenLM's default probing multiplier: capacity = 1.5 × entries keeps probe runs short. */
export const PROBING_MULTIPLIER = 1.5;

export function capacityFor(entries: number): number {
  return Math.max(4, Math.ceil(entries * PROBING_MULTIPLIER) + 1);
}

/** Slot holding the key, or -1. `keys` has 2 int32 per slot; `hi` must already have bit 0 set. */
export function probe(keys: Int32Array, capacity: number, lo: number, hi: number): number {
  let slot = homeSlot(lo, capacity);
  for (;;) {
    const storedHigh = keys[2 * slot + 1]!;
    if (storedHigh === 0) return -1;
    if (storedHigh === hi && keys[2 * slot] === lo) return slot;
    if (++slot === capacity) slot = 0;
  }
}

/** Slot of the key, or of the empty slot where it would go (encoded as -slot - 1). */
function slotFor(keys: Int32Array, capacity: number, lo: number, hi: number): number {
  let slot = homeSlot(lo, capacity);
  for (;;) {
    const storedHigh = keys[2 * slot + 1]!;
    if (storedHigh === 0) return -slot - 1;
    if (storedHigh === hi && keys[2 * slot] === lo) return slot;
    if (++slot === capacity) slot = 0;
  }
}

/** n-gram table being filled: key → (log10 prob, log10 backoff). */
export class NgramTableBuilder {
  capacity: number;
  size = 0;
  keys: Int32Array;
  prob: Float32Array;
  backoff: Float32Array;

  constructor(expectedEntries: number) {
    this.capacity = capacityFor(expectedEntries);
    this.keys = new Int32Array(2 * this.capacity);
    this.prob = new Float32Array(this.capacity);
    this.backoff = new Float32Array(this.capacity);
  }

  find(lo: number, hi: number): number {
    return probe(this.keys, this.capacity, lo, hi);
  }

  /** Inserts a new key; returns false (and changes nothing) when the key is already there. */
  insert(lo: number, hi: number, prob: number, backoff: number): boolean {
    if ((this.size + 1) * PROBING_MULTIPLIER >= this.capacity) this.grow();
    const found = slotFor(this.keys, this.capacity, lo, hi);
    if (found >= 0) return false;
    const slot = -found - 1;
    this.keys[2 * slot] = lo;
    this.keys[2 * slot + 1] = hi;
    this.prob[slot] = prob;
    this.backoff[slot] = backoff;
    this.size++;
    return true;
  }

  private grow(): void {
    const { keys, prob, backoff, capacity } = this;
    this.capacity = capacityFor(2 * this.size + 1);
    this.keys = new Int32Array(2 * this.capacity);
    this.prob = new Float32Array(this.capacity);
    this.backoff = new Float32Array(this.capacity);
    for (let s = 0; s < capacity; s++) {
      const hi = keys[2 * s + 1]!;
      if (hi === 0) continue;
      const slot = -slotFor(this.keys, this.capacity, keys[2 * s]!, hi) - 1;
      this.keys[2 * slot] = keys[2 * s]!;
      this.keys[2 * slot + 1] = hi;
      this.prob[slot] = prob[s]!;
      this.backoff[slot] = backoff[s]!;
    }
  }
}

/** Vocabulary being filled: string key → word id, plus the words' UTF-8 bytes in id order. */
export class VocabBuilder {
  capacity: number;
  size = 0;
  keys: Int32Array;
  ids: Int32Array;
  /** UTF-8 bytes of word i are text[offsets[i] .. offsets[i+1]). */
  text: Uint8Array;
  textLength = 0;
  offsets: Uint32Array;
  private readonly encoder = new TextEncoder();

  constructor(expectedWords: number) {
    this.capacity = capacityFor(expectedWords);
    this.keys = new Int32Array(2 * this.capacity);
    this.ids = new Int32Array(this.capacity);
    this.text = new Uint8Array(Math.max(1024, expectedWords * 12));
    this.offsets = new Uint32Array(expectedWords + 2);
  }

  find(lo: number, hi: number): number {
    const slot = probe(this.keys, this.capacity, lo, hi);
    return slot < 0 ? -1 : this.ids[slot]!;
  }

  /** Adds a word with the next id; returns -1 if the key is already present. */
  add(lo: number, hi: number, word: string): number {
    if ((this.size + 1) * PROBING_MULTIPLIER >= this.capacity) this.grow();
    const found = slotFor(this.keys, this.capacity, lo, hi);
    if (found >= 0) return -1;
    const slot = -found - 1;
    const id = this.size++;
    this.keys[2 * slot] = lo;
    this.keys[2 * slot + 1] = hi;
    this.ids[slot] = id;
    this.appendText(id, word);
    return id;
  }

  private appendText(id: number, word: string): void {
    if (this.offsets.length < id + 2) {
      const bigger = new Uint32Array(2 * this.offsets.length + 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    const start = this.offsets[id]!;
    while (start + 3 * word.length > this.text.length) {
      const bigger = new Uint8Array(2 * this.text.length);
      bigger.set(this.text.subarray(0, start));
      this.text = bigger;
    }
    const { written } = this.encoder.encodeInto(word, this.text.subarray(start));
    this.offsets[id + 1] = start + written;
    this.textLength = start + written;
  }

  private grow(): void {
    const { keys, ids, capacity } = this;
    this.capacity = capacityFor(2 * this.size + 1);
    this.keys = new Int32Array(2 * this.capacity);
    this.ids = new Int32Array(this.capacity);
    for (let s = 0; s < capacity; s++) {
      const hi = keys[2 * s + 1]!;
      if (hi === 0) continue;
      const slot = -slotFor(this.keys, this.capacity, keys[2 * s]!, hi) - 1;
      this.keys[2 * slot] = keys[2 * s]!;
      this.keys[2 * slot + 1] = hi;
      this.ids[slot] = ids[s]!;
    }
  }
}
