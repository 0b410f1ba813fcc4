/**
 * The first step of a subword LM build: normalise the training text with the LM normaliser,
 * learn BPE pieces from its word counts, and write the text as pieces, one line per non-blank
 * line, for `sito lm train`. The n-gram model is then trained on pieces and `sito lm build
 * --tokenizer` stores the tokenizer inside the model, so scoring needs no second file.
 * Deterministic: the same text and settings give the same tokenizer bytes and piece text.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic-file.js';
import { gunzipSync } from 'node:zlib';
import { SitoError } from '../errors.js';
import { normalizeForLm, type NormalizerOptions } from './normalize.js';
import { SubwordTokenizer, countWords } from './subword.js';

export interface SubwordCorpusOptions {
  /** Training text, one sentence per line (.gz is decompressed). */
  text: string;
  /** The LM normaliser (the one the model will record). */
  normalizer: NormalizerOptions;
  /** Pieces in all, `<unk>` and the characters included. */
  vocabSize: number;
  /** Where to write the tokenizer (`SubwordTokenizer.toBytes()`). */
  tokenizerPath: string;
  /** Where to write the text as pieces. */
  piecesPath: string;
}

export interface SubwordCorpusResult {
  tokenizer: SubwordTokenizer;
  lines: number;
  words: number;
  pieces: number;
}

export function prepareSubwordCorpus(o: SubwordCorpusOptions): SubwordCorpusResult {
  let raw: Buffer;
  try {
    raw = readFileSync(o.text);
  } catch {
    throw new SitoError(`cannot read training text '${o.text}'`, { file: o.text });
  }
  const text = (o.text.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const normalized = normalizeForLm(line, o.normalizer);
    if (normalized !== '') lines.push(normalized);
  }
  const tokenizer = SubwordTokenizer.train(countWords(lines), { vocabSize: o.vocabSize });
  let words = 0;
  let pieces = 0;
  const encoded = lines.map((line) => {
    const out = tokenizer.encodeLine(line);
    words += countTokens(line);
    pieces += countTokens(out);
    return out;
  });
  writeFileAtomicSync(o.tokenizerPath, tokenizer.toBytes());
  writeFileAtomicSync(o.piecesPath, encoded.length === 0 ? '' : `${encoded.join('\n')}\n`);
  return { tokenizer, lines: lines.length, words, pieces };
}

function countTokens(line: string): number {
  let n = 1;
  for (let i = line.indexOf(' '); i >= 0; i = line.indexOf(' ', i + 1)) n++;
  return n;
}
