/**
 * Rank statistics shared by the evaluations (MT scorer, perplexity model calibration).
 */

/** A score and whether the example belongs to the positive class. */
export interface RankedExample {
  score: number;
  positive: boolean;
}

/**
 * ROC-AUC as the Mann–Whitney statistic: the probability that a random positive outscores a
 * random negative, ties counting one half. Mid-ranks make ties exact. NaN when a class is empty.
 */
export function rocAuc(examples: readonly RankedExample[]): number {
  const sorted = [...examples].sort((a, b) => a.score - b.score);
  let nPos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.score === sorted[i]!.score) j++;
    const midRank = (i + j) / 2 + 1; // ranks are 1-based
    for (let k = i; k <= j; k++) {
      if (sorted[k]!.positive) {
        nPos++;
        rankSumPos += midRank;
      }
    }
    i = j + 1;
  }
  const nNeg = sorted.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}


/** ROC-AUC when a LOWER score means positive (e.g. perplexity of native text). */
export function rocAucLowerIsPositive(positives: readonly number[], negatives: readonly number[]): number {
  return rocAuc([...positives.map((v) => ({ score: -v, positive: true })), ...negatives.map((v) => ({ score: -v, positive: false }))]);
}
