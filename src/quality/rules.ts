/**
 * Rule sets over the quality signals, with the thresholds their papers and datatrove use.
 * A rule set returns the first rule a document fails, as a reason for the reject sink.
 */
import type { QualitySignals } from './signals.js';

export type QualityRuleSet = 'gopher' | 'fineweb';
export const QUALITY_RULE_SETS: readonly QualityRuleSet[] = ['gopher', 'fineweb'];

type Rule = [name: string, failed: (s: QualitySignals) => boolean, describe: (s: QualitySignals) => string];

const GOPHER: Rule[] = [
  ['too-few-words', (s) => s.words < 50, (s) => `${s.words} words < 50`],
  ['too-many-words', (s) => s.words > 100_000, (s) => `${s.words} words > 100000`],
  ['word-length', (s) => s.mean_word_length < 3 || s.mean_word_length > 10, (s) => `mean word length ${s.mean_word_length} outside 3–10`],
  ['symbols', (s) => s.symbol_ratio > 0.1, (s) => `symbol/word ratio ${s.symbol_ratio} > 0.1`],
  ['bullets', (s) => s.bullet_lines > 0.9, (s) => `${s.bullet_lines} of lines are bullets > 0.9`],
  ['ellipsis', (s) => s.ellipsis_lines > 0.3, (s) => `${s.ellipsis_lines} of lines end with an ellipsis > 0.3`],
  ['non-alpha', (s) => s.alpha_words < 0.8, (s) => `${s.alpha_words} of words have a letter < 0.8`],
  ['duplicate-lines', (s) => s.dup_line_chars > 0.2, (s) => `${s.dup_line_chars} of characters in repeated lines > 0.2`],
];

const FINEWEB: Rule[] = [
  ['line-punctuation', (s) => s.punct_lines < 0.12, (s) => `${s.punct_lines} of lines end with punctuation < 0.12`],
  ['short-lines', (s) => s.short_lines > 0.67, (s) => `${s.short_lines} of lines are short > 0.67`],
  ['duplicate-lines', (s) => s.dup_line_chars > 0.1, (s) => `${s.dup_line_chars} of characters in repeated lines > 0.1`],
];

const RULES: Record<QualityRuleSet, Rule[]> = { gopher: GOPHER, fineweb: FINEWEB };

/** `quality: gopher too-few-words: 12 words < 50`, or null when every rule passes. */
export function qualityFailure(signals: QualitySignals, sets: readonly QualityRuleSet[]): string | null {
  for (const set of sets) {
    for (const [name, failed, describe] of RULES[set]) {
      if (failed(signals)) return `quality: ${set} ${name}: ${describe(signals)}`;
    }
  }
  return null;
}
