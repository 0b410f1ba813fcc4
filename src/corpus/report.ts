/**
 * The generated part of models/README.md: per language, what the model was trained on (packages,
 * exact versions, words per source) and how it measures (cut-offs, AUCs, size). Rendered from the
 * build's own lock files and calibration reports so the README cannot drift from the models.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusLock } from './build.js';
import type { CalibrationReport } from './calibrate-language.js';

const num = (n: number): string => n.toLocaleString('en-US');
const fix = (n: number | undefined, d = 3): string => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(d));

export function renderModelsReport(corporaDir: string, langs: string[]): string {
  const rows: string[] = [];
  const details: string[] = [];
  for (const lang of langs) {
    const lockPath = join(corporaDir, lang, 'sources.json');
    const calPath = join(corporaDir, lang, 'calibration.json');
    if (!existsSync(lockPath) || !existsSync(calPath)) continue;
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as CorpusLock;
    const cal = JSON.parse(readFileSync(calPath, 'utf8')) as CalibrationReport;
    const m = (cal.model ?? {}) as { order?: number; prune?: string; quantize?: number; bytes?: number; subword_vocab?: number; normalizer?: string };
    const s = cal.separation;
    // Reports written before the ~2 KB measurement existed have no separation_2kb.
    const w = cal.separation_2kb as CalibrationReport['separation_2kb'] | undefined;
    const web = cal.web ? `${fix(cal.web.head, 2)} / ${fix(cal.web.middle, 2)} / ${fix(cal.web.tail, 2)}` : '–';
    rows.push(
      `| ${lang} | ${num(lock.totals.train_words)} | ${num(lock.totals.heldout_words)} (${num(lock.totals.heldout_native_words)}) | ` +
        `${m.subword_vocab ? `BPE ${m.subword_vocab / 1000}k` : 'words'} / ${m.order ?? '?'} / ${m.prune ?? '?'} / ${m.quantize ?? '?'}-bit | ${m.bytes ? (m.bytes / 2 ** 20).toFixed(1) : '?'} MiB | ` +
        `${cal.text === 'heldout-native' ? 'native' : 'translated'} (${cal.cutoffs.documents}) | ${cal.cutoffs.p30} | ${cal.cutoffs.p60} | ${cal.cutoffs.tail_line_cutoff} | ` +
        `${fix(s.auc_shuffled)} / ${fix(w?.auc_shuffled)} | ${fix(s.shuffled_worse)} / ${fix(w?.shuffled_worse)} | ${fix(s.auc_other_language)} / ${fix(w?.auc_other_language)} (${w?.documents ?? '–'}) | ${web} |`,
    );
    const src = lock.sources
      .map((x) => `| ${x.id} | ${x.native ? 'native' : 'translation'} | ${x.packages.join(', ')} | ${num(x.documents)} | ${num(x.reserved_excluded)} | ${num(x.train_words)} | ${num(x.heldout_words)} |`)
      .join('\n');
    const pk = lock.packages.map((p) => `${p.name} ${p.version}`).join(', ');
    const worst = Object.entries(s.auc_by_language).sort((a, b) => a[1] - b[1])[0];
    details.push(
      `#### ${lang}\n\nPackages (Debian bookworm): ${pk}.\n\n` +
        `| source | kind | packages | documents | reserved, excluded | train words | held-out words |\n|---|---|---|---:|---:|---:|---:|\n${src}\n\n` +
        (w?.auc_shuffled_interval
          ? `AUC vs shuffled on ${w.documents} documents of ≥ ${w.web_document_chars} characters: ${fix(w.auc_shuffled)} (95 % bootstrap interval ${fix(w.auc_shuffled_interval[0])}–${fix(w.auc_shuffled_interval[1])}). `
          : '') +
        `Weakest other-language pair: ${worst ? `${worst[0]} (AUC ${fix(worst[1])})` : '–'}.` +
        (cal.web ? ` Web sentences (Lingua, ${cal.web.documents} documents): median perplexity ${cal.web.median_perplexity}.` : '') +
        '\n',
    );
  }
  const header =
    '| lang | train words | held-out words (native) | tokens / order / prune / quant | size | cut-offs measured on (documents) | p30 | p60 | tail line | AUC vs shuffled, 40 words / 2 KB | own shuffle worse, 40 words / 2 KB | AUC vs other languages, 40 words / 2 KB (2 KB documents) | web sentences head / middle / tail |\n' +
    '|---|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---|';
  return `${header}\n${rows.join('\n')}\n\n${details.join('\n')}`;
}

/** Replaces the text between the two marker comments of a Markdown file (kept if missing). */
export function replaceBetweenMarkers(markdown: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = markdown.indexOf(begin);
  const j = markdown.indexOf(end);
  if (i < 0 || j < i) return `${markdown.trimEnd()}\n\n${begin}\n${body}\n${end}\n`;
  return `${markdown.slice(0, i + begin.length)}\n${body}\n${markdown.slice(j)}`;
}
