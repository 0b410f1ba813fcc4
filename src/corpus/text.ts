/**
 * Turning extracted text into clean prose lines: whitespace and wrapped-line repair, sentence
 * splitting, and the prose filter that drops code, option tables, short fragments and lines in
 * another language (untranslated English runs through most translated documentation).
 *
 * Everything here is a pure function of its input, so a corpus build is reproducible.
 */

/** Collapses every run of whitespace (including NBSP and soft hyphens removed) to one space. */
export function squeeze(text: string): string {
  return text.replace(/\u00ad/g, '').replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ').trim();
}

/** Lines that end a sentence or clause; a following line is then not a continuation. */
const CLOSED_LINE = /[.!?…:;"»”)\]]$/u;
/** A continuation starts with a lower-case letter (the writer wrapped a sentence by hand). */
const CONTINUES = /^\p{Ll}/u;

/**
 * Rejoins hand-wrapped lines (fortunes, plain-text docs): a line that does not end a clause and
 * is followed by one starting in lower case is the same sentence. `startsTurn[i]` marks lines
 * that begin a new speaker's turn and are never joined to the previous one.
 */
export function unwrapLines(lines: string[], startsTurn: readonly boolean[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = squeeze(lines[i]);
    if (line === '') continue;
    const prev = out.length ? out[out.length - 1] : undefined;
    // A new speaker in a chat log starts a new line even in lower case.
    const newTurn = startsTurn[i] === true;
    if (prev !== undefined && !newTurn && !CLOSED_LINE.test(prev) && CONTINUES.test(line)) {
      out[out.length - 1] = prev.endsWith('-') && /\p{L}-$/u.test(prev) ? prev.slice(0, -1) + line : `${prev} ${line}`;
    } else {
      out.push(line);
    }
  }
  return out;
}

/**
 * Splits a paragraph into sentences at . ! ? … followed by a space and an upper-case letter,
 * digit or opening quote. Abbreviations occasionally split too early; for an n-gram model that
 * costs one sentence boundary, which is cheaper than a wrong join across paragraphs.
 */
export function splitSentences(paragraph: string): string[] {
  const text = squeeze(paragraph);
  if (text === '') return [];
  const parts = text.split(/(?<=[.!?…]["»”')\]]?)\s+(?=["«„“'(\[]?[\p{Lu}\p{N}])/u);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Per-language knowledge the prose filter needs; comes from the corpus manifest. */
export interface ProseRules {
  /** Target script: letters outside it count against the line. */
  script: 'Latn' | 'Cyrl';
  /** Frequent function words of the target language (lower case). */
  functionWords: ReadonlySet<string>;
  /** Function words of the other manifest languages, minus the target's own. */
  foreignWords: ReadonlyMap<string, ReadonlySet<string>>;
  /** Fewer words than this is a fragment (menu entry, heading, table cell). */
  minWords: number;
  /** More words than this is usually a run-on table or a joined list. */
  maxWords: number;
  /** Target language code, as the language identifier labels it. */
  lang?: string;
  /** Sentence-level language identification (top predictions, best first); optional. */
  identify?: (line: string) => readonly { label: string; probability: number }[];
}

const SCRIPT_RE: Record<ProseRules['script'], RegExp> = {
  Latn: /\p{Script=Latin}/u,
  Cyrl: /\p{Script=Cyrillic}/u,
};

/** Characters that are common in code, markup, paths and option syntax but rare in prose. */
const CODE_CHARS = /[{}<>=\\$_|#@*^~`[\]]/g;
const EMOTICON = /(?:^|\s)[:;=8xX]['-]?[()[\]<>{}|\\/pPdDoO*@3]+(?=\s|$|[.,!?])|\^\^|\^_\^/g;
const URL = /\b(?:https?|ftp):\/\/|www\.\w/i;
/** An option or command line: "-x", "--foo", "$ cmd", "# cmd", "% cmd". */
const COMMAND_START = /^(?:[-–]{1,2}\w|[$#%>] )/;

/** Why a line was rejected, or null when it is prose worth keeping. Reasons feed the build stats. */
export function rejectReason(line: string, rules: ProseRules): string | null {
  const words = line.split(' ');
  if (words.length < rules.minWords) return 'short';
  if (words.length > rules.maxWords) return 'long';
  if (URL.test(line)) return 'url';
  if (COMMAND_START.test(line)) return 'command';
  // Emoticons (";>", ":-]", ";P") are chat prose, not code.
  const codeChars = (line.replace(EMOTICON, ' ').match(CODE_CHARS) ?? []).length;
  if (codeChars >= 2 || codeChars / line.length > 0.02) return 'code';
  let letters = 0;
  let inScript = 0;
  let digits = 0;
  for (const ch of line) {
    if (/\p{L}/u.test(ch)) {
      letters++;
      if (SCRIPT_RE[rules.script].test(ch)) inScript++;
    } else if (/\p{N}/u.test(ch)) digits++;
  }
  const visible = line.replace(/ /g, '').length;
  if (letters / visible < 0.75) return 'symbols';
  if (digits / visible > 0.1) return 'digits';
  if (inScript / letters < 0.9) return 'script';
  // Identifier-like tokens (camelCase, snake_case, dotted.names, ALLCAPS runs) mark code and UI.
  const identifiers = words.filter((w) => /\p{Ll}\p{Lu}|\w\.\w|^\p{Lu}{4,}$/u.test(w)).length;
  if (identifiers / words.length > 0.2) return 'identifiers';
  if (looksForeign(words, rules)) return 'foreign';
  if (rules.identify && rules.lang && !identifiedAs(line, rules.lang, rules.identify)) return 'lid';
  return null;
}

/**
 * Language ID agrees with the target: it is the top label, or a close second when the top label
 * is unsure (short Polish lines without diacritics, Portuguese/Spanish look-alikes). Drops the
 * untranslated English the function words missed, other languages and rot13/garbled text.
 */
export function identifiedAs(line: string, lang: string, identify: NonNullable<ProseRules['identify']>): boolean {
  const top = identify(line);
  if (top.length === 0) return false;
  if (top[0].label === lang) return true;
  return top[0].probability < 0.6 && top.length > 1 && top[1].label === lang && top[1].probability >= 0.25;
}

/**
 * True when the line has more function words of some other language than of its own: untranslated
 * English (or a quote in another language) inside a translated manual. Function words are a cheap,
 * deterministic language signal that needs no model.
 */
export function looksForeign(words: string[], rules: ProseRules): boolean {
  const lower = words.map((w) => w.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''));
  let own = 0;
  for (const w of lower) if (rules.functionWords.has(w)) own++;
  for (const set of rules.foreignWords.values()) {
    let other = 0;
    for (const w of lower) if (set.has(w)) other++;
    if (other >= 2 && other > own) return true;
  }
  return false;
}

/** Builds the rules for one language from the manifest's function-word lists. */
export function proseRules(
  lang: string,
  script: ProseRules['script'],
  functionWords: Record<string, string[]>,
  minWords: number,
  maxWords: number,
  identify?: ProseRules['identify'],
): ProseRules {
  const own = new Set((functionWords[lang] ?? []).map((w) => w.toLowerCase()));
  const foreign = new Map<string, Set<string>>();
  for (const [code, list] of Object.entries(functionWords).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (code === lang) continue;
    foreign.set(code, new Set(list.map((w) => w.toLowerCase()).filter((w) => !own.has(w))));
  }
  return { script, functionWords: own, foreignWords: foreign, minWords, maxWords, lang, identify };
}

/** Counts space-separated words. */
export function wordCount(line: string): number {
  return line === '' ? 0 : line.split(' ').length;
}
