/**
 * sito as a library: records in, tagged records out, with a real worker pool; the Duplex
 * stream drops into stream.pipeline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createSito } from '../../src/index.js';
import type { JsonRecord } from '../../src/index.js';
import { sharedPath } from '../helpers.js';

const polish = readFileSync(sharedPath('kenlm', 'data', 'test.pl.txt'), 'utf8').split('\n').filter((l) => l.split(' ').length >= 8).slice(0, 30);
const english = readFileSync(sharedPath('mt', 'pl-nmt.jsonl'), 'utf8').split('\n', 200).map((l) => (JSON.parse(l) as { en: string }).en).filter((t) => t.split(' ').length >= 10).slice(0, 30);

function* records(): Generator<JsonRecord> {
  for (let i = 0; i < 30; i++) {
    yield { id: `pl-${i}`, text: polish[i], extra: { keep: i } };
    yield { id: `en-${i}`, text: english[i] };
  }
}

test('tag(): an iterable of records in, tagged records out, in order, through worker threads', async () => {
  const sito = await createSito({ workers: 2, lidOnly: true });
  try {
    const out: JsonRecord[] = [];
    for await (const r of sito.tag(records())) out.push(r);
    assert.deepEqual(out.map((r) => r.id), [...records()].map((r) => r.id));
    assert.deepEqual(out[0]!.extra, { keep: 0 });
    const langs = out.map((r) => (r.sito as { lang: string }).lang);
    // Single sentences: LID may miss one or two, but not more.
    assert.ok(langs.filter((l, i) => l === (i % 2 === 0 ? 'pl' : 'en')).length >= 58);
    assert.equal(sito.resolveLanguage('pol_Latn'), 'pl');
  } finally {
    await sito.close();
  }
});

test('filter() keeps what the criteria say and reports every drop with its reason', async () => {
  const sito = await createSito({ workers: 0, lidOnly: true, onInvalid: 'pass' });
  try {
    const dropped: string[] = [];
    const kept: JsonRecord[] = [];
    const input = [...records(), { id: 'broken', body: 'no text field' }];
    const criteria = { langs: new Set(['pl']), minLangScore: new Map(), defaultMinLangScore: 0.5, maxMt: new Map() };
    for await (const r of sito.filter(input, criteria, (rec, reason) => dropped.push(`${rec.id} ${reason}`))) kept.push(r);
    assert.ok(kept.length >= 28 && kept.every((r) => String(r.id).startsWith('pl-')));
    assert.equal(kept.length + dropped.length, input.length, 'every record is kept or reported');
    assert.ok(dropped.some((d) => d.startsWith('broken missing-text')));
  } finally {
    await sito.close();
  }
});

test('stream(): an object-mode Duplex for stream.pipeline', async () => {
  const sito = await createSito({ workers: 1, lidOnly: true });
  const seen: JsonRecord[] = [];
  try {
    await pipeline(
      Readable.from(records()),
      sito.stream(),
      new Writable({ objectMode: true, write(chunk: JsonRecord, _enc, done) { seen.push(chunk); done(); } }),
    );
  } finally {
    await sito.close();
  }
  assert.equal(seen.length, 60);
  assert.equal((seen[0]!.sito as { lang: string }).lang, 'pl');
});
