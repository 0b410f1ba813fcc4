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
const ASCII_DIGIT_RE = /[0-9]/g;
// Printable ASCII plus space: such text needs only lower-casing, digits and space collapsing.
const PLAIN_ASCII_RE = /^[\x20-\x7e]*$/;
const LATIN1_RE = /^[\0-\xff]*$/;

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

/**
 * The normaliser of a language's perplexity model from its profile: `perplexity.normalizer`
 * when the profile has one (the LM may strip accents, as CCNet's does), else the top-level
 * `normalizer` (which other models, e.g. MT's LMs, keep using).
 */
export function perplexityNormalizerOf(profile: { normalizer?: object; perplexity?: object }, where = 'profile'): NormalizerOptions {
  const own = (profile.perplexity as { normalizer?: unknown } | undefined)?.normalizer;
  if (own !== undefined) return resolveNormalizerOptions(own as Record<string, unknown>, `perplexity.normalizer of ${where}`);
  return resolveNormalizerOptions(profile.normalizer as Record<string, unknown> | undefined, `normalizer of ${where}`);
}

/**
 * Removes combining marks the way `accents: 'strip'` does (NFD, drop \p{Mn}, NFC), for a
 * whole string or one word. Within a word the mark removal does not depend on anything the
 * other rules change, so text normalised with accents kept and then stripped word by word
 * equals text normalised with accents stripped; a subword model uses that to strip once per
 * distinct word (in its word cache) instead of three whole-string Unicode passes every line.
 */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(MARK_RE, '').normalize('NFC');
}

/** Normalises text into one line of space-separated tokens, ready for an n-gram LM. */
export function normalizeForLm(text: string, opts: NormalizerOptions = DEFAULT_NORMALIZER): string {
  let s = text;
  let lowerPerChar = opts.lowercase;
  if (PLAIN_ASCII_RE.test(s)) {
    // Printable ASCII needs only lower-casing, digits and space collapsing, and V8's native
    // string functions do that faster than any loop over code units in JavaScript.
    if (opts.lowercase) s = s.toLowerCase();
    if (opts.digits === 'zero') s = s.replace(ASCII_DIGIT_RE, '0');
    // Among printable ASCII only the space is white: trim and collapse only where needed.
    if (spacesToCollapse(s)) s = s.replace(MULTI_SPACE_RE, ' ').trim();
    if (opts.segmenter === 'intl' && s.length > 0) s = segmentWords(s, opts.locale);
    return s;
  }
  if (opts.accents === 'keep' && LATIN1_RE.test(s)) return normalizeLatin1(s, opts);
  if (opts.accents === 'strip') {
    // Stripping needs whole-string NFD and NFC around the mark removal (marks may recompose
    // across neighbours), so this setting keeps the string-level steps and only the
    // per-character rules that follow go through the single pass. It runs when training text
    // is prepared; scoring a subword model strips per distinct word instead (`stripAccents`).
    s = s.normalize('NFC');
    if (opts.lowercase) s = s.toLowerCase();
    s = stripAccents(s);
    lowerPerChar = false;
  }
  const mapped = mapCharacters(s, tableFor(lowerPerChar, opts), opts.accents === 'keep');
  s = mapped ?? normalizeStringLevel(text, opts);
  if (opts.segmenter === 'intl' && s.length > 0) s = segmentWords(s, opts.locale);
  return s;
}

/**
 * Latin-1 text (German, French…): NFC leaves it as it is and V8's native lower-casing of
 * one-byte strings beats the table, which then runs only if another rule applies.
 */
function normalizeLatin1(text: string, opts: NormalizerOptions): string {
  let s = text;
  // The table with lower-casing is kept (a second table in the pass costs more): the
  // lower-cased Latin-1 characters are their own lower case, so it leaves them as they are.
  if (opts.lowercase) s = s.toLowerCase();
  const t = tableFor(opts.lowercase, opts);
  const work = t.latin1Work(s);
  if (work === LATIN1_DIGITS_ONLY) s = s.replace(ASCII_DIGIT_RE, '0');
  else if (work === LATIN1_OTHER) s = mapCharacters(s, t, false) ?? normalizeStringLevel(text, opts);
  if (opts.segmenter === 'intl' && s.length > 0) s = segmentWords(s, opts.locale);
  return s;
}

/**
 * The original definition as whole-string steps (the single pass reproduces it exactly and
 * is checked against a copy of it in the tests); still used for text with lone surrogates.
 * Returns the text before word segmentation.
 */
function normalizeStringLevel(text: string, opts: NormalizerOptions): string {
  let s = text;
  s = s.normalize('NFC');
  if (opts.lowercase) s = s.toLowerCase();
  if (opts.accents === 'strip') s = stripAccents(s);
  if (opts.digits === 'zero') s = s.replace(DIGIT_RE, '0');
  if (opts.punctuation === 'ccnet') s = s.replace(PUNCT_RE, (c) => UNICODE_PUNCT[c] ?? c);
  else if (opts.punctuation === 'remove') s = s.replace(PUNCT_RE, '');
  return s.replace(SPACE_RE, ' ').replace(CONTROL_RE, '').replace(MULTI_SPACE_RE, ' ').trim();
}

/**
 * The per-character rules (lower-case, digits, punctuation map, spaces, control characters)
 * with spaces collapsed and trimmed, in one pass over the UTF-16 code units.
 *
 * Each code point's replacement is computed once, lazily, by running the very regex steps of
 * the string-level definition on that code point alone (`referenceCharMap`), so the rules
 * cannot drift apart. That is only equal to running them on the whole string when no step
 * looks at neighbours, which holds except for two cases caught here before any output:
 *  - NFC: text holding a code unit that composition could change or merge (see
 *    `composesInert`: combining marks, Hangul jamo, compatibility ideographs, surrogates…)
 *    is composed as a whole first; Latin, Cyrillic, Greek or CJK text usually skips it;
 *  - lower-casing Σ depends on context (final sigma), so text containing Σ is lower-cased as
 *    a whole string and the pass then runs without lower-casing.
 * `needsNfc` is false for text that is already composed (accents 'strip' did it). Returns
 * undefined for text with a lone surrogate, which must take `normalizeStringLevel`.
 */
function mapCharacters(text: string, table: CharTable, needsNfc: boolean): string | undefined {
  let s = text;
  let t = table;
  // Until the text is known to be composed, code units that composition could change read
  // as NFC_CHECK.
  let kinds = needsNfc ? t.kindsBeforeNfc : t.kinds;
  restart: for (;;) {
    let out = '';
    let runStart = 0;
    // A space was the last thing written (or nothing was written yet): drop further spaces.
    let afterSpace = true;
    const n = s.length;
    let i = 0;
    while (i < n) {
      let code = s.charCodeAt(i);
      let kind = kinds[code]!;
      if (kind === KEEP) {
        // The common case: a run of characters that stay as they are.
        while (++i < n && (kind = kinds[(code = s.charCodeAt(i))]!) === KEEP);
        afterSpace = false;
        if (i >= n) break;
      }
      if (kind === UNKNOWN) {
        t.fill(code);
        kind = kinds[code]!;
      }
      if (kind === KEEP_SPACE) {
        if (afterSpace) {
          out += s.slice(runStart, i);
          runStart = i + 1;
        }
        afterSpace = true;
        i++;
        continue;
      }
      if (kind === KEEP) {
        afterSpace = false;
        i++;
        continue;
      }
      if (kind === NFC_CHECK) {
        const composed = s.normalize('NFC');
        kinds = t.kinds;
        if (composed !== s) {
          s = composed;
          continue restart;
        }
        continue;
      }
      if (kind === SIGMA) {
        // Context-dependent lower-casing: redo with the whole string lower-cased natively
        // (after composing it, as the definition does; a no-op if that was done already).
        s = s.normalize('NFC').toLowerCase();
        t = tableFor(false, t.opts);
        kinds = t.kinds;
        continue restart;
      }
      let replacement: string | null;
      let width = 1;
      if (kind === SURROGATE) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          width = 2;
          replacement = t.astral((code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000, s.slice(i, i + 2));
        } else {
          // A lone surrogate (never produced by decoding UTF-8): removing characters between
          // two halves makes the regex steps pair them up, which no per-character map can
          // reproduce, so such text takes the original string-level steps.
          return undefined;
        }
      } else {
        replacement = t.replacements[code]!;
      }
      if (replacement === null) {
        afterSpace = false;
        i += width;
        continue;
      }
      out += s.slice(runStart, i);
      if (replacement.length === 1 && replacement !== ' ') {
        out += replacement;
        afterSpace = false;
      } else {
        for (let k = 0; k < replacement.length; k++) {
          if (replacement.charCodeAt(k) === 0x20) {
            if (!afterSpace) out += ' ';
            afterSpace = true;
          } else {
            out += replacement[k];
            afterSpace = false;
          }
        }
      }
      i += width;
      runStart = i;
    }
    out += s.slice(runStart);
    return afterSpace && out.length > 0 && out.charCodeAt(out.length - 1) === 0x20 ? out.slice(0, -1) : out;
  }
}

/**
 * Whether a BMP code unit can never be changed by NFC, alone or next to others: it is its own
 * NFC, a starter (canonical combining class 0) and never the second part of a canonical
 * decomposition (so it cannot compose with what precedes it). Text made only of such
 * characters is in NFC (Unicode's quick check), so Cyrillic, Greek, CJK… skip composing.
 * Everything is asked of the runtime's own normaliser, so a newer Unicode cannot make it
 * wrong. Surrogates are never inert: astral text is always composed.
 */
function composesInert(code: number): boolean {
  if (code >= 0xd800 && code <= 0xdfff) return false;
  const ch = String.fromCharCode(code);
  if (ch.normalize('NFC') !== ch) return false;
  const decomposed = ch.normalize('NFD');
  // A non-starter swaps with U+0345 (class 240) before it or U+0334 (class 1) after it.
  if (('\u0345' + ch).normalize('NFD') !== '\u0345' + decomposed) return false;
  if ((ch + '\u0334').normalize('NFD') !== decomposed + '\u0334' && decomposed === ch) return false;
  return !decompositionSeconds()[code];
}

let seconds: Uint8Array | undefined;

/**
 * Flags of the BMP characters that occur after the first position of some BMP character's
 * canonical decomposition: the only ones composition may merge into what precedes them
 * (a test checks that no astral composite adds a BMP one). Built once, in about 25 ms.
 */
function decompositionSeconds(): Uint8Array {
  if (!seconds) {
    seconds = new Uint8Array(0x10000);
    for (let c = 0xc0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const d = String.fromCharCode(c).normalize('NFD');
      for (let i = 1; i < d.length; i++) seconds[d.charCodeAt(i)] = 1;
    }
  }
  return seconds;
}

const UNKNOWN = 0;
/** The code unit is its own output. */
const KEEP = 1;
/** U+0020, its own output but subject to collapsing and trimming. */
const KEEP_SPACE = 2;
/** Replaced by `replacements[code]` (possibly empty, possibly containing spaces). */
const REPLACE = 3;
/** Half of a surrogate pair (or a lone surrogate): looked up by code point. */
const SURROGATE = 4;
/** Σ while lower-casing: its lower case depends on the neighbours (final sigma). */
const SIGMA = 5;
/** A code unit ≥ U+0300 in text not yet known to be in NFC: compose the text first. */
const NFC_CHECK = 6;

/** Two spaces in a row, or a space at either end (faster than one regex with alternatives). */
function spacesToCollapse(s: string): boolean {
  return s.length > 0 && (s.charCodeAt(0) === 0x20 || s.charCodeAt(s.length - 1) === 0x20 || s.includes('  '));
}

/** A regex character class body for sorted code points below U+0100, as ranges (faster to match). */
function classRanges(codes: number[]): string {
  const hex = (c: number) => `\\x${c.toString(16).padStart(2, '0')}`;
  let out = '';
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j]! + 1) j++;
    out += i === j ? hex(codes[i]!) : `${hex(codes[i]!)}-${hex(codes[j]!)}`;
    i = j + 1;
  }
  return out;
}

/** Results of `CharTable.latin1Work`. */
const LATIN1_NOTHING = 0;
const LATIN1_DIGITS_ONLY = 1;
const LATIN1_OTHER = 2;

type RuleOptions = Pick<NormalizerOptions, 'lowercase' | 'digits' | 'punctuation'>;

/**
 * The string-level per-character steps on one code point of already composed text: what the
 * whole-string definition does to it (lower-case → digits → punctuation → spaces → control).
 */
function referenceCharMap(ch: string, o: RuleOptions): string {
  let s = ch;
  if (o.lowercase) s = s.toLowerCase();
  if (o.digits === 'zero') s = s.replace(DIGIT_RE, '0');
  if (o.punctuation === 'ccnet') s = s.replace(PUNCT_RE, (c) => UNICODE_PUNCT[c] ?? c);
  else if (o.punctuation === 'remove') s = s.replace(PUNCT_RE, '');
  return s.replace(SPACE_RE, ' ').replace(CONTROL_RE, '');
}

/** Lazily filled per-code-point results of `referenceCharMap` for one combination of rules. */
class CharTable {
  readonly kinds = new Uint8Array(0x10000);
  /** `kinds` for text that may not be composed yet: NFC_CHECK for every code unit that
   * composition could change or combine (see `composesInert`). */
  readonly kindsBeforeNfc = new Uint8Array(0x10000);
  // Pre-sized and filled so V8 keeps a flat array instead of a dictionary.
  readonly replacements: string[] = new Array<string>(0x10000).fill('');
  private readonly astralCache = new Map<number, string | null>();

  private latin1Res: { any: RegExp; besidesDigits: RegExp | undefined } | undefined;

  constructor(readonly opts: RuleOptions) {}

  /**
   * What the pass would change in `text`, Latin-1 text already lower-cased when that is a
   * rule: nothing; only ASCII digits (each to 0: a native replace does it); or more (other
   * characters that change, or a space that collapsing or trimming removes). The character
   * classes are built from this table, so they cannot drift from it.
   */
  latin1Work(text: string): number {
    if (!this.latin1Res) {
      const kept: number[] = [];
      for (let c = 0; c < 0x100; c++) if ((this.kinds[c] || this.fill(c)) === KEEP) kept.push(c);
      const keep = classRanges(kept);
      let digitsToZero = true;
      for (let c = 0x30; c <= 0x39; c++) {
        if ((this.kinds[c] || this.fill(c)) !== REPLACE || this.replacements[c] !== '0') digitsToZero = false;
      }
      this.latin1Res = {
        any: new RegExp(`[^ ${keep}]| {2}`),
        besidesDigits: digitsToZero ? new RegExp(`[^ 0-9${keep}]| {2}`) : undefined,
      };
    }
    if (text.length > 0 && (text.charCodeAt(0) === 0x20 || text.charCodeAt(text.length - 1) === 0x20)) return LATIN1_OTHER;
    if (!this.latin1Res.any.test(text)) return LATIN1_NOTHING;
    const besidesDigits = this.latin1Res.besidesDigits;
    return besidesDigits && !besidesDigits.test(text) ? LATIN1_DIGITS_ONLY : LATIN1_OTHER;
  }

  fill(code: number): number {
    let kind: number;
    if (code >= 0xd800 && code <= 0xdfff) kind = SURROGATE;
    else if (code === 0x3a3 && this.opts.lowercase) kind = SIGMA;
    else {
      const ch = String.fromCharCode(code);
      const mapped = referenceCharMap(ch, this.opts);
      if (mapped === ch) kind = code === 0x20 ? KEEP_SPACE : KEEP;
      else {
        kind = REPLACE;
        this.replacements[code] = mapped;
      }
    }
    this.kinds[code] = kind;
    this.kindsBeforeNfc[code] = code < 0x300 || composesInert(code) ? kind : NFC_CHECK;
    return kind;
  }

  /** Replacement of an astral code point, null when it is its own output. */
  astral(codePoint: number, ch: string): string | null {
    let r = this.astralCache.get(codePoint);
    if (r === undefined) {
      const mapped = referenceCharMap(ch, this.opts);
      r = mapped === ch ? null : mapped;
      this.astralCache.set(codePoint, r);
    }
    return r;
  }
}

// Indexed by lowercase × digits × punctuation (12 combinations), filled on first use.
const tables: (CharTable | undefined)[] = [];
const PUNCTUATION_INDEX = { ccnet: 0, remove: 1, keep: 2 } as const;

function tableFor(lowercase: boolean, o: RuleOptions): CharTable {
  const index = (lowercase ? 6 : 0) + (o.digits === 'zero' ? 3 : 0) + PUNCTUATION_INDEX[o.punctuation];
  return (tables[index] ??= new CharTable({ lowercase, digits: o.digits, punctuation: o.punctuation }));
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
