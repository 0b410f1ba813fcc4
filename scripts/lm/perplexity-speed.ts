/**
 * Micro-benchmark of the perplexity scorer alone (normalise + tokenise + score, as a worker
 * runs it) on ~2 KB documents: the shipped models against other model files given for the same
 * languages (e.g. the previous word models kept outside the repository), in the same process.
 *
 *   npx tsc -p tsconfig.json
 *   nice -n 10 node dist/scripts/lm/perplexity-speed.js OLD_DIR [LANGS]   # OLD_DIR/<code>.sitolm + <code>.json profiles
 *
 * Documents: the language's evaluation sample (models/lm/eval) and Lingua's web sentences,
 * grouped into documents of at least 2,000 characters. The first pass over the documents has a
 * cold word cache (every word is tokenised), later passes a warm one, as in a long run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPerplexityScorer } from '../../src/pipeline/scorers/perplexity.js';
import { perplexityNormalizerOf } from '../../src/lm/normalize.js';
import { groupDocumentsByChars, parseParagraphs } from '../../src/corpus/calibrate.js';
import type { SitoTags } from '../../src/pipeline/types.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const [oldDir, langsArg = 'pl,de,fr,ru,en'] = process.argv.slice(2);
if (!oldDir) throw new Error('usage: perplexity-speed OLD_DIR [LANGS]');

function scorerFor(modelPath: string, profilePath: string) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as { normalizer?: object; perplexity: { normalizer?: object; cutoffs: { p30: number; p60: number }; tail_line_cutoff?: number } };
  const bytes = readFileSync(modelPath);
  const shared = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(shared).set(bytes);
  return createPerplexityScorer({ model: shared, normalizer: perplexityNormalizerOf(profile, profilePath), cutoffs: profile.perplexity.cutoffs, tailLineCutoff: profile.perplexity.tail_line_cutoff });
}

/** Milliseconds per document for each pass. */
function time(scorer: ReturnType<typeof createPerplexityScorer>, docs: string[], passes: number): number[] {
  const out: number[] = [];
  const tags: SitoTags = { lang: 'xx', lang_score: 1, lang_shares: {} };
  for (let p = 0; p < passes; p++) {
    const t0 = performance.now();
    for (const d of docs) scorer.score(d, tags);
    out.push((performance.now() - t0) / docs.length);
  }
  return out;
}

console.log('| lang | documents | old ms/doc cold / warm | new ms/doc cold / warm | new / old (warm) |');
console.log('|---|---:|---:|---:|---:|');
for (const lang of langsArg.split(',')) {
  const own = parseParagraphs(readFileSync(join(repoRoot, 'models', 'lm', 'eval', `${lang}.txt`), 'utf8'));
  const web = readFileSync(join(repoRoot, '..', 'shared', 'lid', 'lingua', 'sentences', `${lang}.txt`), 'utf8').split('\n').filter((l) => l.trim()).map((l) => [l]);
  const docs = [...groupDocumentsByChars(own, 2000), ...groupDocumentsByChars(web, 2000)].map((d) => d.join('\n'));
  // Fresh scorers (cold caches) for each measurement; the first one also warms the JIT.
  time(scorerFor(join(repoRoot, 'models', 'lm', `${lang}.sitolm`), join(repoRoot, 'langs', `${lang}.json`)), docs, 2);
  time(scorerFor(join(oldDir, `${lang}.sitolm`), join(oldDir, `${lang}.json`)), docs, 2);
  const results: string[] = [];
  let ratio = 0;
  const warm: number[] = [];
  for (const [model, profile] of [[join(oldDir, `${lang}.sitolm`), join(oldDir, `${lang}.json`)], [join(repoRoot, 'models', 'lm', `${lang}.sitolm`), join(repoRoot, 'langs', `${lang}.json`)]] as const) {
    const t = time(scorerFor(model, profile), docs, 6);
    const w = Math.min(...t.slice(1));
    warm.push(w);
    results.push(`${t[0]!.toFixed(3)} / ${w.toFixed(3)}`);
  }
  ratio = warm[1]! / warm[0]!;
  console.log(`| ${lang} | ${docs.length} | ${results[0]} | ${results[1]} | ${ratio.toFixed(2)} |`);
}
