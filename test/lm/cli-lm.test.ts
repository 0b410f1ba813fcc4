/** `sito lm query|build|info` as a user runs them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath, sitoBin, tempDir } from '../helpers.js';

const kenlm = (...p: string[]): string => sharedPath('kenlm', ...p);

function sito(args: string[], input?: string) {
  return spawnSync(process.execPath, [sitoBin, ...args], { input, encoding: 'utf8' });
}

test('sito lm query prints exactly what KenLM query prints', () => {
  const r = sito(['lm', 'query', kenlm('models', 'tiny.pl.o3.fallback.arpa')], readFileSync(kenlm('data', 'tiny.pl.txt'), 'utf8'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(kenlm('query', 'tiny.pl.o3.fallback.selftest.txt'), 'utf8'));
  const edges = sito(['lm', 'query', '-v', 'sentence', '-v', 'summary', kenlm('models', 'pl.o3.prune011.arpa.gz')], readFileSync(kenlm('data', 'edge_cases.txt'), 'utf8'));
  const expected = readFileSync(kenlm('query', 'pl.o3.prune011.edge_cases.txt'), 'utf8').replace(/^.*\t(Total:)/gm, '$1');
  assert.equal(edges.stdout, expected);
});

test('sito lm build writes a binary that query and info accept; -n works on it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const out = join(dir, 'tiny.sitolm');
    const b = sito(['lm', 'build', kenlm('models', 'tiny.pl.o5.fallback_custom.arpa'), out, '--normalizer', '{"accents":"keep"}']);
    assert.equal(b.status, 0, b.stderr);
    const text = readFileSync(kenlm('data', 'tiny.pl.txt'), 'utf8');
    const q = sito(['lm', 'query', out], text);
    assert.equal(q.stdout, readFileSync(kenlm('query', 'tiny.pl.o5.fallback_custom.selftest.txt'), 'utf8'));
    const n = sito(['lm', 'query', '-n', '-v', 'summary', out], text);
    assert.match(n.stdout, /^Perplexity including OOVs:\t[\d.]+\nPerplexity excluding OOVs:\t[\d.]+\nOOVs:\t0\nTokens:\t\d+\n$/);
    const info = sito(['lm', 'info', out]);
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stdout, /order: +5/);
    assert.match(info.stdout, /normalizer: +lowercase=true;digits=zero;punctuation=ccnet;accents=keep;segmenter=space/);
  } finally {
    cleanup();
  }
});

test('a broken ARPA gives one line with file and line number, exit code 2', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'bad.arpa');
    writeFileSync(file, '\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t<s>\t0\nbad\t</s>\t0\n\n\\end\\\n');
    const r = sito(['lm', 'query', file], 'a\n');
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `sito: ${file}:6: probability "bad" is not a number\n`);
  } finally {
    cleanup();
  }
});
