/**
 * The last step of a language's model build: score its held-out text with the built model,
 * write the perplexity section of its profile (cut-offs measured, never typed), a small
 * evaluation sample the test suite re-checks, and a report with the separation numbers.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { SitoError } from '../errors.js';
import { loadBinaryLanguageModel } from '../lm/load.js';
import { resolveNormalizerOptions } from '../lm/normalize.js';
import {
  DocumentScorer, computeCutoffs, groupDocuments, groupDocumentsByChars, measureSeparation, quantile, readParagraphs, sample,
  type Cutoffs, type Separation,
} from './calibrate.js';
import { replaceProfileSection } from './profile-section.js';

export interface CalibrateOptions {
  lang: string;
  /** Directory with one sub-directory per language (the corpus build's --out). */
  corporaDir: string;
  /** The built model (.sitolm). */
  modelPath: string;
  /** The language profile to update: its perplexity section (normaliser included) is rewritten. */
  profilePath: string;
  /** Repository root: the model path is written relative to it. */
  repoRoot: string;
  /** Where to write the evaluation sample (paragraph blocks), for the test suite. */
  evalSamplePath?: string;
  /** Evaluation documents have at least this many words. */
  minDocWords?: number;
  /** Documents used for the AUCs (native side; other languages share as many). */
  aucDocuments?: number;
  /** The AUCs are measured a second time on documents of at least this many characters (web-document size). */
  webDocumentChars?: number;
  seed?: string;
  /** One web sentence per line in this language (e.g. ../shared/lid/lingua/sentences/<code>.txt):
   *  reports how real web text falls into the buckets, i.e. how far the cut-offs transfer. */
  webSentencesPath?: string;
  /** Extra facts to keep in the report (order, pruning, sizes). */
  model?: Record<string, unknown>;
}

export interface CalibrationReport {
  lang: string;
  text: 'heldout-native' | 'heldout';
  cutoffs: Cutoffs;
  /** Separation on 40-word documents. */
  separation: Separation;
  /** Separation on ~2 KB documents (at least `web_document_chars` characters). */
  separation_2kb: Separation & { web_document_chars: number };
  web?: { documents: number; median_perplexity: number; head: number; middle: number; tail: number };
  model?: Record<string, unknown>;
}

/** Held-out native text when there is enough of it, otherwise all held-out text (translations). */
export function evaluationText(corporaDir: string, lang: string, minDocs = 150): { kind: 'heldout-native' | 'heldout'; paragraphs: string[][] } {
  const native = join(corporaDir, lang, 'heldout-native.txt');
  if (existsSync(native)) {
    const paragraphs = readParagraphs(native);
    if (groupDocuments(paragraphs, 40).length >= minDocs) return { kind: 'heldout-native', paragraphs };
  }
  const all = join(corporaDir, lang, 'heldout.txt');
  if (!existsSync(all)) throw new SitoError(`no held-out text for '${lang}' (run 'sito corpus build' first)`, { file: all });
  return { kind: 'heldout', paragraphs: readParagraphs(all) };
}

export async function calibrateLanguage(o: CalibrateOptions): Promise<CalibrationReport> {
  const minWords = o.minDocWords ?? 40;
  const aucDocs = o.aucDocuments ?? 1000;
  const seed = o.seed ?? 'sito-calibrate-v1';
  const { ProfileRegistry } = await import('../langs/profile.js');
  const profile = ProfileRegistry.load(dirname(o.profilePath)).find(o.lang);
  if (!profile) throw new SitoError(`no profile for '${o.lang}'`, { file: o.profilePath });
  // The model says what it was trained on; this step attaches it to the profile, so the profile's
  // perplexity normaliser becomes the model's (the top-level one is left to other models).
  const model = loadBinaryLanguageModel(o.modelPath, { name: o.modelPath });
  if (model.normalizer === null) throw new SitoError("the model records no normaliser: build it with 'sito lm build --normalizer …'", { file: o.modelPath });
  const normalizer = resolveNormalizerOptions(model.normalizer as unknown as Record<string, unknown>, `normalizer of ${o.modelPath}`);
  const scorer = new DocumentScorer(model, normalizer);

  const own = evaluationText(o.corporaDir, o.lang);
  const docs = groupDocuments(own.paragraphs, minWords);
  const cutoffs = computeCutoffs(scorer, docs);

  const webChars = o.webDocumentChars ?? 2000;
  const others: Record<string, string[][]> = {};
  const others2k: Record<string, string[][]> = {};
  const otherLangs = readdirSync(o.corporaDir)
    .filter((d) => d !== o.lang && existsSync(join(o.corporaDir, d, 'heldout.txt')))
    .sort();
  const perLanguage = Math.ceil(aucDocs / Math.max(1, otherLangs.length));
  for (const code of otherLangs) {
    const text = evaluationText(o.corporaDir, code);
    others[code] = sample(groupDocuments(text.paragraphs, minWords), perLanguage, `${seed}:${code}`);
    others2k[code] = sample(groupDocumentsByChars(text.paragraphs, webChars), perLanguage, `${seed}:${code}`);
  }
  const separation = measureSeparation(scorer, sample(docs, aucDocs, `${seed}:${o.lang}`), others, seed);
  const docs2k = groupDocumentsByChars(own.paragraphs, webChars);
  const separation2k = { ...measureSeparation(scorer, sample(docs2k, aucDocs, `${seed}:${o.lang}`), others2k, seed, 1000), web_document_chars: webChars };

  const modelRel = isAbsolute(o.modelPath) ? relative(o.repoRoot, o.modelPath) : o.modelPath;
  replaceProfileSection(o.profilePath, 'perplexity', {
    model: modelRel.split('\\').join('/'),
    normalizer,
    cutoffs: { p30: cutoffs.p30, p60: cutoffs.p60 },
    tail_line_cutoff: cutoffs.tail_line_cutoff,
    calibration: {
      text: own.kind,
      documents: cutoffs.documents,
      min_document_words: minWords,
      auc_shuffled: separation.auc_shuffled,
      shuffled_worse: separation.shuffled_worse,
      auc_other_language: separation.auc_other_language,
      web_document_chars: webChars,
      documents_2kb: separation2k.documents,
      auc_shuffled_2kb: separation2k.auc_shuffled,
      auc_shuffled_2kb_interval: separation2k.auc_shuffled_interval,
      shuffled_worse_2kb: separation2k.shuffled_worse,
      auc_other_language_2kb: separation2k.auc_other_language,
    },
  });

  if (o.evalSamplePath) {
    mkdirSync(dirname(o.evalSamplePath), { recursive: true });
    const picked = sample(docs, 120, `${seed}:eval-sample:${o.lang}`);
    writeFileSync(o.evalSamplePath, picked.map((d) => `${d.join('\n')}\n`).join('\n'));
  }
  let web: CalibrationReport['web'];
  if (o.webSentencesPath && existsSync(o.webSentencesPath)) {
    const lines = readFileSync(o.webSentencesPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const webDocs = groupDocuments(lines.map((l) => [l]), minWords);
    const ppl = webDocs.map((d) => scorer.document(d));
    const share = (f: (p: number) => boolean): number => Math.round((ppl.filter(f).length / Math.max(1, ppl.length)) * 1000) / 1000;
    web = {
      documents: webDocs.length,
      median_perplexity: Math.round(quantile(ppl, 0.5) * 10) / 10,
      head: share((p) => p <= cutoffs.p30),
      middle: share((p) => p > cutoffs.p30 && p <= cutoffs.p60),
      tail: share((p) => p > cutoffs.p60),
    };
  }
  return { lang: o.lang, text: own.kind, cutoffs, separation, separation_2kb: separation2k, web, model: o.model };
}
