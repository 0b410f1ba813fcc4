import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { compress as zstdCompress } from 'zstd-napi';
import { readDocuments } from '../../src/io/reader.js';
import { repoPath, tempDir } from '../helpers.js';
import { collect, makeRecords, polishSentences, toJsonl } from './corpus.js';

test('JSONL, gzip and zstd inputs give back every record with its fields untouched and in order', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = makeRecords(300);
    const jsonl = Buffer.from(toJsonl(records));
    writeFileSync(join(dir, 'a.jsonl'), jsonl);
    writeFileSync(join(dir, 'b.jsonl.gz'), gzipSync(jsonl));
    writeFileSync(join(dir, 'c.jsonl.zst'), zstdCompress(jsonl));
    for (const name of ['a.jsonl', 'b.jsonl.gz', 'c.jsonl.zst']) {
      const got = await collect(readDocuments([join(dir, name)]));
      assert.equal(got.docs.length, records.length, name);
      assert.deepEqual(got.rejects, []);
      assert.deepEqual(got.warnings, []);
      got.docs.forEach((doc, i) => {
        assert.deepEqual(doc.record, records[i]);
        assert.deepEqual(Object.keys(doc.record), ['id', 'url', 'text', 'meta', 'score']);
        assert.equal(doc.text, records[i]!.text);
        assert.equal(doc.id, `doc-${i}`);
        assert.deepEqual(doc.source, { file: join(dir, name), line: i + 1 });
      });
    }
  } finally {
    cleanup();
  }
});

test('compression is recognised by magic bytes, not by the file name', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = makeRecords(20);
    writeFileSync(join(dir, 'gzip-in-disguise.jsonl'), gzipSync(toJsonl(records)));
    writeFileSync(join(dir, 'plain-named.gz'), toJsonl(records));
    writeFileSync(join(dir, 'zstd.txt'), zstdCompress(Buffer.from(toJsonl(records))));
    const got = await collect(readDocuments([join(dir, '*')]));
    assert.equal(got.docs.length, 60);
    assert.deepEqual(got.docs.map((d) => d.record), [...records, ...records, ...records]);
  } finally {
    cleanup();
  }
});

test('many files and globs are read in order, sorted, each file once; progress counts the bytes', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = makeRecords(30);
    writeFileSync(join(dir, 'part-2.jsonl'), toJsonl(records.slice(10, 20)));
    writeFileSync(join(dir, 'part-1.jsonl.gz'), gzipSync(toJsonl(records.slice(0, 10))));
    writeFileSync(join(dir, 'part-3.jsonl.zst'), zstdCompress(Buffer.from(toJsonl(records.slice(20)))));
    const reader = readDocuments([join(dir, 'part-*'), join(dir, 'part-2.jsonl')]);
    const got = await collect(reader);
    assert.deepEqual(got.docs.map((d) => d.id), records.map((r) => r.id));
    const total = ['part-1.jsonl.gz', 'part-2.jsonl', 'part-3.jsonl.zst'].reduce((s, f) => s + statSync(join(dir, f)).size, 0);
    assert.equal(reader.progress.totalBytes, total);
    assert.equal(reader.progress.bytesRead, total);
    assert.equal(reader.progress.fraction, 1);
    assert.equal(reader.progress.filesTotal, 3);
    assert.equal(reader.progress.filesDone, 3);
    assert.equal(reader.progress.documents, 30);
  } finally {
    cleanup();
  }
});

test('text field and id field can be chosen, and a dotted name reaches into nested objects', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'nested.jsonl');
    writeFileSync(file, [
      JSON.stringify({ doc_id: 7, meta: { body: 'Ala ma kota.' } }),
      JSON.stringify({ doc_id: 'x', 'meta.body': 'klucz z kropką wygrywa', meta: { body: 'nie ta' } }),
    ].join('\n'));
    const got = await collect(readDocuments([file], { textField: 'meta.body', idField: 'doc_id' }));
    assert.deepEqual(got.docs.map((d) => [d.text, d.id]), [['Ala ma kota.', '7'], ['klucz z kropką wygrywa', 'x']]);
  } finally {
    cleanup();
  }
});

test('plain text: one document per line, or per blank-line-separated block, with CRLF and a BOM', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const s = polishSentences();
    const file = join(dir, 'docs.txt');
    writeFileSync(file, `\ufeff${s[0]}\r\n${s[1]}\r\n\r\n   \n${s[2]}\n\n\n${s[3]}\n${s[4]}`);
    const lines = await collect(readDocuments([file], { format: 'text' }));
    assert.deepEqual(lines.docs.map((d) => d.text), [s[0], s[1], s[2], s[3], s[4]]);
    assert.deepEqual(lines.docs.map((d) => d.source.line), [1, 2, 5, 8, 9]);
    assert.deepEqual(lines.docs[0]!.record, { text: s[0], id: `${file}:1` });

    const blocks = await collect(readDocuments([file], { format: 'text', textUnit: 'block', textField: 'content' }));
    assert.deepEqual(blocks.docs.map((d) => d.text), [`${s[0]}\n${s[1]}`, s[2], `${s[3]}\n${s[4]}`]);
    assert.deepEqual(blocks.docs.map((d) => d.source.line), [1, 5, 8]);
    assert.deepEqual(Object.keys(blocks.docs[0]!.record), ['content', 'id']);
  } finally {
    cleanup();
  }
});

test("'-' reads standard input, compressed or not; its total size is unknown", () => {
  const records = makeRecords(50);
  const script = repoPath('dist', 'test', 'io', 'fixtures', 'read-stdin.js');
  for (const input of [Buffer.from(toJsonl(records)), zstdCompress(Buffer.from(toJsonl(records))), gzipSync(toJsonl(records))]) {
    const run = spawnSync(process.execPath, [script], { input, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(out.ids, records.map((r) => r.id));
    assert.equal(out.files, '-');
    assert.equal(out.totalBytes, null);
    assert.equal(out.bytesRead, input.length);
  }
});

test('lines are split correctly wherever the read chunks end (a 3 MB file of multi-byte text)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = makeRecords(1500);
    const file = join(dir, 'big.jsonl');
    writeFileSync(file, toJsonl(records));
    assert.ok(readFileSync(file).length > 3_000_000);
    const got = await collect(readDocuments([file]));
    assert.equal(got.rejects.length, 0);
    assert.deepEqual(got.docs.map((d) => d.text), records.map((r) => r.text));
  } finally {
    cleanup();
  }
});
