/**
 * Training n-gram models like KenLM's lmplz, as a library:
 *
 *   const result = await trainLanguageModel({ order: 5, text: 'corpus.txt.gz', arpa: 'model.arpa', memory: '2G' });
 *
 * See pipeline.ts for the options and stages, ../../../../shared/kenlm/ALGORITHM.md for the maths.
 */
export { trainLanguageModel, expandPruning, MAX_ORDER, type TrainOptions, type TrainResult } from './pipeline.js';
export { parseMemorySize } from './memory.js';
export { parseDiscountFallback, type Discount } from './discounts.js';
