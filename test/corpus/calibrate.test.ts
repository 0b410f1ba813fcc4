import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapShuffledAuc, groupDocuments, groupDocumentsByChars, parseParagraphs, quantile, rocAucLowerIsPositive, sample, seededRandom, shuffleWords } from '../../src/corpus/calibrate.js';
import { replaceProfileSection } from '../../src/corpus/profile-section.js';
import { replaceBetweenMarkers } from '../../src/corpus/report.js';
import { ReservedDocuments, reservedKey } from '../../src/corpus/reserved.js';
import { sharedPath, tempDir } from '../helpers.js';

test('quantile interpolates between order statistics and ignores non-finite values', () => {
  assert.equal(quantile([4, 1, 3, 2, Infinity], 0.5), 2.5);
  assert.equal(quantile([10, 20, 30, 40, 50], 0.3), 22);
  assert.ok(Number.isNaN(quantile([], 0.3)));
});

test('ROC-AUC: perfect, inverted, ties and chance', () => {
  assert.equal(rocAucLowerIsPositive([1, 2, 3], [4, 5, 6]), 1);
  assert.equal(rocAucLowerIsPositive([4, 5, 6], [1, 2, 3]), 0);
  assert.equal(rocAucLowerIsPositive([1, 1], [1, 1]), 0.5);
  assert.equal(rocAucLowerIsPositive([1, 3], [2, 4]), 0.75);
});

test('seeded shuffles and samples are reproducible and keep the words', () => {
  const line = 'jeden dwa trzy cztery pięć sześć siedem';
  const a = shuffleWords(line, seededRandom('s'));
  assert.equal(a, shuffleWords(line, seededRandom('s')));
  assert.notEqual(a, line);
  assert.deepEqual(a.split(' ').sort(), line.split(' ').sort());
  const items = Array.from({ length: 100 }, (_, i) => i);
  const s = sample(items, 10, 'x');
  assert.deepEqual(s, sample(items, 10, 'x'));
  assert.equal(new Set(s).size, 10);
  assert.deepEqual(s, [...s].sort((x, y) => x - y), 'sample keeps the original order');
});

test('paragraphs are read from blank-line blocks and joined into documents of a minimum length', () => {
  const paragraphs = parseParagraphs('a b c\nd e\n\nf g h i\n\n\nj\n');
  assert.deepEqual(paragraphs, [['a b c', 'd e'], ['f g h i'], ['j']]);
  assert.deepEqual(groupDocuments(paragraphs, 5), [['a b c', 'd e'], ['f g h i', 'j']]);
});

test('documents of a minimum size in characters count characters (not bytes) and a line break each; a short tail is dropped', () => {
  // 'żółw ą' is 6 characters (10 bytes in UTF-8) + 1 for its line break.
  const paragraphs = [['żółw ą'], ['ab'], ['abcdef'], ['x']];
  assert.deepEqual(groupDocumentsByChars(paragraphs, 7), [['żółw ą'], ['ab', 'abcdef']]);
  assert.deepEqual(groupDocumentsByChars(paragraphs, 8), [['żółw ą', 'ab'], ['abcdef', 'x']]);
});

test('the bootstrap interval of the shuffle AUC is reproducible, brackets the AUC, and is a point when the sets never overlap', () => {
  const native = [10, 12, 14, 16, 18, 20, 22, 24, 26, 28];
  const shuffled = native.map((p, i) => p * (i % 3 === 0 ? 0.9 : 1.6));
  const auc = rocAucLowerIsPositive(native, shuffled);
  const [lo, hi] = bootstrapShuffledAuc(native, shuffled, 500, 's');
  assert.ok(lo < auc && auc < hi && hi <= 1, `${lo} ${auc} ${hi}`);
  assert.deepEqual(bootstrapShuffledAuc(native, shuffled, 500, 's'), [lo, hi]);
  assert.deepEqual(bootstrapShuffledAuc([1, 2, 3], [10, 20, 30], 200, 's'), [1, 1]);
});

test('replaceProfileSection keeps the other sections and the schema order', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'xx.json');
    writeFileSync(path, JSON.stringify({ code: 'xx', name: 'X', aliases: [], script: 'Latn', normalizer: {}, mt: { model: 'm', threshold: 0.5 } }));
    replaceProfileSection(path, 'perplexity', { model: 'a', cutoffs: { p30: 1, p60: 2 } });
    let p = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(Object.keys(p), ['code', 'name', 'aliases', 'script', 'normalizer', 'perplexity', 'mt']);
    replaceProfileSection(path, 'perplexity', { model: 'b' });
    p = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(p.perplexity.model, 'b');
    assert.deepEqual(p.mt, { model: 'm', threshold: 0.5 });
  } finally {
    cleanup();
  }
});

test('replaceBetweenMarkers swaps only the generated part', () => {
  const md = 'intro\n<!-- t:begin -->\nold\n<!-- t:end -->\noutro\n';
  assert.equal(replaceBetweenMarkers(md, 't', 'new'), 'intro\n<!-- t:begin -->\nnew\n<!-- t:end -->\noutro\n');
  assert.match(replaceBetweenMarkers('x', 't', 'y'), /<!-- t:begin -->\ny\n<!-- t:end -->/);
});

test('the shared reserved-documents list is understood: man pages in any language by NAME.SECTION', () => {
  const reserved = ReservedDocuments.load(sharedPath('mt', 'reserved-documents.txt'));
  assert.ok(reserved.size > 2000);
  assert.equal(reservedKey('man', 'man1/cp.1.gz'), 'cp.1');
  assert.ok(reserved.has('man', 'man1/cp.1.gz'));
  assert.ok(reserved.has('libreoffice-help', 'text/shared/01/05020600.html'));
  assert.ok(reserved.has('fortunes-pl', 'dowcipy'));
  assert.ok(!reserved.has('fortunes-pl', 'zen'));
  assert.ok(reserved.has('fortunes-es', 'refranes.fortunes'), 'fortunes-es names its files COLLECTION.fortunes');
  assert.ok(!reserved.has(undefined, 'dowcipy'), 'sources without a reserved family are never matched');
});
