import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { spawn, spawnSync } from 'node:child_process';
import { decompress as zstdDecompress } from 'zstd-napi';
import { openRecordWriter } from '../../src/io/writer.js';
import { WriterSet } from '../../src/io/writer-set.js';
import { openRejectSink } from '../../src/io/reject-sink.js';
import { readDocuments } from '../../src/io/reader.js';
import { openWriterCount } from '../../src/io/open-writers.js';
import { SitoError } from '../../src/errors.js';
import { repoPath, tempDir } from '../helpers.js';
import { collect, makeRecords } from './corpus.js';

test('JSONL written plain, .gz and .zst reads back record for record; the compression is real', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = makeRecords(500).map((r, i) => ({ ...r, sito: { lang: 'pl', lang_score: 0.99, n: i } }));
    for (const name of ['out.jsonl', 'out.jsonl.gz', 'out.jsonl.zst']) {
      const path = join(dir, name);
      const writer = openRecordWriter(path);
      for (const r of records) await writer.write(r);
      assert.equal(existsSync(path), false, 'nothing at the final path before commit');
      await writer.commit();
      assert.equal(writer.records, records.length);
      const bytes = readFileSync(path);
      const plain = name.endsWith('.gz') ? gunzipSync(bytes) : name.endsWith('.zst') ? zstdDecompress(bytes) : bytes;
      if (name !== 'out.jsonl') assert.ok(bytes.length < plain.length / 2, `${name} is compressed`);
      assert.equal(plain.toString('utf8'), records.map((r) => JSON.stringify(r) + '\n').join(''));
      const back = await collect(readDocuments([path]));
      assert.deepEqual(back.docs.map((d) => d.record), records);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['out.jsonl', 'out.jsonl.gz', 'out.jsonl.zst'], 'no temporary files left');
  } finally {
    cleanup();
  }
});

test('writeTagged appends the tags to the line as read: every other byte of the record stays as it was', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const input = join(dir, 'in.jsonl');
    const lines = [
      '{"id": 12345678901234567890, "text": "caf\\u00e9 \\ud83d\\ude00", "x": 1.0, "y": 1e-7}',
      '{"text":"ma już klucz","sito":{"old":true},"z":0}',
      '  {"text" : "spacje"  }  ',
    ];
    writeFileSync(input, lines.join('\n') + '\n');
    const docs = (await collect(readDocuments([input]))).docs;
    assert.equal(docs[0]!.text, 'café 😀');
    const out = join(dir, 'out.jsonl');
    const writer = openRecordWriter(out);
    for (const doc of docs) await writer.writeTagged(doc, 'sito', { lang: 'pl', lang_score: 0.5 });
    await writer.writeTagged({ record: { text: 'no line' } }, 'sito', { lang: 'und' });
    await writer.commit();
    assert.deepEqual(readFileSync(out, 'utf8').split('\n'), [
      '{"id": 12345678901234567890, "text": "caf\\u00e9 \\ud83d\\ude00", "x": 1.0, "y": 1e-7,"sito":{"lang":"pl","lang_score":0.5}}',
      // A record that already has the key: re-serialised, the key keeps its place.
      '{"text":"ma już klucz","sito":{"lang":"pl","lang_score":0.5},"z":0}',
      '  {"text" : "spacje","sito":{"lang":"pl","lang_score":0.5}}',
      '{"text":"no line","sito":{"lang":"und"}}',
      '',
    ]);
    const back = await collect(readDocuments([out]));
    assert.deepEqual(back.docs.map((d) => Object.keys(d.record).at(-1)), ['sito', 'z', 'sito', 'sito']);
  } finally {
    cleanup();
  }
});

test('until commit the data lives in a hidden temporary file; abort removes it and leaves an older file intact', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'result.jsonl.zst');
    writeFileSync(path, 'previous run');
    const writer = openRecordWriter(path);
    for (const r of makeRecords(100)) await writer.write(r);
    const temps = readdirSync(dir).filter((f) => f !== 'result.jsonl.zst');
    assert.equal(temps.length, 1);
    assert.match(temps[0]!, /^\.result\.jsonl\.zst\.\d+-[0-9a-f]+\.tmp$/);
    assert.equal(openWriterCount() >= 1, true);
    await writer.abort();
    await writer.abort();
    assert.deepEqual(readdirSync(dir), ['result.jsonl.zst']);
    assert.equal(readFileSync(path, 'utf8'), 'previous run');
    await assert.rejects(writer.write({ text: 'late' }), /write after aborted/);

    const second = openRecordWriter(path);
    await second.write({ text: 'new' });
    await second.commit();
    assert.equal(zstdDecompress(readFileSync(path)).toString(), '{"text":"new"}\n');
    assert.deepEqual(readdirSync(dir), ['result.jsonl.zst']);
  } finally {
    cleanup();
  }
});

test('text output writes only the text field, per line or per block, and reads back as the same documents', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const records = [{ text: 'pierwszy\nwiersz' }, { body: { t: 'x' }, text: 'drugi' }, { text: 'trzeci\n\n\nz pustymi\n  \nliniami\n' }];
    const lines = join(dir, 'lines.txt');
    const blocks = join(dir, 'blocks.txt.gz');
    const lw = openRecordWriter(lines, { format: 'text' });
    const bw = openRecordWriter(blocks, { format: 'text', textUnit: 'block' });
    for (const r of records) {
      await lw.write(r);
      await bw.write(r);
    }
    await Promise.all([lw.commit(), bw.commit()]);
    assert.equal(readFileSync(lines, 'utf8'), 'pierwszy wiersz\ndrugi\ntrzeci   z pustymi    liniami \n');
    assert.equal(gunzipSync(readFileSync(blocks)).toString(), 'pierwszy\nwiersz\n\ndrugi\n\ntrzeci\nz pustymi\nliniami\n\n');
    const back = await collect(readDocuments([blocks], { format: 'text', textUnit: 'block' }));
    assert.deepEqual(back.docs.map((d) => d.text), ['pierwszy\nwiersz', 'drugi', 'trzeci\nz pustymi\nliniami']);
    const bad = openRecordWriter(join(dir, 'bad.txt'), { format: 'text' });
    await assert.rejects(bad.write({ id: 1 }), /no string "text" field/);
    await bad.abort();
  } finally {
    cleanup();
  }
});

test("'-' writes to stdout, plain or compressed", () => {
  const script = repoPath('dist', 'test', 'io', 'fixtures', 'write-stdout.js');
  const expected = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, text: `dokument numer ${i} — zażółć` }) + '\n').join('');
  for (const compression of ['none', 'gzip', 'zstd']) {
    const run = spawnSync(process.execPath, [script, compression, '3000'], { maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr.toString());
    const out = compression === 'gzip' ? gunzipSync(run.stdout) : compression === 'zstd' ? zstdDecompress(run.stdout) : run.stdout;
    assert.equal(out.toString('utf8'), expected, compression);
  }
});

test('when the reader of stdout goes away, writing fails with OutputClosedError', async () => {
  const script = repoPath('dist', 'test', 'io', 'fixtures', 'write-stdout.js');
  for (const compression of ['none', 'zstd']) {
    const child = spawn(process.execPath, [script, compression, '1000000']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 3, stderr);
    assert.equal(stderr, 'OutputClosedError: -: output closed before everything was written (broken pipe)\n');
  }
});

test('a writer set opens one file per key on first use and commits or aborts them together', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const out = join(dir, 'by-lang');
    const set = new WriterSet(out, { pattern: '{key}.jsonl.gz' });
    const records = makeRecords(30, 200);
    for (const [i, r] of records.entries()) await set.write(['pl', 'en', 'zh-Hant'][i % 3]!, r);
    await set.write('../escape', { text: 'x' });
    assert.deepEqual(set.keys, ['pl', 'en', 'zh-Hant', '../escape']);
    await set.commit();
    assert.deepEqual(readdirSync(out).sort(), ['.._escape.jsonl.gz', 'en.jsonl.gz', 'pl.jsonl.gz', 'zh-Hant.jsonl.gz']);
    const pl = await collect(readDocuments([join(out, 'pl.jsonl.gz')]));
    assert.deepEqual(pl.docs.map((d) => d.record), records.filter((_, i) => i % 3 === 0));

    const aborted = new WriterSet(join(dir, 'aborted'));
    await aborted.write('pl', { text: 'a' });
    await aborted.write('cs', { text: 'b' });
    await aborted.abort();
    assert.deepEqual(readdirSync(join(dir, 'aborted')), []);
    assert.throws(() => new WriterSet(dir, { pattern: 'all.jsonl' }), /has no \{key\}/);
    const clash = new WriterSet(join(dir, 'clash'));
    clash.get('a/b');
    assert.throws(() => clash.get('a:b'), /keys 'a\/b' and 'a:b' would both be written to a_b.jsonl/);
    await clash.abort();
  } finally {
    cleanup();
  }
});

test('the reject sink writes reason, file, line and the record or raw line, and counts reasons', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'rejected.jsonl.zst');
    const sink = openRejectSink(path);
    await sink.write({ source: { file: 'a.jsonl', line: 2 }, reason: 'malformed-json: Unexpected end of JSON input', raw: '{"te' });
    await sink.write({ source: { file: 'a.jsonl', line: 5 }, reason: 'lang: pl not in [cs]', record: { id: 1, text: 'Ahoj' } });
    await sink.write({ source: { file: 'b.jsonl', line: 1 }, reason: 'malformed-json: x', raw: '{' });
    await sink.commit();
    const lines = zstdDecompress(readFileSync(path)).toString().trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, [
      { reason: 'malformed-json: Unexpected end of JSON input', file: 'a.jsonl', line: 2, raw: '{"te' },
      { reason: 'lang: pl not in [cs]', file: 'a.jsonl', line: 5, record: { id: 1, text: 'Ahoj' } },
      { reason: 'malformed-json: x', file: 'b.jsonl', line: 1, raw: '{' },
    ]);
    assert.deepEqual([...sink.counts], [['malformed-json', 2], ['lang', 1]]);
    assert.equal(sink.total, 3);
    const countOnly = openRejectSink(undefined);
    await countOnly.write({ source: { file: '-', line: 1 }, reason: 'too-large: …' });
    await countOnly.commit();
    assert.equal(countOnly.counts.get('too-large'), 1);
  } finally {
    cleanup();
  }
});

test('an output path that cannot be created is a one-line SitoError', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'file'), '');
    assert.throws(
      () => openRecordWriter(join(dir, 'file', 'out.jsonl')),
      (err: unknown) => err instanceof SitoError && /out\.jsonl: cannot write: /.test(err.toString()),
    );
  } finally {
    cleanup();
  }
});

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal} aborts every open writer, runs the cleanup and exits ${code}, leaving no output`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, 'by-lang'));
      const child = spawn(process.execPath, [repoPath('dist', 'test', 'io', 'fixtures', 'interrupted-writer.js'), dir]);
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
        child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
      });
      const temps = readdirSync(dir).filter((f) => f.endsWith('.tmp')).length + readdirSync(join(dir, 'by-lang')).length;
      assert.equal(temps, 4, 'the writers had their temporary files open');
      child.kill(signal);
      const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      assert.equal(exitCode, code, stderr);
      assert.match(stderr, new RegExp(`got ${signal}\\ncleanup ran`));
      assert.deepEqual(readdirSync(dir), ['by-lang']);
      assert.deepEqual(readdirSync(join(dir, 'by-lang')), []);
    } finally {
      cleanup();
    }
  });
}

test('a run that dies of an uncaught exception leaves no temporary files either', () => {
  const { dir, cleanup } = tempDir();
  try {
    const run = spawnSync(process.execPath, [repoPath('dist', 'test', 'io', 'fixtures', 'interrupted-writer.js'), dir, 'crash'], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /a bug, not a signal/);
    assert.deepEqual(readdirSync(dir), ['by-lang']);
    assert.deepEqual(readdirSync(join(dir, 'by-lang')), []);
  } finally {
    cleanup();
  }
});

test('a named pipe (or a device like /dev/null) is written in place, never replaced by a renamed file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const fifo = join(dir, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    // A reader on the other end, as another process of a pipeline would be.
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const closed = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const writer = openRecordWriter(fifo);
    await writer.write({ id: 1, text: 'pierwszy' });
    await writer.write({ id: 2, text: 'drugi' });
    await writer.commit();
    await closed;
    assert.deepEqual(received.trim().split('\n').map((l) => JSON.parse(l).id), [1, 2]);
    assert.ok(statSync(fifo).isFIFO(), 'the pipe is still a pipe');
    assert.deepEqual(readdirSync(dir), ['pipe'], 'no temporary file left beside it');
  } finally {
    cleanup();
  }
});

test('serialised bytes and single lines keep the order of the calls, compressed too, and count as records', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'mixed.jsonl.gz');
    const writer = openRecordWriter(path);
    const encode = (lines: string[]) => new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
    await writer.writeLine('{"n":1}');
    await writer.writeSerialized(encode(['{"n":2}', '{"n":3,"s":"żółw"}']), 2);
    await writer.write({ n: 4 });
    await writer.writeSerialized(new Uint8Array(0), 0);
    await writer.writeSerialized(encode(['{"n":5}']), 1);
    assert.equal(writer.records, 5);
    await writer.commit();
    const lines = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n');
    assert.deepEqual(lines.map((l) => JSON.parse(l).n), [1, 2, 3, 4, 5]);
    assert.equal(JSON.parse(lines[2]!).s, 'żółw');
  } finally {
    cleanup();
  }
});
