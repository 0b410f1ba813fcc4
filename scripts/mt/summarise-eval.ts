/**
 * Prints the MT evaluation JSON files written by scripts/build-mt-models.sh as one Markdown
 * table (the numbers quoted in models/README.md).
 * Usage: node dist/scripts/mt/summarise-eval.js EVALDIR
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface R {
  n_mt: number; n_human: number; roc_auc: number | null; roc_auc_ci: (number | null)[];
  pr_auc: number | null; pr_auc_ci: (number | null)[]; threshold: number; fpr_at_threshold: number | null;
  recall_at_threshold: number | null; f1_at_threshold: number; fpr_at_90_recall: number | null;
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: summarise-eval EVALDIR');
const f = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3));
console.log('| lang | model | test set | n mt / human | ROC-AUC [95% CI] | PR-AUC [95% CI] | threshold | recall@t | FPR@t | FPR@90% recall |');
console.log('|---|---|---|---|---|---|---:|---:|---:|---:|');
for (const file of readdirSync(dir).filter((x) => /^(es|pl|ca)\..*\.json$/.test(x) && !x.startsWith('train')).sort()) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8')) as R;
  const [lang, model, ...rest] = file.replace(/\.json$/, '').split('.');
  const auc = r.roc_auc === null ? '–' : `${f(r.roc_auc)} [${f(r.roc_auc_ci[0])}–${f(r.roc_auc_ci[1])}]`;
  const pr = r.pr_auc === null ? '–' : `${f(r.pr_auc)} [${f(r.pr_auc_ci[0])}–${f(r.pr_auc_ci[1])}]`;
  console.log(`| ${lang} | ${model} | ${rest.join('.')} | ${r.n_mt} / ${r.n_human} | ${auc} | ${pr} | ${f(r.threshold)} | ${f(r.recall_at_threshold)} | ${f(r.fpr_at_threshold)} | ${f(r.fpr_at_90_recall)} |`);
}
