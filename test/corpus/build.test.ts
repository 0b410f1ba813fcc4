/**
 * The corpus pipeline and the model build on a small real slice (fortunes-pl and
 * libreoffice-help-pl files under fixtures/debian, as `dpkg -x` leaves them): the same inputs
 * give byte-identical corpora and models, reserved documents never appear, and held-out text is
 * whole documents that share no sentence with the training text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLanguage, dedupKey, extractSource, type CorpusLock } from '../../src/corpus/build.js';
import type { FetchedPackage } from '../../src/corpus/debian.js';
import { loadManifest } from '../../src/corpus/manifest.js';
import { ReservedDocuments } from '../../src/corpus/reserved.js';
import { parseParagraphs } from '../../src/corpus/calibrate.js';
import { calibrateLanguage } from '../../src/corpus/calibrate-language.js';
import { trainLanguageModel } from '../../src/lm/train/pipeline.js';
import { buildModelFromArpa } from '../../src/lm/arpa-model.js';
import { resolveNormalizerOptions } from '../../src/lm/normalize.js';
import { prepareSubwordCorpus } from '../../src/lm/subword-corpus.js';
import { repoPath, sharedPath, tempDir } from '../helpers.js';

const fixtures = repoPath('test', 'corpus', 'fixtures');
const manifestPath = join(fixtures, 'manifest.json');
const reservedPath = sharedPath('mt', 'reserved-documents.txt');

/** Packages come from the fixture tree instead of apt. */
function fixtureFetch(name: string): FetchedPackage {
  return { name, version: 'fixture-1', architecture: 'all', sha256: '0'.repeat(64), size: 0, dir: join(fixtures, 'debian', name) };
}

async function build(outDir: string): Promise<CorpusLock> {
  return buildLanguage(loadManifest(manifestPath), 'pl', { outDir, cacheDir: join(outDir, 'cache'), reservedPath, fetch: fixtureFetch });
}

function readAll(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

test('corpus build: deterministic, reserved documents excluded, held-out by whole document', async () => {
  const a = tempDir();
  const b = tempDir();
  try {
    const lockA = await build(a.dir);
    await build(b.dir);
    assert.deepEqual(readAll(join(a.dir, 'pl')), readAll(join(b.dir, 'pl')), 'two builds differ');

    const fortunes = lockA.sources.find((s) => s.id === 'fortunes')!;
    const help = lockA.sources.find((s) => s.id === 'libreoffice-help')!;
    // bajki, dowcipy and milosc are reserved fortunes-pl collections, 05020600.html a reserved help page.
    assert.equal(fortunes.reserved_excluded, 3); // bajki, dowcipy, milosc
    assert.equal(help.reserved_excluded, 1);
    assert.ok(fortunes.train_words > 300 && fortunes.heldout_words > 50, JSON.stringify(fortunes));
    assert.ok(help.train_words > 50, JSON.stringify(help));

    const train = readFileSync(join(a.dir, 'pl', 'train.txt'), 'utf8').split('\n').filter(Boolean);
    const heldout = parseParagraphs(readFileSync(join(a.dir, 'pl', 'heldout.txt'), 'utf8')).flat();
    const native = parseParagraphs(readFileSync(join(a.dir, 'pl', 'heldout-native.txt'), 'utf8')).flat();
    assert.ok(native.length > 0 && native.every((l) => heldout.includes(l)));
    const trainKeys = new Set(train.map(dedupKey));
    assert.ok(heldout.every((l) => !trainKeys.has(dedupKey(l))), 'a held-out sentence is also in train');

    // Whole documents: every sentence of a held-out fortune file is absent from train, and vice versa.
    const manifest = loadManifest(manifestPath).manifest;
    const docs = await extractSource(manifest.languages.pl.sources[0], [fixtureFetch('fortunes-pl').dir], manifest);
    const reserved = ReservedDocuments.load(reservedPath);
    const reservedText = docs.filter((d) => reserved.has('fortunes-pl', d.id)).flatMap((d) => d.paragraphs.flat());
    assert.ok(reservedText.length > 0);
    const everything = new Set([...train, ...heldout].map(dedupKey));
    assert.ok(reservedText.every((l) => !everything.has(dedupKey(l))), 'text of a reserved document leaked');
    for (const d of docs.filter((x) => !reserved.has('fortunes-pl', x.id))) {
      const keys = d.paragraphs.flat().map(dedupKey).filter((k) => everything.has(k));
      const inTrain = keys.filter((k) => trainKeys.has(k)).length;
      assert.ok(inTrain === 0 || inTrain === keys.length, `document ${d.id} is split between train and held-out`);
    }
    assert.equal(lockA.packages.map((p) => p.name).join(','), 'fortunes-pl,libreoffice-help-pl');
  } finally {
    a.cleanup();
    b.cleanup();
  }
});

test('model build on the slice, the shipped recipe (subword pieces, LM normaliser): same corpus gives the same .sitolm bytes and profile section', async () => {
  const work = tempDir();
  try {
    await build(work.dir);
    // A second language directory supplies the "other language" negatives.
    const profiles = join(work.dir, 'langs');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(profiles);
    // The profile without its perplexity section: calibration must write all of it.
    const { perplexity: _shipped, ...withoutModel } = JSON.parse(readFileSync(repoPath('langs', 'pl.json'), 'utf8'));
    writeFileSync(join(profiles, 'pl.json'), `${JSON.stringify(withoutModel, null, 2)}\n`);
    mkdirSync(join(work.dir, 'en'));
    writeFileSync(join(work.dir, 'en', 'heldout.txt'), readFileSync(sharedPath('lid', 'lingua', 'sentences', 'en.txt'), 'utf8').split('\n').slice(0, 200).join('\n\n'));
    // What scripts/build-models.sh does with the repository manifest's model settings: the LM
    // normaliser is the profile's with the model's settings laid over it, the text becomes BPE
    // pieces, the n-gram model is trained on the pieces and carries the tokenizer.
    const settings = loadManifest(repoPath('langs', 'corpus-manifest.json')).manifest.model;
    assert.ok(settings.subword, 'the shipped recipe trains on subword pieces');
    const profileNormalizer = JSON.parse(readFileSync(join(profiles, 'pl.json'), 'utf8')).normalizer;
    const normalizer = resolveNormalizerOptions({ ...profileNormalizer, ...(settings.normalizer ?? {}) });
    const builds: Buffer[] = [];
    const { mkdirSync: mk } = await import('node:fs');
    for (const name of ['a', 'b']) {
      // Same file names in two directories: the binary records the ARPA's base name.
      mk(join(work.dir, name));
      const tokenizerPath = join(work.dir, name, 'pl.sbpe');
      const piecesPath = join(work.dir, name, 'pieces.txt');
      prepareSubwordCorpus({ text: join(work.dir, 'pl', 'train.txt'), normalizer, vocabSize: settings.subword.vocab, tokenizerPath, piecesPath });
      const arpa = join(work.dir, name, 'pl.arpa');
      await trainLanguageModel({ order: settings.order, text: piecesPath, arpa, discountFallback: true, memory: '64M', tempPrefix: work.dir });
      const model = join(work.dir, name, 'pl.sitolm');
      const tokenizer = new Uint8Array(readFileSync(tokenizerPath));
      writeFileSync(model, new Uint8Array(await buildModelFromArpa(arpa, { quantize: settings.quantize, normalizer, tokenizer })));
      builds.push(readFileSync(model));
    }
    assert.ok(builds[0].equals(builds[1]), 'two model builds differ');
    const report = await calibrateLanguage({
      lang: 'pl', corporaDir: work.dir, modelPath: join(work.dir, 'a', 'pl.sitolm'), profilePath: join(profiles, 'pl.json'),
      repoRoot: work.dir, minDocWords: 10,
    });
    const profile = JSON.parse(readFileSync(join(profiles, 'pl.json'), 'utf8'));
    assert.deepEqual(Object.keys(profile).slice(0, 4), ['code', 'name', 'aliases', 'script'], 'other sections keep their place');
    assert.equal(profile.perplexity.model, 'a/pl.sitolm');
    assert.deepEqual(profile.perplexity.normalizer, normalizer, 'the profile records the LM normaliser');
    assert.deepEqual(profile.normalizer, profileNormalizer, 'the top-level normaliser (MT) is left alone');
    assert.equal(profile.perplexity.cutoffs.p30, report.cutoffs.p30);
    assert.ok(report.cutoffs.p30 > 1 && report.cutoffs.p30 <= report.cutoffs.p60, JSON.stringify(report.cutoffs));
    assert.ok(report.cutoffs.tail_line_cutoff >= report.cutoffs.p30);
    assert.equal(report.text, 'heldout', 'too little native text in the slice: falls back to all held-out text');
  } finally {
    work.cleanup();
  }
});
