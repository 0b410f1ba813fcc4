/**
 * The training vocabulary: word ↔ id, with lmplz's fixed ids `<unk>`=0, `<s>`=1, `</s>`=2 and
 * every other word numbered in order of first appearance. Those ids decide the order of lines in
 * the ARPA file. Words are kept as latin1 strings, one char per byte, so arbitrary bytes (even
 * invalid UTF-8) survive unchanged from the text to the model, exactly as in KenLM.
 */
export const UNK = 0;
export const BOS = 1;
export const EOS = 2;

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** Word bytes by id, as latin1 strings. */
  readonly words: string[] = [];

  constructor() {
    for (const w of ['<unk>', '<s>', '</s>']) this.add(w);
  }

  private add(word: string): number {
    const id = this.words.length;
    this.ids.set(word, id);
    this.words.push(word);
    return id;
  }

  /** Id of a token given as latin1 bytes, adding it if new. */
  idOf(word: string): number {
    const id = this.ids.get(word);
    return id === undefined ? this.add(word) : id;
  }

  get size(): number {
    return this.words.length;
  }
}
