/**
 * Measures LID accuracy on the Lingua test set (../shared/lid/lingua): fastText alone, CLD3
 * alone and the fused cascade, strict, per language and category. Measurement only: nothing
 * here feeds back into models/lid/fusion.json.
 *
 *   node dist/scripts/lid-eval-lingua.js [--json out.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageIdentifier } from '../src/lid/identifier.js';

export const TARGET_LANGUAGES = 'pl en de fr es it pt nl cs sk sl hr sr bs ru uk be bg lt lv et fi sv da nb hu ro tr el ar zh ja ko nn'.split(' ');
const CATEGORIES = ['sentences', 'word-pairs', 'single-words'];
const lingua = join(process.env.SITO_SHARED ?? join(process.cwd(), '..', 'shared'), 'lid', 'lingua');
const jsonOut = process.argv.indexOf('--json') >= 0 ? process.argv[process.argv.indexOf('--json') + 1] : undefined;

const engines = {
  fasttext: await createLanguageIdentifier({ engine: 'fasttext' }),
  cld3: await createLanguageIdentifier({ engine: 'cld3' }),
  fused: await createLanguageIdentifier(),
};
const results: Record<string, Record<string, Record<string, number>>> = {};
/** Per category and score decile of the fused result: [sum of scores, right, count]. */
const reliability: Record<string, [number, number, number][]> = {};
for (const c of CATEGORIES) reliability[c] = Array.from({ length: 10 }, () => [0, 0, 0] as [number, number, number]);
for (const category of CATEGORIES) {
  results[category] = {};
  console.log(`\n#### ${category}\n\n| lang | fastText (ours) | CLD3 | fused |\n|---|---:|---:|---:|`);
  const sums = { fasttext: 0, cld3: 0, fused: 0 };
  for (const lang of TARGET_LANGUAGES) {
    const lines = readFileSync(join(lingua, category, `${lang}.txt`), 'utf8').split('\n').filter((l) => l.length > 0);
    const row: Record<string, number> = {};
    for (const [name, id] of Object.entries(engines)) {
      let right = 0;
      for (const line of lines) {
        const r = id.identify(line);
        if (r.lang === lang) right++;
        if (name === 'fused') {
          const bin = reliability[category]![Math.min(9, Math.floor(r.score * 10))]!;
          bin[0] += r.score;
          bin[1] += r.lang === lang ? 1 : 0;
          bin[2]++;
        }
      }
      row[name] = (100 * right) / lines.length;
      sums[name as keyof typeof sums] += row[name]!;
    }
    results[category]![lang] = row;
    console.log(`| ${lang} | ${row.fasttext!.toFixed(1)} | ${row.cld3!.toFixed(1)} | ${row.fused!.toFixed(1)} |`);
  }
  const n = TARGET_LANGUAGES.length;
  const nn = results[category]!.nn!;
  const m33 = (e: string): string => ((sums[e as keyof typeof sums] - nn[e]!) / (n - 1)).toFixed(1);
  console.log(`| **macro (33, as in measured-here.md: without nn)** | **${m33('fasttext')}** | **${m33('cld3')}** | **${m33('fused')}** |`);
  console.log(`| **macro (${n}, with nn)** | **${(sums.fasttext / n).toFixed(1)}** | **${(sums.cld3 / n).toFixed(1)}** | **${(sums.fused / n).toFixed(1)}** |`);
}
console.log(`\n#### Fused score against accuracy (is the score calibrated?)\n\n| score bin | ${CATEGORIES.map((c) => `${c}: n / mean score / accuracy`).join(' | ')} |\n|---|${CATEGORIES.map(() => '---').join('|')}|`);
for (let b = 0; b < 10; b++) {
  const cells = CATEGORIES.map((c) => {
    const [sum, right, n] = reliability[c]![b]!;
    return n === 0 ? '–' : `${n} / ${(sum / n).toFixed(2)} / ${(right / n).toFixed(2)}`;
  });
  console.log(`| ${(b / 10).toFixed(1)}–${((b + 1) / 10).toFixed(1)} | ${cells.join(' | ')} |`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 1));
for (const id of Object.values(engines)) id.dispose();
