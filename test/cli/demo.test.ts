/**
 * The README's main job on the embedded sample, end to end with the shipped models: the Polish
 * documents (native and human-translated) are kept, every other language is dropped, and most of
 * the Polish machine translation is dropped with an `mt` reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath, sitoBin, tempDir } from '../helpers.js';

test('sito filter --lang pl on the embedded sample keeps the Polish documents', () => {
  const { dir, cleanup } = tempDir();
  try {
    const out = join(dir, 'pl.jsonl');
    const rejected = join(dir, 'rejected.jsonl');
    const r = spawnSync(process.execPath, [sitoBin, 'filter', '--lang', 'pl', repoPath('samples', 'web-sample.jsonl.gz'), '-o', out, '--rejected', rejected], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const kept = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const dropped = readFileSync(rejected, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const read = Number(/read (\d+) = kept (\d+) \+ rejected (\d+)/.exec(r.stderr)![1]);
    assert.equal(read, kept.length + dropped.length);
    assert.ok(kept.every((k) => k.id.startsWith('pl-') || k.id.startsWith('mixed-pl')), 'only Polish is kept');
    const humanPolish = (rows: { id: string }[]) => rows.filter((x) => /^pl-(native|human)-/.test(x.id)).length;
    assert.ok(humanPolish(dropped) <= 2, `native/human Polish dropped: ${humanPolish(dropped)}`);
    assert.ok(humanPolish(kept) >= 58);
    const mtDropped = dropped.filter((d) => d.record.id.startsWith('pl-mt-'));
    assert.ok(mtDropped.length >= 20, `machine-translated Polish dropped: ${mtDropped.length} of 30`);
    assert.ok(mtDropped.every((d) => d.reason.startsWith('mt')));
    assert.ok(dropped.filter((d) => !d.record.id.startsWith('pl-')).every((d) => d.reason.startsWith('lang')));
    assert.equal(kept[0].sito.lang, 'pl');
    assert.equal(typeof kept[0].sito.perplexity, 'number');
    assert.equal(typeof kept[0].sito.mt_prob, 'number');
  } finally {
    cleanup();
  }
});
