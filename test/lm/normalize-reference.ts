/**
 * The LM normaliser as it was before the single-pass rewrite, kept verbatim as the reference
 * that the equivalence test and the normaliser benchmark compare against (shipped models were
 * trained with it). Do not "improve" it.
 */
import type { NormalizerOptions } from '../../src/lm/normalize.js';

export const UNICODE_PUNCT: Record<string, string> = {
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
const PLAIN_ASCII_RE = /^[\x20-\x7e]*$/;
const refSegmenters = new Map<string, Intl.Segmenter>();

export function referenceNormalize(text: string, opts: NormalizerOptions): string {
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
  if (opts.segmenter === 'intl' && s.length > 0) {
    const key = opts.locale ?? '';
    let seg = refSegmenters.get(key);
    if (!seg) refSegmenters.set(key, (seg = new Intl.Segmenter(opts.locale, { granularity: 'word' })));
    const out: string[] = [];
    for (const { segment } of seg.segment(s)) if (segment.trim() !== '') out.push(segment);
    s = out.join(' ');
  }
  return s;
}
