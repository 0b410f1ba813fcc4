/**
 * Removes the marks Apertium leaves in its output, so the scorer learns how machine-translated
 * language reads rather than how one engine formats it: `*` (unknown word), `#` (generation
 * gap), `@` (transfer gap), a space before final punctuation and after opening marks.
 */
export function normalizeApertium(text: string): string {
  return text
    .replace(/(^|[\s(¿¡"'«“])[*#@~]+(?=[\p{L}\p{N}])/gu, '$1')
    .replace(/[ \t]+([.,;:!?)»”])/g, '$1')
    .replace(/([(¿¡«“])[ \t]+/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
