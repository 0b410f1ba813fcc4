/**
 * The `-S` memory bound. Every large buffer of the trainer (sort blocks, record stores) asks this
 * budget before it grows; when the budget says no, the owner spills to a temporary file instead.
 * So the typed-array memory of a run stays near the bound whatever the corpus size. The
 * vocabulary (one JS string per distinct word) is not counted, as in lmplz.
 */
import { totalmem } from 'node:os';
import { SitoError } from '../../errors.js';

export class MemoryBudget {
  private usedBytes = 0;
  private peakBytes = 0;

  constructor(readonly limitBytes: number) {}

  /** Reserve `bytes` if that keeps the total within the limit; false means "spill instead". */
  tryAcquire(bytes: number): boolean {
    if (this.usedBytes + bytes > this.limitBytes) return false;
    this.acquire(bytes);
    return true;
  }

  /** Reserve unconditionally: the small minimum blocks a stage needs to make any progress. */
  acquire(bytes: number): void {
    this.usedBytes += bytes;
    if (this.usedBytes > this.peakBytes) this.peakBytes = this.usedBytes;
  }

  release(bytes: number): void {
    this.usedBytes -= bytes;
  }

  get used(): number {
    return this.usedBytes;
  }

  /** Largest amount of budgeted memory held at once. */
  get peak(): number {
    return this.peakBytes;
  }
}

const UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};

/**
 * Parses lmplz's `-S` syntax: a number with a unit suffix (b, K, M, G, T; no suffix means KiB as
 * in KenLM's util::ParseSize) or a percentage of physical memory (`80%`).
 */
export function parseMemorySize(text: string): number {
  const match = /^\s*([0-9]*\.?[0-9]+)\s*([%bBkKmMgGtT]?)\s*$/.exec(text);
  if (!match) throw new SitoError(`invalid memory size '${text}' (use e.g. 500M, 1G or 80%)`);
  const value = Number(match[1]);
  const unit = match[2];
  if (unit === '%') {
    if (value > 100) throw new SitoError(`memory size '${text}' is more than 100% of physical memory`);
    return Math.floor((totalmem() * value) / 100);
  }
  return Math.floor(value * UNITS[(unit || 'k').toLowerCase()]);
}
