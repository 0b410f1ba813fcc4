/**
 * Temporary files for spilled sort runs and record stores, all inside one directory created under
 * lmplz's `-T` prefix on first use and removed as a whole when training ends (also on errors).
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TempFiles {
  private dir: string | undefined;
  private next = 0;
  /** How many files were ever created: a cheap way to see whether a run spilled. */
  created = 0;

  constructor(private readonly prefix: string = tmpdir()) {}

  /** A fresh path; the file itself is created by whoever writes it. */
  path(label: string): string {
    if (this.dir === undefined) this.dir = mkdtempSync(join(this.prefix, 'sito-lm-train-'));
    this.created++;
    return join(this.dir, `${label}.${this.next++}`);
  }

  remove(path: string): void {
    try {
      unlinkSync(path);
    } catch {
      // Already gone: cleanup() of the whole directory may have run first.
    }
  }

  cleanup(): void {
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
