/**
 * Fortune collections (strfile sources): entries separated by lines holding only '%'. Each entry
 * becomes one paragraph; IRC nick prefixes are dropped so that chat logs read as dialogue, and a
 * closing attribution ("-- Author") is dropped as it is not a sentence.
 */
import { unwrapLines } from '../text.js';

export interface FortuneOptions {
  /** The collection is rot13-encoded (the Spanish and Italian "off" packages). */
  rot13?: boolean;
  /** Encoding to use when the file is not valid UTF-8 (koi8-r for older Russian files). */
  fallbackEncoding?: string;
}

export function decodeText(bytes: Uint8Array, fallbackEncoding = 'latin1'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder(fallbackEncoding).decode(bytes);
  }
}

export function rot13(text: string): string {
  return text.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** Chat-log furniture at the start of a line: quote marks, a timestamp, then a nick ("<nick>", "< nick>", "[nick]", "nick:"). */
const NICK = /^\s*(?:>+\s*)*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*)?(?:<\s?[@+%&~]?[^<>\s]{1,30}>|\*\s+\S+|\[[^\]\s]{1,30}\]|[^\s:]{1,30}:(?=\s))?\s*/u;
const ATTRIBUTION = /^\s*(?:--|—|–|~)\s*\S/;

/** Paragraphs of one fortune file (each entry one paragraph, lines kept apart for dialogue). */
export function fortuneParagraphs(bytes: Uint8Array, options: FortuneOptions = {}): string[][] {
  let text = decodeText(bytes, options.fallbackEncoding).replace(/\r\n?/g, '\n');
  if (options.rot13) text = rot13(text);
  const out: string[][] = [];
  for (const entry of text.split(/^%\s*$/m)) {
    const raw = entry.split('\n').filter((l) => !ATTRIBUTION.test(l));
    const lines = raw.map((l) => l.replace(NICK, ''));
    const turns = raw.map((l, i) => l.trimStart().length - lines[i].length > 0);
    const unwrapped = unwrapLines(lines, turns);
    if (unwrapped.length) out.push(unwrapped);
  }
  return out;
}
