/**
 * Fusion of fastText lid.176 and CLD3 into one label and a calibrated score, as a cascade:
 * fastText always runs (it is the cheap engine here); CLD3 is consulted only when fastText is
 * unsure, with a stricter threshold for languages of a confusable group (hr/bs/sr/sh,
 * nb/nn/no/da, …), where the two engines fail differently.
 *
 * Every number in here comes from `models/lid/fusion.json`, fitted by `scripts/lid-fit-fusion.ts`
 * on calibration data that is NOT the Lingua benchmark (UDHR translations, Debian UI strings and
 * Polish KenLM text; see models/lid/README.md). Nothing is hand-tuned on the benchmark.
 */
import { readFileSync } from 'node:fs';
import type { Cld3Result } from './cld3.js';

export interface FusionGroup {
  name: string;
  langs: string[];
  /** The engine whose label wins when both engines name (different) languages of this group. */
  prefer: 'fasttext' | 'cld3';
  /**
   * When present, decides in-group disagreements instead of `prefer`: CLD3's label wins when
   * w · disagreementFeatures(…) > 0.
   */
  cld3Weights?: number[];
}

export interface FusionParams {
  /** fastText top-1 probability at or above which CLD3 is not consulted (outside groups). */
  acceptFastTextAbove: number;
  /** The same for labels of a confusable group (fastText is often sure there and still wrong). */
  acceptGroupedAbove: number;
  groups: FusionGroup[];
  /**
   * Disagreements outside the groups: CLD3's label wins when w · disagreementFeatures(…) > 0
   * (a logistic model of "CLD3 is the one that is right", fitted where exactly one engine is).
   */
  disagreementWeights: number[];
  /** Final score: σ(w · features(…)), features as in `scoreFeatures`. */
  scoreWeights: number[];
  /** Where the parameters came from (kept in the JSON for the reader). */
  fittedOn?: string;
}

/** A label with its probability from one engine (canonical codes). */
export interface Candidate {
  lang: string;
  p: number;
}

export interface FusionOutcome {
  lang: string;
  score: number;
  /** Whether CLD3 was run for this decision. */
  usedCld3: boolean;
}

export function loadFusionParams(path: string): FusionParams {
  return JSON.parse(readFileSync(path, 'utf8')) as FusionParams;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-4), 1 - 1e-4);
  return Math.log(q / (1 - q));
}

/**
 * Features of the final score, in the order of `scoreWeights`:
 * bias, logit of fastText's probability for the chosen label, CLD3 consulted, logit of CLD3's
 * probability for the chosen label (0 when not consulted; CLD3's top probability counts only when
 * CLD3 named the chosen label), the engines agree, the label is in a confusable group, and
 * log(1 + letters): short texts are wrong far more often at the same engine probability.
 */
export function scoreFeatures(pFastText: number, cld3: Cld3Result | undefined, lang: string, grouped: boolean, letters: number): number[] {
  const consulted = cld3 !== undefined && cld3.lang !== 'und';
  const pc = consulted ? (cld3.lang === lang ? cld3.probability : (1 - cld3.probability) / 10) : 0.5;
  const agree = consulted && cld3.lang === lang ? 1 : 0;
  return [1, logit(pFastText), consulted ? 1 : 0, consulted ? logit(pc) : 0, agree, grouped ? 1 : 0, Math.log1p(letters)];
}

/** bias, logit of fastText's top probability, logit of CLD3's, log(1 + letters). */
export function disagreementFeatures(pFastText: number, pCld3: number, letters: number): number[] {
  return [1, logit(pFastText), logit(pCld3), Math.log1p(letters)];
}

function dot(w: number[], x: number[]): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) z += (w[i] ?? 0) * x[i]!;
  return z;
}

export class Fusion {
  private readonly groupOf = new Map<string, FusionGroup>();

  constructor(readonly params: FusionParams) {
    for (const g of params.groups) for (const l of g.langs) this.groupOf.set(l, g);
  }

  group(lang: string): FusionGroup | undefined {
    return this.groupOf.get(lang);
  }

  /** Whether two labels are the same language or members of one confusable group. */
  sameGroup(a: string, b: string): boolean {
    if (a === b) return true;
    const g = this.groupOf.get(a);
    return g !== undefined && g === this.groupOf.get(b);
  }

  /** Whether the cascade has to ask CLD3 about this fastText answer. */
  needsCld3(top: Candidate): boolean {
    return this.groupOf.has(top.lang) ? top.p < this.params.acceptGroupedAbove : top.p < this.params.acceptFastTextAbove;
  }

  /**
   * Decides one label. `fastText` is fastText's ranked candidates (canonical, merged);
   * `runCld3` is called only if the cascade needs it; `cyrillic` tells whether the text is
   * mostly Cyrillic (for the Serbian/Croatian/Bosnian group, where script settles it);
   * `letters` is how many letters the analysed text has (a feature of the score).
   */
  decide(fastText: Candidate[], runCld3: () => Cld3Result, cyrillic: boolean, letters: number): FusionOutcome {
    const top = fastText[0];
    if (top === undefined) return { lang: 'und', score: 0, usedCld3: false };
    const pFt = (lang: string): number => fastText.find((c) => c.lang === lang)?.p ?? 0;
    let cld3: Cld3Result | undefined;
    let lang = top.lang;
    if (this.needsCld3(top)) {
      cld3 = runCld3();
      if (cld3.lang !== 'und' && cld3.lang !== top.lang) {
        const gFt = this.groupOf.get(top.lang);
        const gC = this.groupOf.get(cld3.lang);
        const x = disagreementFeatures(top.p, cld3.probability, letters);
        if (gFt !== undefined && gFt === gC) {
          const wins = gFt.cld3Weights ? dot(gFt.cld3Weights, x) > 0 : gFt.prefer === 'cld3';
          if (wins) lang = cld3.lang;
        } else if (dot(this.params.disagreementWeights, x) > 0) {
          lang = cld3.lang;
        }
      }
    }
    lang = this.resolveSerboCroatian(lang, fastText, cld3, cyrillic);
    const grouped = this.groupOf.has(lang);
    const x = scoreFeatures(pFt(lang), cld3, lang, grouped, letters);
    return { lang, score: sigmoid(dot(this.params.scoreWeights, x)), usedCld3: cld3 !== undefined };
  }

  /**
   * Script decides Serbian in Cyrillic (Croatian and Bosnian are written in Latin script), and
   * fastText's `sh` is resolved to the best-ranked of hr/bs/sr so the output is a usable label.
   */
  private resolveSerboCroatian(lang: string, fastText: Candidate[], cld3: Cld3Result | undefined, cyrillic: boolean): string {
    if (!['sh', 'hr', 'bs', 'sr'].includes(lang)) return lang;
    if (cyrillic) return 'sr';
    if (lang !== 'sh') return lang;
    if (cld3 && ['hr', 'bs', 'sr'].includes(cld3.lang)) return cld3.lang;
    return fastText.find((c) => ['hr', 'bs', 'sr'].includes(c.lang))?.lang ?? 'hr';
  }
}
