/** ARPA read → write reproduces KenLM's files byte for byte (plain and gzip). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { sharedPath, tempDir } from '../helpers.js';
import { readArpa } from '../../src/lm/arpa-reader.js';
import { ArpaWriter } from '../../src/lm/arpa-writer.js';

async function copyArpa(from: string, to: string): Promise<void> {
  let writer: ArpaWriter | undefined;
  const pending: Promise<void>[] = [];
  await readArpa(from, {
    header(counts) {
      writer = new ArpaWriter(to, counts);
    },
    ngram(order, _ids, prob, backoff, _has, line, start, end) {
      writer!.ngram(order, line.slice(start, end), prob, backoff);
      if (writer!.needsDrain) pending.push(writer!.ready());
    },
  });
  await Promise.all(pending);
  await writer!.close();
}

for (const name of ['tiny.pl.o3.fallback.arpa', 'tiny.pl.o5.fallback_custom.arpa', 'pl.o3.prune011.arpa.gz']) {
  test(`${name}: read then written again is byte-identical`, async () => {
    const source = sharedPath('kenlm', 'models', name);
    const original = name.endsWith('.gz') ? gunzipSync(readFileSync(source)) : readFileSync(source);
    const { dir, cleanup } = tempDir();
    try {
      const plain = join(dir, 'copy.arpa');
      await copyArpa(source, plain);
      assert.ok(readFileSync(plain).equals(original));
      const gz = join(dir, 'copy.arpa.gz');
      await copyArpa(source, gz);
      assert.ok(gunzipSync(readFileSync(gz)).equals(original));
    } finally {
      cleanup();
    }
  });
}

test('the writer refuses counts that do not match the header', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const w = new ArpaWriter(join(dir, 'x.arpa'), [2, 1]);
    w.ngram(1, '<s>', 0, 0);
    assert.throws(() => w.ngram(2, '<s> </s>', -1), /wrote 1 1-grams but the header announces 2/);
    w.abort();
  } finally {
    cleanup();
  }
});
