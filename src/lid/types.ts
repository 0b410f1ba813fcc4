/** What the language identifier tells about one text. */
export interface LidResult {
  /** ISO 639-1 where it exists, else ISO 639-3; `und` when nothing could be said. */
  lang: string;
  /** Calibrated probability that `lang` is right (0..1). */
  score: number;
  /** Share of characters per language, decided line by line; sums to 1 (empty for empty text). */
  shares: Record<string, number>;
}

export interface LanguageIdentifier {
  /** Synchronous once created: safe to call in a worker's hot loop. */
  identify(text: string): LidResult;
  /** Frees WASM memory. */
  dispose(): void;
}
