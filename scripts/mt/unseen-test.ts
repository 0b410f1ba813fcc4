/**
 * A sceptic's variant of a test set: every paragraph that occurs verbatim in any training text
 * (the MT training files of both sides, and the extra human-LM text) is removed from the test
 * documents, on both sides. LibreOffice help repeats boilerplate across files ("Choose Format -
 * Cells"), so ~15 % of the reserved human paragraphs are also training paragraphs; a scorer that
 * memorised them would look better than it is. Documents left empty are dropped.
 *
 * Usage: node dist/scripts/mt/unseen-test.js TEST.jsonl OUT.jsonl TRAINFILE...
 *   (TRAINFILE: JSONL {text} or plain text, one paragraph or sentence per line)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { splitParagraphs } from '../../src/mt/features.js';

const [test, out, ...train] = process.argv.slice(2);
if (!test || !out || train.length === 0) throw new Error('usage: unseen-test TEST.jsonl OUT.jsonl TRAINFILE...');
const seen = new Set<string>();
for (const f of train) {
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const text = f.endsWith('.jsonl') ? (JSON.parse(line) as { text: string }).text : line;
    for (const p of splitParagraphs(text)) seen.add(p);
  }
}
const rows: string[] = [];
let kept = 0;
let removed = 0;
for (const line of readFileSync(test, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as { text: string };
  const paras = splitParagraphs(r.text);
  const left = paras.filter((p) => !seen.has(p));
  removed += paras.length - left.length;
  kept += left.length;
  if (left.length) rows.push(JSON.stringify({ ...r, text: left.join('\n') }));
}
writeFileSync(out, rows.join('\n') + '\n');
console.error(`${out}: ${rows.length} documents, ${kept} paragraphs kept, ${removed} removed as seen in training`);
