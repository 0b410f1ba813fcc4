/**
 * `sito lm train` as a user runs it: lmplz flags, stdin/stdout, gzip input, errors as one line
 * with exit status 2, and `--normalize`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sharedPath, sitoBin, tempDir } from '../../helpers.js';

const tiny = sharedPath('kenlm', 'data', 'tiny.pl.txt');

function sito(args: string[], input?: Buffer) {
  return spawnSync(process.execPath, [sitoBin, 'lm', 'train', ...args], { input, maxBuffer: 1 << 26 });
}

test('sito lm train: stdin to stdout, lmplz flags, statistics on stderr', () => {
  const run = sito(['-o', '5', '--discount_fallback', '0.7', '1.1', '1.4', '-S', '10M'], readFileSync(tiny));
  assert.equal(run.status, 0, run.stderr.toString());
  assert.ok(run.stdout.equals(readFileSync(sharedPath('kenlm', 'models', 'tiny.pl.o5.fallback_custom.arpa'))));
  const err = run.stderr.toString();
  assert.match(err, /=== 1\/5 Counting and sorting n-grams ===/);
  assert.match(err, /Unigram tokens 723 types 550/);
  assert.match(err, /Statistics:\n1 550 D1=0\.846975 D2=1\.35 D3\+=1\.46005\n/);
});

test('sito lm train: gzip text, --arpa file, --verbose_header, -T', () => {
  const tmp = tempDir();
  try {
    const gz = join(tmp.dir, 'tiny.txt.gz');
    writeFileSync(gz, gzipSync(readFileSync(tiny)));
    const arpa = join(tmp.dir, 'out.arpa');
    const run = sito(['--order', '3', '--text', gz, '--arpa', arpa, '--discount_fallback', '--verbose_header', '-T', tmp.dir]);
    assert.equal(run.status, 0, run.stderr.toString());
    const text = readFileSync(arpa, 'latin1');
    assert.ok(text.startsWith(`# Input file: ${gz}\n# Token count: 723\n# Smoothing: Modified Kneser-Ney\n\\data\\\n`));
    const reference = readFileSync(sharedPath('kenlm', 'models', 'tiny.pl.o3.fallback.arpa'), 'latin1');
    assert.equal(text.slice(text.indexOf('\\data\\')), reference);
  } finally {
    tmp.cleanup();
  }
});

test('sito lm train: user errors are one line and exit 2', () => {
  const noFallback = sito(['-o', '3', '--text', tiny, '--arpa', '/dev/null']);
  assert.equal(noFallback.status, 2);
  assert.match(noFallback.stderr.toString(), /sito: Could not calculate Kneser-Ney discounts .* rerun with --discount_fallback\n$/);
  const edge = sito(['-o', '3', '--text', sharedPath('kenlm', 'data', 'edge_cases.txt')]);
  assert.equal(edge.status, 2);
  assert.match(edge.stderr.toString(), /edge_cases\.txt:6: Special word <s> is not allowed in the corpus/);
  assert.equal(sito(['-o', '7', '--text', tiny]).status, 2);
  assert.match(sito(['-o', '3', '--prune', '2', '1', '--text', tiny]).stderr.toString(), /non-decreasing/);
});

test('sito lm train --normalize applies the LM normaliser before counting', () => {
  const run = sito(['-o', '2', '--discount_fallback', '--normalize', '{}'], Buffer.from('Ala MA 12 kotów\nala ma 34 koty\n'));
  assert.equal(run.status, 0, run.stderr.toString());
  const unigrams = run.stdout.toString('utf8').split('\\1-grams:\n')[1].split('\n\n')[0].split('\n').map((l) => l.split('\t')[1]);
  assert.deepEqual(unigrams, ['<unk>', '<s>', '</s>', 'ala', 'ma', '00', 'kotów', 'koty']);
});
