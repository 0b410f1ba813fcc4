/** Language identification: public surface of src/lid. */
export type { LanguageIdentifier, LidResult } from './types.js';
export { createLanguageIdentifier, FusedLanguageIdentifier, DEFAULT_MAX_ANALYSED_CHARS, type LanguageIdentifierOptions } from './identifier.js';
export { canonicalLanguage, languageName, knownLanguages } from './codes.js';
export { FastTextModel, type FastTextPrediction } from './fasttext.js';
export { Cld3Engine, type Cld3Result } from './cld3.js';
