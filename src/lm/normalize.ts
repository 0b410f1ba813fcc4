/**
 * CCNet-style text normalisation for n-gram LMs (after cc_net's text_normalizer.py), used both
 * to prepare training text and to score documents, so both sides see identical tokens:
 *
 *   NFC → lower-case → (strip accents) → every Unicode digit to 0 → Unicode punctuation map →
 *   every whitespace character to a space → remove control/format/unassigned characters (\p{C})
 *   → collapse spaces and trim → (word segmentation with Intl.Segmenter for scripts without spaces)
 *
 * The result is one line of tokens separated by single ASCII spaces, which is exactly how
 * KenLM tokenises (ALGORITHM.md §1, §7). Whitespace is turned into spaces *before* control
 * characters are removed, so a tab or newline separates words instead of gluing them.
 */
import { SitoError } from '../errors.js';

export interface NormalizerOptions {
  /** Lower-case the text (Unicode full case mapping). */
  lowercase: boolean;
  /** 'zero': every Unicode decimal digit (\p{Nd}) becomes '0'. */
  digits: 'zero' | 'keep';
  /** 'ccnet': cc_net's Unicode punctuation map; 'remove': delete those characters; 'keep'. */
  punctuation: 'ccnet' | 'remove' | 'keep';
  /** 'strip' removes combining marks after NFD (cc_net's default); Polish keeps them. */
  accents: 'keep' | 'strip';
  /** 'space': the text already separates words by spaces; 'intl': Intl.Segmenter word breaks. */
  segmenter: 'space' | 'intl';
  /** Locale for Intl.Segmenter (only used with segmenter 'intl'). */
  locale?: string;
}

/** Settings of the KenLM reference pack and of Polish: cc_net's normaliser, accents kept. */
export const DEFAULT_NORMALIZER: Readonly<NormalizerOptions> = Object.freeze({
  lowercase: true,
  digits: 'zero',
  punctuation: 'ccnet',
  accents: 'keep',
  segmenter: 'space',
});

const CHOICES: Record<string, readonly unknown[]> = {
  lowercase: [true, false],
  digits: ['zero', 'keep'],
  punctuation: ['ccnet', 'remove', 'keep'],
  accents: ['keep', 'strip'],
  segmenter: ['space', 'intl'],
};

/**
 * Completes a profile's `normalizer` section (missing keys take the defaults) and checks it.
 * Unknown keys are an error: a typo must not silently change how text is tokenised.
 */
export function resolveNormalizerOptions(partial: Partial<Record<string, unknown>> | undefined, where = 'normalizer settings'): NormalizerOptions {
  const merged: Record<string, unknown> = { ...DEFAULT_NORMALIZER, ...(partial ?? {}) };
  for (const [key, value] of Object.entries(merged)) {
    if (key === 'locale') {
      if (value !== undefined && typeof value !== 'string') throw new SitoError(`${where}: "locale" must be a string`);
      continue;
    }
    const allowed = CHOICES[key];
    if (!allowed) throw new SitoError(`${where}: unknown option "${key}" (known: ${[...Object.keys(CHOICES), 'locale'].join(', ')})`);
    if (!allowed.includes(value)) throw new SitoError(`${where}: "${key}" must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${JSON.stringify(value)}`);
  }
  const opts: NormalizerOptions = {
    lowercase: merged.lowercase as boolean,
    digits: merged.digits as NormalizerOptions['digits'],
    punctuation: merged.punctuation as NormalizerOptions['punctuation'],
    accents: merged.accents as NormalizerOptions['accents'],
    segmenter: merged.segmenter as NormalizerOptions['segmenter'],
  };
  if (opts.segmenter === 'intl' && typeof merged.locale === 'string') opts.locale = merged.locale;
  return opts;
}

/**
 * Canonical text of the settings (fixed key order, defaults filled in), stored in binary
 * models and compared when a model is used: equal strings mean identical tokenisation.
 */
export function normalizerKey(opts: NormalizerOptions): string {
  const o = resolveNormalizerOptions(opts as unknown as Record<string, unknown>);
  const parts = [`lowercase=${o.lowercase}`, `digits=${o.digits}`, `punctuation=${o.punctuation}`, `accents=${o.accents}`, `segmenter=${o.segmenter}`];
  if (o.segmenter === 'intl') parts.push(`locale=${o.locale ?? ''}`);
  return parts.join(';');
}

/** cc_net's UNICODE_PUNCT (text_normalizer.py). */
const UNICODE_PUNCT: Record<string, string> = {
  '，': ',', '。': '.', '、': ',', '„': '"', '”': '"', '“': '"', '«': '"', '»': '"', '１': '"',
  '」': '"', '「': '"', '《': '"', '》': '"', '´': "'", '∶': ':', '：': ':', '？': '?', '！': '!',
  '（': '(', '）': ')', '；': ';', '–': '-', '—': ' - ', '．': '. ', '～': '~', '’': "'",
  '…': '...', '━': '-', '〈': '<', '〉': '>', '【': '[', '】': ']', '％': '%', '►': '-',
};
const PUNCT_RE = new RegExp(`[${Object.keys(UNICODE_PUNCT).join('')}]`, 'gu');
const DIGIT_RE = /\p{Nd}/gu;
const MARK_RE = /\p{Mn}/gu;
const SPACE_RE = /\s/gu;
const CONTROL_RE = /\p{C}/gu;
const MULTI_SPACE_RE = / {2,}/g;
// Printable ASCII plus space: such text needs only lower-casing and space collapsing.
const PLAIN_ASCII_RE = /^[\x20-\x7e]*$/;

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string | undefined): Intl.Segmenter {
  const key = locale ?? '';
  let s = segmenters.get(key);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(key, s);
  }
  return s;
}

/** Normalises text into one line of space-separated tokens, ready for an n-gram LM. */
export function normalizeForLm(text: string, opts: NormalizerOptions = DEFAULT_NORMALIZER): string {
  let s = text;
  if (PLAIN_ASCII_RE.test(s)) {
    if (opts.lowercase) s = s.toLowerCase();
    if (opts.digits === 'zero') s = s.replace(/[0-9]/g, '0');
  } else {
    s = s.normalize('NFC');
    if (opts.lowercase) s = s.toLowerCase();
    if (opts.accents === 'strip') s = s.normalize('NFD').replace(MARK_RE, '').normalize('NFC');
    if (opts.digits === 'zero') s = s.replace(DIGIT_RE, '0');
    if (opts.punctuation === 'ccnet') s = s.replace(PUNCT_RE, (c) => UNICODE_PUNCT[c] ?? c);
    else if (opts.punctuation === 'remove') s = s.replace(PUNCT_RE, '');
    s = s.replace(SPACE_RE, ' ').replace(CONTROL_RE, '');
  }
  s = s.replace(MULTI_SPACE_RE, ' ').trim();
  if (opts.segmenter === 'intl' && s.length > 0) s = segmentWords(s, opts.locale);
  return s;
}

/**
 * A normaliser with its settings resolved once (missing keys take the defaults), for callers
 * holding a profile's partial `normalizer` section.
 */
export function createNormalizer(settings?: Partial<Record<string, unknown>>): (text: string) => string {
  const opts = resolveNormalizerOptions(settings);
  return (text) => normalizeForLm(text, opts);
}

/** Splits text into words (and punctuation) with Intl.Segmenter, joined by single spaces. */
function segmentWords(text: string, locale: string | undefined): string {
  const out: string[] = [];
  for (const { segment } of segmenterFor(locale).segment(text)) {
    if (segment.trim() !== '') out.push(segment);
  }
  return out.join(' ');
}
