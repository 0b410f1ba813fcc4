/**
 * The package fetcher against the real Debian archive: one 95 KB package (fortunes-br) is
 * downloaded with apt-get, checked against apt's checksum and unpacked partially. Skipped where
 * apt has no package lists (run `apt-get update` once).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { aptCandidate, fetchPackage } from '../../src/corpus/debian.js';
import { SitoError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';

const aptKnows = spawnSync('apt-cache', ['show', '--no-all-versions', 'fortunes-br'], { encoding: 'utf8' }).stdout?.includes('Package: fortunes-br');

test('fetchPackage downloads, verifies and unpacks only the requested directory', { skip: aptKnows ? false : 'apt has no package lists here (apt-get update)', timeout: 60_000 }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const pkg = fetchPackage('fortunes-br', ['usr/share/games/fortunes'], dir);
    assert.equal(pkg.version, aptCandidate('fortunes-br').version);
    assert.match(pkg.sha256, /^[0-9a-f]{64}$/);
    assert.ok(existsSync(join(pkg.dir, 'usr/share/games/fortunes/brasil')));
    assert.ok(!existsSync(join(pkg.dir, 'usr/share/doc')), 'unpacked more than the requested root');
    // A second fetch uses the cache (same file, no second download).
    const again = fetchPackage('fortunes-br', ['usr/share/games/fortunes'], dir);
    assert.equal(again.dir, pkg.dir);
    assert.equal(readdirSync(join(dir, 'debs')).length, 1);
    assert.throws(() => fetchPackage('fortunes-br', ['usr'], dir, '0.0-does-not-exist'), (e: unknown) => e instanceof SitoError && /pinned by the lock/.test((e as Error).message));
  } finally {
    cleanup();
  }
});
