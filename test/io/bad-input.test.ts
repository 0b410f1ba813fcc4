/**
 * Every kind of bad input, written as a real file (real gzip/zstd, then damaged): the reader
 * keeps going with a reject that names file, line and reason, or throws that same message in
 * strict mode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, truncateSync, statSync, openSync, writeSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, constants as zlib } from 'node:zlib';
import { readDocuments, type ReadOptions } from '../../src/io/reader.js';
import { openRecordWriter } from '../../src/io/writer.js';
import { formatReject } from '../../src/io/reasons.js';
import { GUNZIP_CHUNK_BYTES } from '../../src/io/compression.js';
import { SitoError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';
import { collect, makeRecords, toJsonl } from './corpus.js';

async function strictError(inputs: string[], opts: ReadOptions = {}): Promise<SitoError> {
  try {
    await collect(readDocuments(inputs, { ...opts, strict: true }));
  } catch (err) {
    assert.ok(err instanceof SitoError, `expected a SitoError, got ${err}`);
    return err;
  }
  assert.fail('strict mode did not throw');
}

test('each malformed line is rejected with its reason slug, file and line; the good lines around it are kept', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'mixed.jsonl');
    const good = makeRecords(3, 300);
    const lines = [
      JSON.stringify(good[0]),
      '{"id": 1, "text": "unterminated',
      '[1, 2, 3]',
      '"just a string"',
      JSON.stringify({ id: 'no-text', body: 'x' }),
      JSON.stringify({ id: 'num', text: 42 }),
      JSON.stringify({ id: 'empty', text: '' }),
      JSON.stringify({ id: 'blank', text: ' \n\t ' }),
      '',
      JSON.stringify(good[1]),
      JSON.stringify(good[2]),
    ];
    writeFileSync(file, lines.join('\n'));
    const got = await collect(readDocuments([file]));
    assert.deepEqual(got.docs.map((d) => d.record), good);
    assert.deepEqual(got.docs.map((d) => d.source.line), [1, 10, 11]);
    const messages = got.rejects.map(formatReject);
    assert.equal(messages.length, 7);
    assert.match(messages[0]!, new RegExp(`^${escape(file)}:2: malformed-json: .*JSON`));
    assert.equal(messages[1], `${file}:3: not-an-object: the line is an array, not a JSON object`);
    assert.equal(messages[2], `${file}:4: not-an-object: the line is a string, not a JSON object`);
    assert.equal(messages[3], `${file}:5: missing-text: no "text" field`);
    assert.equal(messages[4], `${file}:6: text-not-string: "text" is a number, not a string`);
    assert.equal(messages[5], `${file}:7: empty-text: "text" is empty`);
    assert.equal(messages[6], `${file}:8: empty-text: "text" is only whitespace`);
    // Unparseable lines keep their raw text, parsed ones their record, for the reject sink.
    assert.equal(got.rejects[0]!.raw, lines[1]);
    assert.deepEqual(got.rejects[3]!.record, { id: 'no-text', body: 'x' });

    const err = await strictError([file]);
    assert.match(err.toString(), new RegExp(`^${escape(file)}:2: malformed-json: `));
    assert.equal(err.file, file);
    assert.equal(err.line, 2);
  } finally {
    cleanup();
  }
});

test('invalid UTF-8 rejects only its line (no silent U+FFFD), in JSONL and in text blocks', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'bytes.jsonl');
    const ok1 = Buffer.from(`${JSON.stringify({ text: 'zażółć gęślą jaźń' })}\n`);
    const bad = Buffer.concat([Buffer.from('{"text": "abc'), Buffer.from([0xff]), Buffer.from('def"}\n')]);
    const overlong = Buffer.concat([Buffer.from('{"text": "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}\n')]);
    const surrogate = Buffer.concat([Buffer.from('{"text": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n')]);
    const ok2 = Buffer.from(`${JSON.stringify({ text: '😀 emoji' })}\n`);
    writeFileSync(file, Buffer.concat([ok1, bad, overlong, surrogate, ok2]));
    const got = await collect(readDocuments([file]));
    assert.deepEqual(got.docs.map((d) => d.text), ['zażółć gęślą jaźń', '😀 emoji']);
    assert.deepEqual(got.rejects.map(formatReject), [
      `${file}:2: invalid-utf8: not valid UTF-8 at byte 13 (0xff)`,
      `${file}:3: invalid-utf8: not valid UTF-8 at byte 10 (0xc0)`,
      `${file}:4: invalid-utf8: not valid UTF-8 at byte 10 (0xed)`,
    ]);
    assert.equal((await strictError([file])).toString(), `${file}:2: invalid-utf8: not valid UTF-8 at byte 13 (0xff)`);

    const text = join(dir, 'blocks.txt');
    writeFileSync(text, Buffer.concat([Buffer.from('pierwszy\nblok\n\ndrugi '), Buffer.from([0xfe]), Buffer.from(' blok\nciąg dalszy\n\ntrzeci\n')]));
    const blocks = await collect(readDocuments([text], { format: 'text', textUnit: 'block' }));
    assert.deepEqual(blocks.docs.map((d) => d.text), ['pierwszy\nblok', 'trzeci']);
    assert.deepEqual(blocks.rejects.map(formatReject), [`${text}:4: invalid-utf8: not valid UTF-8 at byte 6 of line 4 (0xfe)`]);
  } finally {
    cleanup();
  }
});

test('an empty file (plain or compressed) or one with only blank lines gives a warning and no records', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'empty.jsonl'), '');
    writeFileSync(join(dir, 'blank.jsonl'), '\n  \n\r\n');
    const w = openRecordWriter(join(dir, 'empty.jsonl.zst'));
    await w.commit();
    const got = await collect(readDocuments([join(dir, 'empty.jsonl'), join(dir, 'blank.jsonl'), join(dir, 'empty.jsonl.zst')]));
    assert.equal(got.docs.length + got.rejects.length, 0);
    assert.deepEqual(got.warnings, [
      `${join(dir, 'empty.jsonl')}: no records, the input is empty`,
      `${join(dir, 'blank.jsonl')}: no records, the input has only blank lines`,
      `${join(dir, 'empty.jsonl.zst')}: no records, the input (zstd) is empty`,
    ]);
    // A warning is not a bad record: strict mode reads on.
    const strict = await collect(readDocuments([join(dir, 'empty.jsonl')], { strict: true }));
    assert.equal(strict.warnings.length, 1);
  } finally {
    cleanup();
  }
});

test('a 50 MB single document is rejected too-large, and read when the limit allows', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'huge.jsonl');
    const piece = makeRecords(1, 64 * 1024)[0]!.text as string;
    const fd = openSync(file, 'w');
    writeSync(fd, JSON.stringify({ id: 'small-1', text: 'przed' }) + '\n');
    writeSync(fd, '{"id": "huge", "text": "');
    const escaped = JSON.stringify(piece).slice(1, -1);
    let written = 0;
    while (written < 50 * 1024 * 1024) written += writeSync(fd, escaped);
    writeSync(fd, '"}\n' + JSON.stringify({ id: 'small-2', text: 'po' }) + '\n');
    closeSync(fd);
    const lineBytes = statSync(file).size - (JSON.stringify({ id: 'small-1', text: 'przed' }).length + 1) - (JSON.stringify({ id: 'small-2', text: 'po' }).length + 2);

    const reader = readDocuments([file]);
    const got = { docs: [] as string[], rejects: [] as string[] };
    for await (const event of reader) {
      if (event.kind === 'doc') got.docs.push(event.doc.id!);
      if (event.kind === 'reject') got.rejects.push(formatReject(event.rejected));
    }
    assert.deepEqual(got.docs, ['small-1', 'small-2']);
    assert.equal(got.rejects.length, 1);
    assert.equal(got.rejects[0], `${file}:2: too-large: record is 50.0 MiB (${lineBytes} bytes), over the 16.0 MiB limit`);
    // That the line is never held whole is asserted on the splitter itself (line-splitter.test).

    const err = await strictError([file], { maxDocumentBytes: 1024 * 1024 });
    assert.match(err.toString(), new RegExp(`^${escape(file)}:2: too-large: record is 50\\.0 MiB .* over the 1\\.0 MiB limit$`));

    const raised = await collect(readDocuments([file], { maxDocumentBytes: 64 * 1024 * 1024 }));
    assert.deepEqual(raised.docs.map((d) => d.id), ['small-1', 'huge', 'small-2']);
    assert.ok(raised.docs[1]!.text.length >= 50 * 1024 * 1024 * 0.5);
    assert.ok(raised.docs[1]!.text.startsWith(piece.slice(0, 1000)));
  } finally {
    cleanup();
  }
});

test('a truncated .gz and .zst: the records before the damage are read, the break is reported at its line', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = makeRecords(400);
    for (const ext of ['gz', 'zst']) {
      const file = join(dir, `damaged.jsonl.${ext}`);
      const writer = openRecordWriter(file);
      for (const r of records) await writer.write(r);
      await writer.commit();
      truncateSync(file, Math.floor(statSync(file).size * 0.6));

      const got = await collect(readDocuments([file]));
      const n = got.docs.length;
      assert.ok(n > 50 && n < 400, `${ext}: ${n} records before the damage`);
      assert.deepEqual(got.docs.map((d) => d.record), records.slice(0, n));
      if (ext === 'gz') {
        // What zlib itself can recover from the damaged file: exactly those lines.
        const recoverable = gunzipSync(readFileSync(file), { finishFlush: zlib.Z_SYNC_FLUSH }).toString('utf8');
        assert.equal(n, recoverable.split('\n').length - 1);
      }
      const name = ext === 'gz' ? 'gzip' : 'zstd';
      assert.deepEqual(got.rejects.map(formatReject), [
        `${file}:${n + 1}: truncated-input: ${name} stream is damaged or truncated (unexpected end of file); ${n} records before line ${n + 1} were read, the rest of the file is lost`,
      ]);
      assert.ok(records[n]!.text !== undefined && JSON.stringify(records[n]).startsWith(got.rejects[0]!.raw!.slice(0, 100)));

      const err = await strictError([file]);
      assert.equal(err.line, n + 1);
      assert.match(err.toString(), new RegExp(`^${escape(file)}:${n + 1}: truncated-input: `));
    }
  } finally {
    cleanup();
  }
});

test('a corrupted (not just truncated) .gz is reported the same way', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'corrupt.jsonl.gz');
    const writer = openRecordWriter(file);
    for (const r of makeRecords(200)) await writer.write(r);
    await writer.commit();
    const bytes = readFileSync(file);
    bytes.fill(0x55, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64);
    writeFileSync(file, bytes);
    const records = makeRecords(200);
    const got = await collect(readDocuments([file]));
    const n = got.docs.length;
    assert.ok(n > 0 && n < 200);
    assert.deepEqual(got.docs.map((d) => d.record), records.slice(0, n));
    // gzip has no block checksums: bytes decoded from the damaged region may come out as
    // garbage lines (rejected one by one) before zlib notices; the break itself comes last.
    const last = got.rejects.at(-1)!;
    assert.match(formatReject(last), new RegExp(`^${escape(file)}:\\d+: truncated-input: gzip stream is damaged or truncated \\(`));
    for (const r of got.rejects.slice(0, -1)) assert.match(r.reason, /^(malformed-json|invalid-utf8|not-an-object|missing-text|text-not-string|empty-text): /);
  } finally {
    cleanup();
  }
});

test('trailing garbage after a .gz or .zst: the records are read, the garbage is reported', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = makeRecords(200);
    for (const ext of ['gz', 'zst']) {
      const file = join(dir, `garbage.jsonl.${ext}`);
      const writer = openRecordWriter(file);
      for (const r of records) await writer.write(r);
      await writer.commit();
      writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('not compressed at all\n')]));
      const got = await collect(readDocuments([file]));
      const n = got.docs.length;
      assert.deepEqual(got.docs.map((d) => d.record), records.slice(0, n));
      if (ext === 'zst') assert.equal(n, 200);
      // Node's zlib drops the output of the inflate step that fails: at most GUNZIP_CHUNK_BYTES.
      else assert.ok(Buffer.byteLength(toJsonl(records.slice(n))) <= GUNZIP_CHUNK_BYTES + 4096, `gzip: ${n} of 200 read`);
      assert.equal(got.rejects.length, 1);
      assert.match(formatReject(got.rejects[0]!), new RegExp(`^${escape(file)}:${n + 1}: truncated-input: ${ext === 'gz' ? 'gzip' : 'zstd'} stream is damaged or truncated \\(`));
    }
  } finally {
    cleanup();
  }
});

test('xz input is named as unsupported instead of being read as text', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'docs.jsonl.xz');
    writeFileSync(file, Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6]));
    await assert.rejects(collect(readDocuments([file])), (err: unknown) => err instanceof SitoError && err.toString() === `${file}: xz-compressed input is not supported (use plain, gzip or zstd)`);
  } finally {
    cleanup();
  }
});

test('a missing file and a glob that matches nothing stop the run before anything is read', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'present.jsonl'), '{"text":"a"}\n');
    const missing = join(dir, 'absent.jsonl');
    const events: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const e of readDocuments([join(dir, 'present.jsonl'), missing])) events.push(e.kind);
      })(),
      (err: unknown) => err instanceof SitoError && err.toString() === `${missing}: no such file`,
    );
    assert.deepEqual(events, [], 'nothing is read when an input is missing');
    const pattern = join(dir, '*.jsonl.zst');
    await assert.rejects(collect(readDocuments([pattern])), (err: unknown) => err instanceof SitoError && err.toString() === `no files match the pattern '${pattern}'`);
    await assert.rejects(collect(readDocuments([dir])), /is a directory/);
    await assert.rejects(collect(readDocuments([])), /no input files given/);
  } finally {
    cleanup();
  }
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
