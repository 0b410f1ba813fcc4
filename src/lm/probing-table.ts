/**
 * Open-addressing hash tables with linear probing, as in KenLM's `probing` model. A table is
 * one Int32Array of fixed-size entries — key low half, key high half (bit 0 set; 0 marks an
 * empty slot), then the values — so a lookup touches one cache line, not one per field. Values
 * that are floats are read through a Float32Array view of the same memory.
 *
 * The builders here are the growable form used while reading an ARPA file; the packed binary
 * stores the same entry layout (see binary-format.ts), which the query code probes directly.
 */
import { homeSlot } from './hash.js';

/** KenLM's default probing multiplier: capacity = 1.5 × entries keeps probe runs short. */
export const PROBING_MULTIPLIER = 1.5;

export function capacityFor(entries: number): number {
  return Math.max(4, Math.ceil(entries * PROBING_MULTIPLIER) + 1);
}

/** Slot holding the key, or -1. `hi` must already have bit 0 set. */
export function probe(table: Int32Array, stride: number, capacity: number, lo: number, hi: number): number {
  let slot = homeSlot(lo, capacity);
  for (;;) {
    const base = slot * stride;
    const storedHigh = table[base + 1]!;
    if (storedHigh === 0) return -1;
    if (storedHigh === hi && table[base] === lo) return slot;
    if (++slot === capacity) slot = 0;
  }
}

/** Slot of the key, or of the empty slot where it would go (encoded as -slot - 1). */
function slotFor(table: Int32Array, stride: number, capacity: number, lo: number, hi: number): number {
  let slot = homeSlot(lo, capacity);
  for (;;) {
    const base = slot * stride;
    const storedHigh = table[base + 1]!;
    if (storedHigh === 0) return -slot - 1;
    if (storedHigh === hi && table[base] === lo) return slot;
    if (++slot === capacity) slot = 0;
  }
}

/** Entry layout while building: [lo, hi, prob (f32 bits), backoff (f32 bits), 1 if extended]. */
export const BUILD_STRIDE = 5;

/** n-gram table being filled: key → (log10 prob, log10 backoff). */
export class NgramTableBuilder {
  capacity: number;
  size = 0;
  table: Int32Array;
  floats: Float32Array;

  constructor(expectedEntries: number) {
    this.capacity = capacityFor(expectedEntries);
    this.table = new Int32Array(BUILD_STRIDE * this.capacity);
    this.floats = new Float32Array(this.table.buffer);
  }

  find(lo: number, hi: number): number {
    return probe(this.table, BUILD_STRIDE, this.capacity, lo, hi);
  }

  prob(slot: number): number {
    return this.floats[slot * BUILD_STRIDE + 2]!;
  }

  backoff(slot: number): number {
    return this.floats[slot * BUILD_STRIDE + 3]!;
  }

  /** Marks the n-gram in `slot` as the context of some longer n-gram. */
  markExtended(slot: number): void {
    this.table[slot * BUILD_STRIDE + 4] = 1;
  }

  extended(slot: number): boolean {
    return this.table[slot * BUILD_STRIDE + 4] === 1;
  }

  used(slot: number): boolean {
    return this.table[slot * BUILD_STRIDE + 1] !== 0;
  }

  /** Inserts a new key; returns false (and changes nothing) when the key is already there. */
  insert(lo: number, hi: number, prob: number, backoff: number): boolean {
    if ((this.size + 1) * PROBING_MULTIPLIER >= this.capacity) this.grow();
    const found = slotFor(this.table, BUILD_STRIDE, this.capacity, lo, hi);
    if (found >= 0) return false;
    const base = (-found - 1) * BUILD_STRIDE;
    this.table[base] = lo;
    this.table[base + 1] = hi;
    this.floats[base + 2] = prob;
    this.floats[base + 3] = backoff;
    this.size++;
    return true;
  }

  private grow(): void {
    const old = this.table;
    const oldCapacity = this.capacity;
    this.capacity = capacityFor(2 * this.size + 1);
    this.table = new Int32Array(BUILD_STRIDE * this.capacity);
    this.floats = new Float32Array(this.table.buffer);
    for (let s = 0; s < oldCapacity; s++) {
      const from = s * BUILD_STRIDE;
      if (old[from + 1] === 0) continue;
      const to = (-slotFor(this.table, BUILD_STRIDE, this.capacity, old[from]!, old[from + 1]!) - 1) * BUILD_STRIDE;
      this.table.set(old.subarray(from, from + BUILD_STRIDE), to);
    }
  }
}

/** Vocabulary entry layout: [lo, hi, word id]. */
export const VOCAB_STRIDE = 3;

/** Vocabulary being filled: string key → word id, plus the words' UTF-8 bytes in id order. */
export class VocabBuilder {
  capacity: number;
  size = 0;
  table: Int32Array;
  /** UTF-8 bytes of word i are text[offsets[i] .. offsets[i+1]). */
  text: Uint8Array;
  textLength = 0;
  offsets: Uint32Array;
  private readonly encoder = new TextEncoder();

  constructor(expectedWords: number) {
    this.capacity = capacityFor(expectedWords);
    this.table = new Int32Array(VOCAB_STRIDE * this.capacity);
    this.text = new Uint8Array(Math.max(1024, expectedWords * 12));
    this.offsets = new Uint32Array(expectedWords + 2);
  }

  find(lo: number, hi: number): number {
    const slot = probe(this.table, VOCAB_STRIDE, this.capacity, lo, hi);
    return slot < 0 ? -1 : this.table[slot * VOCAB_STRIDE + 2]!;
  }

  /** Adds a word with the next id; returns -1 if the key is already present. */
  add(lo: number, hi: number, word: string): number {
    if ((this.size + 1) * PROBING_MULTIPLIER >= this.capacity) this.grow();
    const found = slotFor(this.table, VOCAB_STRIDE, this.capacity, lo, hi);
    if (found >= 0) return -1;
    const base = (-found - 1) * VOCAB_STRIDE;
    const id = this.size++;
    this.table[base] = lo;
    this.table[base + 1] = hi;
    this.table[base + 2] = id;
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
    const old = this.table;
    const oldCapacity = this.capacity;
    this.capacity = capacityFor(2 * this.size + 1);
    this.table = new Int32Array(VOCAB_STRIDE * this.capacity);
    for (let s = 0; s < oldCapacity; s++) {
      const from = s * VOCAB_STRIDE;
      if (old[from + 1] === 0) continue;
      const to = (-slotFor(this.table, VOCAB_STRIDE, this.capacity, old[from]!, old[from + 1]!) - 1) * VOCAB_STRIDE;
      this.table.set(old.subarray(from, from + VOCAB_STRIDE), to);
    }
  }
}
