/**
 * The shipped perplexity models, checked on the held-out samples the model build left in
 * models/lm/eval/ (text never trained on): each model tells its language from the others, each
 * document reads better than its own words shuffled within each line (and, on ~2 KB documents, the
 * two sets separate with ROC-AUC >= 0.99), and the separation agrees
 * with what the build recorded in the profile. A model is refused with a normaliser that differs
 * from the one it was trained with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBinaryLanguageModel } from '../../src/lm/load.js';
import { resolveNormalizerOptions } from '../../src/lm/normalize.js';
import { DocumentScorer, groupDocuments, groupDocumentsByChars, measureSeparation, parseParagraphs } from '../../src/corpus/calibrate.js';
import { SitoError } from '../../src/errors.js';
import { repoPath, sharedPath } from '../helpers.js';

interface Shipped {
  code: string;
  model: string;
  sample: string;
  normalizer: Record<string, unknown>;
  calibration: { auc_shuffled: number; auc_other_language: number };
}

const shipped: Shipped[] = readdirSync(repoPath('langs'))
  .filter((f) => f.endsWith('.json') && !f.includes('manifest'))
  .sort()
  .map((f) => JSON.parse(readFileSync(repoPath('langs', f), 'utf8')))
  .filter((p) => p.perplexity?.model && existsSync(repoPath(p.perplexity.model)))
  .map((p) => ({
    code: p.code,
    model: repoPath(p.perplexity.model),
    sample: repoPath('models', 'lm', 'eval', `${p.code}.txt`),
    // The LM normaliser: the perplexity section's own, else the profile's top-level one.
    normalizer: p.perplexity.normalizer ?? p.normalizer,
    calibration: p.perplexity.calibration,
  }));

/** Lingua's web sentences of a language, joined into documents of at least 40 words. */
function webDocuments(code: string): string[][] {
  const lines = readFileSync(sharedPath('lid', 'lingua', 'sentences', `${code}.txt`), 'utf8').split('\n').filter((l) => l.trim());
  return groupDocuments(lines.map((l) => [l]), 40);
}

const samples = new Map(shipped.filter((s) => existsSync(s.sample)).map((s) => [s.code, parseParagraphs(readFileSync(s.sample, 'utf8'))]));

test('Polish ships a perplexity model and an evaluation sample', () => {
  assert.ok(shipped.some((s) => s.code === 'pl'), 'langs/pl.json has no perplexity model');
  assert.ok(samples.has('pl'));
});

for (const s of shipped) {
  test(`${s.code}: perplexity separates held-out text from other languages and from its own shuffle`, () => {
    const normalizer = resolveNormalizerOptions(s.normalizer);
    const model = loadBinaryLanguageModel(s.model, { expectNormalizer: normalizer, name: s.model });
    const scorer = new DocumentScorer(model, normalizer);
    const own = samples.get(s.code)!;
    assert.ok(own.length >= 50, 'evaluation sample too small');
    const others = Object.fromEntries([...samples].filter(([c]) => c !== s.code).map(([c, docs]) => [c, docs.slice(0, 30)]));
    // Web sentences of languages not shipped yet make sure there are always negatives.
    for (const c of ['en', 'de', 'pl']) if (c !== s.code && !others[c]) others[c] = webDocuments(c).slice(0, 30);
    const r = measureSeparation(scorer, own, others, 'sito-models-test');
    assert.ok(r.auc_other_language >= 0.99, `AUC vs other languages ${r.auc_other_language} (${JSON.stringify(r.auc_by_language)})`);
    assert.ok(r.shuffled_worse >= 0.97, `only ${r.shuffled_worse} of documents read better than their shuffle`);
    // The sample agrees with the full held-out measurement the build wrote into the profile.
    assert.ok(Math.abs(r.auc_shuffled - s.calibration.auc_shuffled) < 0.08, `shuffled AUC ${r.auc_shuffled} vs recorded ${s.calibration.auc_shuffled}`);
    // Issue 4's target on web-page-sized documents (~2 KB, as the build's `_2kb` fields): the
    // native documents and their shuffles, as two unpaired sets, separate with ROC-AUC >= 0.99.
    const pages = groupDocumentsByChars(own, 2000);
    assert.ok(pages.length >= 12, `only ${pages.length} documents of 2,000 characters in the sample`);
    const r2kb = measureSeparation(scorer, pages, {}, 'sito-models-test');
    assert.ok(r2kb.auc_shuffled >= 0.99, `AUC vs shuffled on ${pages.length} 2 KB documents: ${r2kb.auc_shuffled}`);
  });
}

test('a model is refused with a normaliser other than its own', () => {
  const pl = shipped.find((s) => s.code === 'pl')!;
  const other = resolveNormalizerOptions({ ...pl.normalizer, accents: pl.normalizer.accents === 'strip' ? 'keep' : 'strip' });
  assert.throws(() => loadBinaryLanguageModel(pl.model, { expectNormalizer: other, name: pl.model }), (e: unknown) => e instanceof SitoError && /normaliser/.test((e as Error).message));
});
