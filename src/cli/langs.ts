/**
 * `sito langs`: the language profiles sito has and what each can do.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ProfileRegistry, defaultProfileDir, resolveModelPath, type LanguageProfile } from '../langs/profile.js';

export interface LanguageSummaryRow {
  code: string;
  name: string;
  aliases: string[];
  perplexity: boolean;
  mt: boolean;
  lid_min_score?: number;
  ppl_cutoffs?: { p30: number; p60: number };
  mt_threshold?: number;
}

export function summarizeProfile(p: LanguageProfile): LanguageSummaryRow {
  return {
    code: p.code,
    name: p.name,
    aliases: p.aliases,
    perplexity: Boolean(p.perplexity?.model && existsSync(resolveModelPath(p.perplexity.model))),
    mt: Boolean(p.mt?.model && existsSync(resolveModelPath(p.mt.model))),
    lid_min_score: p.lid?.min_score,
    ppl_cutoffs: p.perplexity?.cutoffs,
    mt_threshold: p.mt?.threshold,
  };
}

export function registerLangs(program: Command): void {
  program
    .command('langs')
    .description('list the language profiles and which models each has')
    .option('--json', 'print JSON')
    .option('--langs-dir <dir>', 'directory of language profiles', defaultProfileDir)
    .action((flags: { json?: boolean; langsDir: string }) => {
      const rows = ProfileRegistry.load(flags.langsDir).all().map(summarizeProfile);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const table = [['code', 'name', 'perplexity', 'mt', 'cut-offs p30/p60', 'mt threshold', 'aliases']];
      for (const r of rows) {
        table.push([
          r.code,
          r.name,
          r.perplexity ? 'yes' : '-',
          r.mt ? 'yes' : '-',
          r.ppl_cutoffs ? `${r.ppl_cutoffs.p30.toFixed(0)}/${r.ppl_cutoffs.p60.toFixed(0)}` : '-',
          r.mt_threshold === undefined ? '-' : String(r.mt_threshold),
          r.aliases.join(' '),
        ]);
      }
      const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      for (const row of table) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
    });
}
