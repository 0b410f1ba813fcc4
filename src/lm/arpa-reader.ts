/**
 * Streaming ARPA reader following KenLM's reading rules (lm/read_arpa.cc): a preamble of blank
 * or '#' lines, `\data\`, `ngram k=count` for k = 1, 2, …, then one `\k-grams:` section per
 * order with exactly `count` lines `prob<sep>w1 … wk[<sep>backoff]` (separators: space, tab,
 * CR), then `\end\`. Words are interned into a hash-table vocabulary as they arrive; every
 * n-gram is handed to the handler as word ids in a reused array, so no per-n-gram object is
 * ever built and a file of hundreds of MB streams through in bounded memory.
 */
import { SitoError } from '../errors.js';
import { forEachLineOfFile } from './line-stream.js';
import { STRING_SEED_A, STRING_SEED_B, stringStepA, stringStepB, stringFinishA, stringFinishB, hashString } from './hash.js';
import { VocabBuilder } from './probing-table.js';

export const MAX_ORDER = 6;
export const UNK = '<unk>';
export const BOS = '<s>';
export const EOS = '</s>';

export interface ArpaHandler {
  /** Called once the `\data\` block is read. `counts[k-1]` is the number of k-grams. */
  header(counts: readonly number[]): void;
  /**
   * One n-gram line. `ids` (reused between calls) holds the word ids, oldest first;
   * `backoff` is 0 when the line has none. The words are `line.slice(wordsStart, wordsEnd)`.
   */
  ngram(order: number, ids: Int32Array, prob: number, backoff: number, hasBackoff: boolean,
    line: string, wordsStart: number, wordsEnd: number, lineNumber: number): void;
}

export interface ArpaReadResult {
  counts: number[];
  vocab: VocabBuilder;
  /** Non-fatal findings, e.g. KenLM's "missing <unk>" substitution. */
  warnings: string[];
  /** True when the file had no `<unk>` unigram (its log10 prob is then -100, as in KenLM). */
  unkMissing: boolean;
}

/** KenLM's substitute for a missing `<unk>` (lm/config.cc, unknown_missing_logprob). */
export const MISSING_UNK_LOG10 = -100;

const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Parses `text[start, end)` the way KenLM accepts numbers: decimal or exponent notation, or
 * ±inf; NaN for anything else. The common ARPA case (at most 15 significant digits, small
 * exponent) is computed exactly from the digits without building a substring; the result is
 * then rounded to float32, as KenLM stores it.
 */
export function parseArpaNumberIn(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    c = text.charCodeAt(++i);
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0; // decimal exponent adjustment from digits after the point
  let sawDigit = false;
  while (i < end && c >= 48 && c <= 57) {
    if (digits > 0 || c !== 48) digits++;
    mantissa = mantissa * 10 + (c - 48);
    sawDigit = true;
    c = text.charCodeAt(++i);
  }
  if (i < end && c === 46 /* . */) {
    c = text.charCodeAt(++i);
    while (i < end && c >= 48 && c <= 57) {
      if (digits > 0 || c !== 48) digits++;
      mantissa = mantissa * 10 + (c - 48);
      scale--;
      sawDigit = true;
      c = text.charCodeAt(++i);
    }
  }
  if (!sawDigit) return parseSpecial(text.slice(start, end));
  if (i < end && (c === 101 || c === 69) /* e E */) {
    const exponent = parseExponent(text, i + 1, end);
    if (Number.isNaN(exponent)) return NaN;
    scale += exponent;
    i = end;
  }
  if (i !== end) return NaN;
  let value: number;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    value = scale < 0 ? mantissa / EXACT_POWERS_OF_TEN[-scale]! : mantissa * EXACT_POWERS_OF_TEN[scale]!;
  } else {
    value = Math.abs(Number(text.slice(start, end)));
  }
  return Math.fround(negative ? -value : value);
}

function parseExponent(text: string, start: number, end: number): number {
  let i = start;
  let sign = 1;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    if (c === 45) sign = -1;
    i++;
  }
  if (i >= end) return NaN;
  let e = 0;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
    e = e * 10 + (c - 48);
  }
  return sign * e;
}

function parseSpecial(text: string): number {
  const lower = text.toLowerCase();
  if (/^[-+]?inf(inity)?$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  return NaN;
}

/** Parses a whole string as an ARPA number (see parseArpaNumberIn). */
export function parseArpaNumber(text: string): number {
  return text.length === 0 ? NaN : parseArpaNumberIn(text, 0, text.length);
}

function isArpaSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

type State = 'preamble' | 'header' | 'between' | 'section' | 'end' | 'done';

/** Reads an ARPA file (plain or gzip) and feeds every n-gram to `handler`. */
export async function readArpa(path: string, handler: ArpaHandler): Promise<ArpaReadResult> {
  const counts: number[] = [];
  let vocab: VocabBuilder | undefined;
  const warnings: string[] = [];
  let state: State = 'preamble';
  let order = 0; // section being read
  let seen = 0; // lines read in this section
  let sawUnk = false;
  const ids = new Int32Array(MAX_ORDER);
  const fieldStart = new Int32Array(MAX_ORDER + 3);
  const fieldEnd = new Int32Array(MAX_ORDER + 3);
  let lastLine = 0;

  const fail = (message: string, line: number): never => {
    throw new SitoError(message, { file: path, line });
  };

  const startSection = (line: string, lineNumber: number): void => {
    const expected = order + 1;
    const m = /^\\(\d+)-grams:$/.exec(line);
    if (!m) fail(`expected "\\${expected}-grams:", found "${clip(line)}"`, lineNumber);
    if (Number(m![1]) !== expected) fail(`expected "\\${expected}-grams:" but found "\\${m![1]}-grams:"`, lineNumber);
    order = expected;
    seen = 0;
    state = 'section';
  };

  const endSection = (lineNumber: number): void => {
    if (seen < counts[order - 1]!) {
      fail(`the header says ngram ${order}=${counts[order - 1]} but the \\${order}-grams: section has only ${seen} lines`, lineNumber);
    }
    if (order === 1) {
      const v = vocab!;
      for (const special of [BOS, EOS]) {
        const [lo, hi] = hashString(special);
        if (v.find(lo, hi) < 0) fail(`the unigrams lack ${special}, which every KenLM model needs`, lineNumber);
      }
      if (!sawUnk) warnings.push(`The ARPA file is missing <unk>.  Substituting log10 probability ${MISSING_UNK_LOG10}.`);
    }
    state = order === counts.length ? 'end' : 'between';
  };

  const wordLo = new Int32Array(MAX_ORDER + 3);
  const wordHi = new Int32Array(MAX_ORDER + 3);

  const readNgram = (line: string, lineNumber: number): void => {
    // One pass over the line: split fields on runs of ARPA spaces (prob, `order` words, an
    // optional backoff), hashing the word fields while scanning them.
    let fields = 0;
    const length = line.length;
    let i = 0;
    while (i < length) {
      let c = line.charCodeAt(i);
      if (isArpaSpace(c)) {
        i++;
        continue;
      }
      if (fields === order + 2) fail(`too many fields in a ${order}-gram line: expected a probability, ${order} word${order > 1 ? 's' : ''} and ${order < counts.length ? 'a backoff' : 'no backoff'}`, lineNumber);
      const start = i;
      fieldStart[fields] = start;
      if (fields >= 1 && fields <= order) {
        let a = STRING_SEED_A;
        let b = STRING_SEED_B;
        for (;;) {
          a = stringStepA(a, c);
          b = stringStepB(b, c);
          if (++i >= length) break;
          c = line.charCodeAt(i);
          if (isArpaSpace(c)) break;
        }
        wordLo[fields] = stringFinishA(a, b, i - start);
        wordHi[fields] = stringFinishB(a, b, i - start);
      } else {
        while (i < length && !isArpaSpace(line.charCodeAt(i))) i++;
      }
      fieldEnd[fields++] = i;
    }
    if (fields < order + 1) fail(`too few fields in a ${order}-gram line: expected a probability and ${order} word${order > 1 ? 's' : ''}, found ${fields} field${fields === 1 ? '' : 's'}`, lineNumber);
    const prob = parseArpaNumberIn(line, fieldStart[0]!, fieldEnd[0]!);
    if (Number.isNaN(prob)) fail(`probability "${clip(line.slice(fieldStart[0], fieldEnd[0]))}" is not a number`, lineNumber);
    if (prob > 0) fail(`positive log10 probability ${line.slice(fieldStart[0], fieldEnd[0])}`, lineNumber);
    let backoff = 0;
    const hasBackoff = fields === order + 2;
    if (hasBackoff) {
      backoff = parseArpaNumberIn(line, fieldStart[order + 1]!, fieldEnd[order + 1]!);
      const text = (): string => clip(line.slice(fieldStart[order + 1], fieldEnd[order + 1]));
      if (!Number.isFinite(backoff)) fail(`backoff "${text()}" is not a finite number`, lineNumber);
      if (order === counts.length && backoff !== 0) fail(`non-zero backoff ${text()} on a ${order}-gram, the highest order`, lineNumber);
    }
    const v = vocab!;
    if (order === 1) {
      const word = line.slice(fieldStart[1], fieldEnd[1]);
      let id = v.add(wordLo[1]!, wordHi[1]!, word);
      if (id < 0) {
        if (word !== UNK || sawUnk) fail(`duplicate unigram "${clip(word)}"`, lineNumber);
        id = 0;
      }
      if (word === UNK) sawUnk = true;
      ids[0] = id;
    } else {
      for (let w = 0; w < order; w++) {
        const id = v.find(wordLo[w + 1]!, wordHi[w + 1]!);
        if (id < 0) fail(`word "${clip(line.slice(fieldStart[w + 1], fieldEnd[w + 1]))}" in a ${order}-gram is not among the unigrams`, lineNumber);
        ids[w] = id;
      }
    }
    handler.ngram(order, ids, prob, backoff, hasBackoff, line, fieldStart[1]!, fieldEnd[order]!, lineNumber);
    seen++;
  };

  const onLine = (raw: string, lineNumber: number): void => {
    lastLine = lineNumber;
    switch (state) {
      case 'section': {
        if (seen < counts[order - 1]! && raw.length > 0 && raw.charCodeAt(0) !== 92 /* \ */) {
          readNgram(raw, lineNumber);
          return;
        }
        const line = raw.trim();
        if (line === '' || line.startsWith('\\')) {
          endSection(lineNumber);
          if (line !== '') onLine(raw, lineNumber);
          return;
        }
        fail(`the header says ngram ${order}=${counts[order - 1]} but the \\${order}-grams: section has more lines`, lineNumber);
        return;
      }
      case 'preamble': {
        const line = raw.trim();
        if (line === '\\data\\') state = 'header';
        else if (line !== '' && !line.startsWith('#')) fail(`expected "\\data\\" before any n-grams, found "${clip(line)}"`, lineNumber);
        return;
      }
      case 'header': {
        const line = raw.trim();
        if (line === '') {
          if (counts.length > 0) state = 'between';
          return;
        }
        const m = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(line);
        if (!m) {
          if (line.startsWith('\\') && counts.length > 0) {
            state = 'between';
            onLine(raw, lineNumber);
            return;
          }
          fail(`bad header line "${clip(line)}": expected "ngram ${counts.length + 1}=<count>"`, lineNumber);
        }
        const k = Number(m![1]);
        if (k !== counts.length + 1) fail(`header counts must run 1, 2, 3, …: expected "ngram ${counts.length + 1}=", found "ngram ${k}="`, lineNumber);
        if (k > MAX_ORDER) fail(`order ${k} is above the maximum order ${MAX_ORDER}`, lineNumber);
        counts.push(Number(m![2]));
        return;
      }
      case 'between': {
        const line = raw.trim();
        if (line === '') return;
        if (counts.length === 0) fail('the \\data\\ block lists no n-gram counts', lineNumber);
        if (vocab === undefined) {
          if (counts[0] === 0) fail('the header says there are no unigrams', lineNumber);
          vocab = new VocabBuilder(counts[0]! + 1);
          const [lo, hi] = hashString(UNK);
          vocab.add(lo, hi, UNK); // <unk> is always id 0, as in KenLM
          handler.header(counts);
        }
        startSection(line, lineNumber);
        return;
      }
      case 'end': {
        const line = raw.trim();
        if (line === '') return;
        if (line === '\\end\\') {
          state = 'done';
          return;
        }
        fail(`expected "\\end\\" after the \\${order}-grams: section, found "${clip(line)}"`, lineNumber);
        return;
      }
      default: {
        if (raw.trim() !== '') fail(`text after "\\end\\": "${clip(raw.trim())}"`, lineNumber);
      }
    }
  };

  await forEachLineOfFile(path, onLine);
  const eof = lastLine + 1;
  // (the callbacks changed `state`; TypeScript cannot see that)
  state = state as State;
  if (state === 'preamble') fail('not an ARPA file: no "\\data\\" line', eof);
  if (state === 'header' || (state === 'between' && vocab === undefined)) fail('truncated ARPA file: it ends after the \\data\\ header', eof);
  if (state === 'section') {
    if (seen < counts[order - 1]!) {
      fail(`truncated ARPA file: it ends in the \\${order}-grams: section after ${seen} of ${counts[order - 1]} lines`, eof);
    }
    endSection(eof);
  }
  if (state === 'between') fail(`truncated ARPA file: the \\${order + 1}-grams: section is missing`, eof);
  if (state === 'end') fail('truncated ARPA file: no "\\end\\" line', eof);
  return { counts, vocab: vocab!, warnings, unkMissing: !sawUnk };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
