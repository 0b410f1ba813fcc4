/**
 * Broken ARPA files give one clear line naming the file and the line, like KenLM's reader
 * refuses them (ALGORITHM.md §8).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { SitoError } from '../../src/errors.js';
import { buildModelFromArpa } from '../../src/lm/arpa-model.js';
import { LanguageModel } from '../../src/lm/model.js';

const GOOD = [
  '\\data\\', 'ngram 1=4', 'ngram 2=2', '',
  '\\1-grams:', '-1.5\t<unk>\t0', '0\t<s>\t-0.3', '-0.7\t</s>\t0', '-0.9\tkot\t-0.2', '',
  '\\2-grams:', '-0.4\t<s> kot', '-0.2\tkot </s>', '', '\\end\\', '',
];

async function errorFor(lines: string[] | Buffer): Promise<SitoError> {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'broken.arpa');
  try {
    writeFileSync(file, Array.isArray(lines) ? lines.join('\n') : lines);
    await buildModelFromArpa(file);
  } catch (err) {
    assert.ok(err instanceof SitoError, `expected a SitoError, got ${String(err)}`);
    assert.equal(err.file, file);
    assert.ok(!err.message.includes('\n'), 'one line');
    return err;
  } finally {
    cleanup();
  }
  assert.fail('the broken file was accepted');
}

function edit(index: number, replacement: string | null): string[] {
  const copy = [...GOOD];
  if (replacement === null) copy.splice(index, 1);
  else copy[index] = replacement;
  return copy;
}

test('the well-formed sample loads and scores', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'good.arpa');
    writeFileSync(file, GOOD.join('\n'));
    const lm = new LanguageModel(await buildModelFromArpa(file));
    assert.equal(lm.scoreLine('kot').log10, Math.fround(-0.4 + -0.2));
    writeFileSync(`${file}.gz`, gzipSync(GOOD.join('\n')));
    const gz = new LanguageModel(await buildModelFromArpa(`${file}.gz`));
    assert.equal(gz.scoreLine('kot').log10, lm.scoreLine('kot').log10);
  } finally {
    cleanup();
  }
});

test('truncated file: the line after the last one is named', async () => {
  const e = await errorFor(GOOD.slice(0, 12));
  assert.match(e.message, /truncated ARPA file: it ends in the \\2-grams: section after 1 of 2 lines/);
  assert.equal(e.line, 13);
  const noEnd = await errorFor(GOOD.slice(0, 14));
  assert.match(noEnd.message, /no "\\end\\" line/);
});

test('truncated gzip data', async () => {
  const gz = gzipSync(GOOD.join('\n'));
  const e = await errorFor(gz.subarray(0, gz.length - 12));
  assert.match(e.message, /truncated|corrupt/);
});

test('header count larger or smaller than the section', async () => {
  const more = await errorFor(edit(1, 'ngram 1=5'));
  assert.match(more.message, /ngram 1=5 but the \\1-grams: section has only 4 lines/);
  assert.equal(more.line, 10);
  const fewer = await errorFor(edit(2, 'ngram 2=1'));
  assert.match(fewer.message, /ngram 2=1 but the \\2-grams: section has more lines/);
  assert.equal(fewer.line, 13);
});

test('bad header lines', async () => {
  const skipped = await errorFor(edit(2, 'ngram 3=2'));
  assert.match(skipped.message, /counts must run 1, 2, 3/);
  assert.equal(skipped.line, 3);
  const garbage = await errorFor(edit(2, 'ngram two=2'));
  assert.match(garbage.message, /bad header line/);
  const preamble = await errorFor(['hello', ...GOOD]);
  assert.match(preamble.message, /expected "\\data\\"/);
  assert.equal(preamble.line, 1);
});

test('wrong number of fields', async () => {
  const few = await errorFor(edit(11, '-0.4\tkot'));
  assert.match(few.message, /too few fields in a 2-gram line/);
  assert.equal(few.line, 12);
  const many = await errorFor(edit(8, '-0.9\tkot\t-0.2\t7'));
  assert.match(many.message, /too many fields in a 1-gram line/);
  assert.equal(many.line, 9);
});

test('non-numeric and positive probabilities, bad backoffs', async () => {
  const word = await errorFor(edit(8, 'x0.9\tkot\t-0.2'));
  assert.match(word.message, /probability "x0.9" is not a number/);
  assert.equal(word.line, 9);
  const positive = await errorFor(edit(8, '0.9\tkot\t-0.2'));
  assert.match(positive.message, /positive log10 probability 0.9/);
  const nan = await errorFor(edit(8, '-0.9\tkot\tnan'));
  assert.match(nan.message, /backoff "nan" is not a finite number/);
  const topBackoff = await errorFor(edit(11, '-0.4\t<s> kot\t-0.1'));
  assert.match(topBackoff.message, /non-zero backoff -0.1 on a 2-gram, the highest order/);
});

test('unknown words, missing contexts, missing <s>', async () => {
  const unknown = await errorFor(edit(11, '-0.4\t<s> pies'));
  assert.match(unknown.message, /word "pies" in a 2-gram is not among the unigrams/);
  assert.equal(unknown.line, 12);
  const trigram = [...GOOD.slice(0, 3), 'ngram 3=1', ...GOOD.slice(3, 13), '', '\\3-grams:', '-0.1\tkot kot </s>', '', '\\end\\'];
  trigram[trigram.indexOf('-0.4\t<s> kot')] = '-0.4\t<s> kot\t0';
  trigram[trigram.indexOf('-0.2\tkot </s>')] = '-0.2\tkot </s>\t0';
  const context = await errorFor(trigram);
  assert.match(context.message, /the context of "kot kot <\/s>" is not among the 2-grams/);
  const noBos = await errorFor([GOOD[0]!, 'ngram 1=3', '', '\\1-grams:', '-1\t<unk>\t0', '-1\t</s>\t0', '-1\tkot\t0', '', '\\end\\']);
  assert.match(noBos.message, /lack <s>/);
});

test('a missing <unk> gets KenLM\'s -100 and a warning', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'nounk.arpa');
    writeFileSync(file, [GOOD[0]!, 'ngram 1=3', '', '\\1-grams:', '0\t<s>\t0', '-1\t</s>\t0', '-1\tkot\t0', '', '\\end\\', ''].join('\n'));
    const warnings: string[] = [];
    const lm = new LanguageModel(await buildModelFromArpa(file, { onWarning: (w) => warnings.push(w) }));
    assert.deepEqual(warnings, ['The ARPA file is missing <unk>.  Substituting log10 probability -100.']);
    assert.equal(lm.scoreLine('pies', { eos: false }).log10, -100);
  } finally {
    cleanup();
  }
});
