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
const lingua = join(process.cwd(), '..', 'shared', 'lid', 'lingua');
const jsonOut = process.argv.indexOf('--json') >= 0 ? process.argv[process.argv.indexOf('--json') + 1] : undefined;

const engines = {
  fasttext: await createLanguageIdentifier({ engine: 'fasttext' }),
  cld3: await createLanguageIdentifier({ engine: 'cld3' }),
  fused: await createLanguageIdentifier(),
};
const results: Record<string, Record<string, Record<string, number>>> = {};
for (const category of CATEGORIES) {
  results[category] = {};
  console.log(`\n#### ${category}\n\n| lang | fastText (ours) | CLD3 | fused |\n|---|---:|---:|---:|`);
  const sums = { fasttext: 0, cld3: 0, fused: 0 };
  for (const lang of TARGET_LANGUAGES) {
    const lines = readFileSync(join(lingua, category, `${lang}.txt`), 'utf8').split('\n').filter((l) => l.length > 0);
    const row: Record<string, number> = {};
    for (const [name, id] of Object.entries(engines)) {
      let right = 0;
      for (const line of lines) if (id.identify(line).lang === lang) right++;
      row[name] = (100 * right) / lines.length;
      sums[name as keyof typeof sums] += row[name]!;
    }
    results[category]![lang] = row;
    console.log(`| ${lang} | ${row.fasttext!.toFixed(1)} | ${row.cld3!.toFixed(1)} | ${row.fused!.toFixed(1)} |`);
  }
  const n = TARGET_LANGUAGES.length;
  console.log(`| **macro (${n})** | **${(sums.fasttext / n).toFixed(1)}** | **${(sums.cld3 / n).toFixed(1)}** | **${(sums.fused / n).toFixed(1)}** |`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 1));
for (const id of Object.values(engines)) id.dispose();
