import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createMtScorer } from '../../src/mt/scorer.js';
import { rocAuc } from '../../src/mt/eval.js';
import type { SitoTags } from '../../src/pipeline/types.js';
import { repoPath } from '../helpers.js';

interface Rec { text: string; label: 'mt' | 'human' }
const fixture = (name: string): Rec[] =>
  readFileSync(repoPath('test', 'mt', 'fixtures', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
const tags = (lang: string): SitoTags => ({ lang, lang_score: 1, lang_shares: { [lang]: 1 } });

// Fixtures are cut from the held-out test sets (never trained on): Polish paragraphs from the
// weak NMT system vs human translations and native fortunes; Spanish Apertium output from English
// and (unseen in training) French vs human LibreOffice help and native fortunes.
for (const [lang, file, minAuc] of [['pl', 'pl-sample.jsonl', 0.85], ['es', 'es-sample.jsonl', 0.9]] as const) {
  test(`shipped ${lang} model separates real MT from human text on a fixed sample`, () => {
    const scorer = createMtScorer();
    const recs = fixture(file);
    const scored = recs.map((r) => {
      const t = tags(lang);
      scorer.score(r.text, t);
      assert.equal(typeof t.mt_prob, 'number');
      assert.ok(t.mt_prob! >= 0 && t.mt_prob! <= 1);
      assert.ok(Array.isArray(t.mt_evidence));
      return { score: t.mt_prob!, positive: r.label === 'mt', evidence: t.mt_evidence! };
    });
    const auc = rocAuc(scored);
    assert.ok(auc >= minAuc, `ROC-AUC ${auc.toFixed(3)} < ${minAuc}`);
    const mean = (pos: boolean) => scored.filter((s) => s.positive === pos).reduce((a, s) => a + s.score, 0) / scored.filter((s) => s.positive === pos).length;
    assert.ok(mean(true) > mean(false) + 0.3, `mean mt_prob MT ${mean(true).toFixed(2)} vs human ${mean(false).toFixed(2)}`);
    // Evidence is named only for what pushed towards MT, and MT documents get some.
    assert.ok(scored.filter((s) => s.positive && s.score > 0.5).every((s) => s.evidence.length > 0));
  });
}

test('looping output fires the looping evidence', () => {
  const scorer = createMtScorer();
  const t = tags('pl');
  scorer.score('Struktura pola listy listy listy listy listy listy listy listy (Geeeeeeeeeeeeeeeeeeeeeeeeeeee adresy adresy adresy adresy adresy).', t);
  assert.ok(t.mt_evidence!.includes('looping'), JSON.stringify(t));
  assert.ok(t.mt_prob! > 0.9);
});

test('documents in a language without an MT model, or without words, get no MT tags', () => {
  const scorer = createMtScorer();
  const t = tags('xx');
  scorer.score('Some text in a language with no model.', t);
  assert.equal(t.mt_prob, undefined);
  assert.equal(t.mt_evidence, undefined);
  const e = tags('pl');
  scorer.score('  \n ... \n', e);
  assert.equal(e.mt_prob, undefined);
});

test('a fixed language overrides tags.lang', () => {
  const scorer = createMtScorer({ lang: 'es' });
  const t = tags('und');
  scorer.score('Pulse en Aceptar para cerrar el cuadro de diálogo.', t);
  assert.equal(typeof t.mt_prob, 'number');
});
