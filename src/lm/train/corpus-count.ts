/**
 * Stage 1, like KenLM's lm/builder/corpus_count.cc: tokenise the text exactly as lmplz does and
 * count every `<s>`-padded N-gram. Output: the distinct N-grams with their counts, sorted in
 * suffix order, as records `[w_1 … w_N, count]`.
 *
 * Tokenisation: one line is one sentence; tokens are maximal runs of bytes other than
 * `\0 \t \n \r space` (so `\v`, NBSP and other spaces belong to words). An empty line is still a
 * sentence (`<s> </s>`). A last line without `\n` adds its words but no `</s>`.
 */
import { SitoError } from '../../errors.js';
import { ExternalSorter } from './external-sort.js';
import type { MemoryBudget } from './memory.js';
import { suffixOrder, type RecordSource } from './records.js';
import type { TempFiles } from './temp-files.js';
import { BOS, EOS, Vocabulary } from './vocabulary.js';

export interface CountOptions {
  order: number;
  /** Treat literal `<s>`, `</s>` and `<unk>` as whitespace instead of failing. */
  skipSymbols: boolean;
  /** Rewrites each line (UTF-8 text, without its `\n`) before tokenising. */
  normalizeLine?: (line: string) => string;
  budget: MemoryBudget;
  temp: TempFiles;
  /** Name of the input for error messages. */
  fileName: string;
  /** Called with the number of input bytes consumed so far. */
  onProgress?: (bytes: number) => void;
}

export interface CountResult {
  vocab: Vocabulary;
  /** Word tokens read, `</s>` not included (lmplz's "Unigram tokens"). */
  tokens: number;
  /** Lines (sentences) read. */
  lines: number;
  /** Distinct N-grams, suffix order, stride N+1. */
  ngrams: RecordSource;
  /** Sorted runs written to disk while counting. */
  spilledRuns: number;
}

/**
 * Buffer#latin1Slice: the undocumented fast path behind `toString('latin1', start, end)`,
 * without the encoding dispatch (one call per token).
 */
type Latin1Bytes = Buffer & { latin1Slice(start: number, end: number): string };

function isDelimiter(byte: number): boolean {
  return byte === 32 || byte === 10 || byte === 9 || byte === 13 || byte === 0;
}

/** Holds the N-1 word context and turns each word into one padded N-gram record. */
class NgramWriter {
  private readonly context: Uint32Array;
  tokens = 0;
  lines = 0;
  line = 1;

  constructor(
    private readonly order: number,
    private readonly sorter: ExternalSorter,
    private readonly vocab: Vocabulary,
    private readonly opts: CountOptions,
  ) {
    this.context = new Uint32Array(order - 1).fill(BOS);
  }

  word(id: number): void {
    const n = this.order;
    const at = this.sorter.reserve();
    const block = this.sorter.block;
    const ctx = this.context;
    for (let i = 0; i < n - 1; i++) block[at + i] = ctx[i];
    block[at + n - 1] = id;
    block[at + n] = 1;
    for (let i = 0; i < n - 2; i++) ctx[i] = ctx[i + 1];
    if (n > 1) ctx[n - 2] = id;
  }

  token(text: string): void {
    const id = this.vocab.idOf(text);
    if (id <= EOS) {
      // <unk>, <s> or </s> written literally in the text.
      if (this.opts.skipSymbols) return;
      throw new SitoError(
        `Special word ${text} is not allowed in the corpus. Pass --skip_symbols to convert these symbols to whitespace.`,
        { file: this.opts.fileName, line: this.line },
      );
    }
    this.tokens++;
    this.word(id);
  }

  endOfLine(): void {
    this.word(EOS);
    this.context.fill(BOS);
    this.lines++;
    this.line++;
  }

  /** Tokenises bytes [start, end) that contain only whole tokens (and any number of newlines). */
  bytes(buffer: Buffer, start: number, end: number): void {
    const buf = buffer as Latin1Bytes;
    let tokenStart = -1;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (isDelimiter(b)) {
        if (tokenStart >= 0) {
          this.token(buf.latin1Slice(tokenStart, i));
          tokenStart = -1;
        }
        if (b === 10) this.endOfLine();
      } else if (tokenStart < 0) {
        tokenStart = i;
      }
    }
    if (tokenStart >= 0) this.token(buf.latin1Slice(tokenStart, end));
  }
}

/** Reads `input` (raw bytes, already decompressed) and counts its N-grams. */
export async function countNgrams(input: AsyncIterable<Buffer | string>, opts: CountOptions): Promise<CountResult> {
  const vocab = new Vocabulary();
  const n = opts.order;
  const sorter = new ExternalSorter({
    stride: n + 1,
    cols: suffixOrder(n),
    keyWords: n,
    combineCol: n,
    maxKey: () => vocab.size,
    budget: opts.budget,
    temp: opts.temp,
    label: 'counts',
  });
  const writer = new NgramWriter(n, sorter, vocab, opts);
  let carry: Buffer = Buffer.alloc(0);
  let consumed = 0;
  const normalize = opts.normalizeLine;
  try {
    for await (const piece of input) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      consumed += chunk.length;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      if (normalize) {
        // Whole lines only: the normaliser works on text, not on bytes.
        const lastNewline = data.lastIndexOf(10);
        if (lastNewline < 0) {
          carry = data;
        } else {
          normalizeLines(writer, data, lastNewline + 1, normalize);
          carry = data.subarray(lastNewline + 1);
        }
      } else {
        // Everything up to the last delimiter holds whole tokens; the rest waits for more bytes.
        let cut = data.length;
        while (cut > 0 && !isDelimiter(data[cut - 1])) cut--;
        writer.bytes(data, 0, cut);
        carry = data.subarray(cut);
      }
      if (carry.length > 0) carry = Buffer.from(carry); // do not pin the whole chunk
      opts.onProgress?.(consumed);
    }
    if (carry.length > 0) {
      // The last line has no newline: its words count, but lmplz adds no </s> for it.
      if (normalize) {
        const text = normalize(carry.toString('utf8'));
        const bytes = Buffer.from(text, 'utf8');
        writer.bytes(bytes, 0, bytes.length);
      } else {
        writer.bytes(carry, 0, carry.length);
      }
    }
  } catch (err) {
    sorter.discard();
    throw err;
  }
  const spilledRuns = sorter.spilledRuns;
  const ngrams = sorter.finish();
  return { vocab, tokens: writer.tokens, lines: writer.lines, ngrams, spilledRuns };
}

function normalizeLines(writer: NgramWriter, data: Buffer, end: number, normalize: (line: string) => string): void {
  let start = 0;
  while (start < end) {
    const nl = data.indexOf(10, start);
    const text = normalize(data.toString('utf8', start, nl));
    const bytes = Buffer.from(text + '\n', 'utf8');
    writer.bytes(bytes, 0, bytes.length);
    start = nl + 1;
  }
}
