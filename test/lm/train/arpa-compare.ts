/**
 * Test helper: parse two ARPA texts and compare them the way ../shared/kenlm/tools/compare_arpa.py
 * does — header counts, n-gram sets, line order, and the largest prob/backoff difference.
 */
import assert from 'node:assert/strict';

interface ParsedArpa {
  counts: number[];
  /** Per order: n-gram text in file order, prob, backoff (0 when absent). */
  orders: { grams: string[]; probs: number[]; backoffs: number[] }[];
}

export function parseArpa(text: string): ParsedArpa {
  const counts: number[] = [];
  const orders: ParsedArpa['orders'] = [];
  let current: ParsedArpa['orders'][number] | undefined;
  for (const line of text.split('\n')) {
    if (line === '' || line === '\\data\\' || line === '\\end\\' || line.startsWith('#')) continue;
    const header = /^ngram (\d+)=(\d+)$/.exec(line);
    if (header && !current) {
      counts[Number(header[1]) - 1] = Number(header[2]);
      continue;
    }
    const section = /^\\(\d+)-grams:$/.exec(line);
    if (section) {
      current = { grams: [], probs: [], backoffs: [] };
      orders[Number(section[1]) - 1] = current;
      continue;
    }
    const parts = line.split('\t');
    current!.grams.push(parts[1]);
    current!.probs.push(Number(parts[0]));
    current!.backoffs.push(parts.length > 2 ? Number(parts[2]) : 0);
  }
  return { counts, orders };
}

/** Asserts same counts, same n-grams in the same order, prob/backoff within `tol`. */
export function assertArpaAgrees(reference: string, candidate: string, tol = 1e-4): { maxProb: number; maxBackoff: number } {
  const ref = parseArpa(reference);
  const got = parseArpa(candidate);
  assert.deepEqual(got.counts, ref.counts, 'header counts');
  assert.equal(got.orders.length, ref.orders.length, 'number of orders');
  let maxProb = 0;
  let maxBackoff = 0;
  ref.orders.forEach((r, i) => {
    const g = got.orders[i];
    assert.equal(g.grams.length, r.grams.length, `${i + 1}-gram lines`);
    for (let k = 0; k < r.grams.length; k++) {
      if (g.grams[k] !== r.grams[k]) assert.fail(`${i + 1}-gram line ${k + 1}: expected '${r.grams[k]}', got '${g.grams[k]}'`);
      maxProb = Math.max(maxProb, Math.abs(g.probs[k] - r.probs[k]));
      maxBackoff = Math.max(maxBackoff, Math.abs(g.backoffs[k] - r.backoffs[k]));
    }
  });
  assert.ok(maxProb <= tol, `max |Δprob| ${maxProb} > ${tol}`);
  assert.ok(maxBackoff <= tol, `max |Δbackoff| ${maxBackoff} > ${tol}`);
  return { maxProb, maxBackoff };
}

/** The `Statistics:` block of an lmplz log: per order [D1, D2, D3+] as printed, and the count column. */
export function statisticsFromLog(log: string): { counts: string[]; discounts: string[][] } {
  const lines = log.split('\n');
  const start = lines.indexOf('Statistics:');
  const counts: string[] = [];
  const discounts: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\d+ (\S+) D1=(\S+) D2=(\S+) D3\+=(\S+)$/.exec(line);
    if (!m) break;
    counts.push(m[1]);
    discounts.push([m[2], m[3], m[4]]);
  }
  return { counts, discounts };
}
