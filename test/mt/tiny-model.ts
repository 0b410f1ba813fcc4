/**
 * The small real samples the MT tests train on (test/mt/fixtures), and the one tiny-model recipe
 * they share, so every test trains the same way.
 */
import { readFileSync } from 'node:fs';
import { toDocuments, trainMtModel, type TrainOptions } from '../../src/mt/train.js';
import { repoPath } from '../helpers.js';

export interface Rec { text: string; label: 'mt' | 'human'; group?: string }

export const fixture = (name: string): Rec[] =>
  readFileSync(repoPath('test', 'mt', 'fixtures', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);

/** The Polish sample as records of one-line documents (`d0`, `d1`, …). */
export const polishRecords = () => fixture('pl-sample.jsonl').map((r, i) => ({ ...r, doc: `d${i}`, line: i + 1 }));

/** The sample's paragraphs with `label`, as training documents of `kind`. */
export const documentsOf = (label: string, kind: 'mt' | 'human' | 'native') =>
  toDocuments(polishRecords().filter((r) => r.label === label), kind, 3000);

/** Options for a model small enough to train in a test (2^12 buckets, 2 epochs). */
export const TINY_OPTIONS = { lang: 'pl', features: { buckets: 1 << 12 }, epochs: 2, devFraction: 0.3, vocabularyBits: 1 << 12, bigramBits: 1 << 12 };

/** A tiny Polish model trained on the sample; `extra` adds options (an LM pair, threshold sets). */
export function trainTinyModel(extra: Partial<TrainOptions> = {}, thresholdSets?: Parameters<typeof trainMtModel>[0]['thresholdSets']) {
  return trainMtModel(
    { human: documentsOf('human', 'human'), mt: documentsOf('mt', 'mt'), native: [], ...(thresholdSets ? { thresholdSets } : {}) },
    { ...TINY_OPTIONS, ...extra },
  );
}
