/**
 * GNU gettext .mo catalogues: the translated strings (msgstr). Game catalogues (Wesnoth,
 * Freeciv) hold story text, help pages and unit descriptions among the interface strings; the
 * prose filter later drops the short interface strings.
 */

/** The translations of one catalogue, in catalogue order (sorted by msgid), header entry removed. */
export function moMessages(buf: Uint8Array): string[] {
  return moEntries(buf).map((e) => e.text);
}

/**
 * The catalogue's entries: `id` is the msgid (with its msgctxt and the EOT separator in front,
 * as gettext stores it), the same in every language's catalogue of a program, so translations
 * of one message pair up; `text` is the translation (the singular of a plural).
 */
export function moEntries(buf: Uint8Array): { id: string; text: string }[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < 28) throw new Error('not a gettext catalogue (too short)');
  const magic = view.getUint32(0, true);
  const little = magic === 0x950412de;
  if (!little && magic !== 0xde120495) throw new Error('not a gettext catalogue (bad magic)');
  const count = view.getUint32(8, little);
  const originals = view.getUint32(12, little);
  const translations = view.getUint32(16, little);
  const decoder = new TextDecoder('utf-8');
  const out: { id: string; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const keyLength = view.getUint32(originals + i * 8, little);
    if (keyLength === 0) continue; // the header entry (metadata, not text)
    const keyOffset = view.getUint32(originals + i * 8 + 4, little);
    const length = view.getUint32(translations + i * 8, little);
    const offset = view.getUint32(translations + i * 8 + 4, little);
    // Plural forms are NUL-separated; the first is the singular sentence.
    const text = decoder.decode(buf.subarray(offset, offset + length)).split('\0')[0]!;
    // msgctxt is prefixed to the msgid only, so msgstr is clean.
    if (text.trim() !== '') out.push({ id: decoder.decode(buf.subarray(keyOffset, keyOffset + keyLength)), text });
  }
  return out;
}

/** Drops the inline markup games put in strings (Pango <b>, Wesnoth <ref>, @links, %s formats). */
export function cleanMessage(message: string): string[] {
  return message
    .replace(/<[^<>]{1,200}>/g, ' ')
    .replace(/%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifuxXc]/g, ' ')
    .replace(/\$\w+|\{\w+\}/g, ' ')
    .split(/\n+/);
}
