/**
 * User-facing errors. Anything a user can cause (bad input, bad flags, an incompatible model)
 * is thrown as a SitoError: the CLI prints its one-line message and exits non-zero, never a
 * stack trace. Other exceptions are bugs and are reported as such.
 */
export interface ErrorLocation {
  /** File the problem was found in ('-' for standard input). */
  file?: string;
  /** 1-based line number (or record number for block-based formats). */
  line?: number;
}

export class SitoError extends Error {
  readonly file?: string;
  readonly line?: number;

  constructor(message: string, where: ErrorLocation = {}) {
    super(message);
    this.name = 'SitoError';
    this.file = where.file;
    this.line = where.line;
  }

  /** `file:line: message`, the form editors and grep understand. */
  override toString(): string {
    const place = this.file === undefined ? '' : this.line === undefined ? `${this.file}: ` : `${this.file}:${this.line}: `;
    return `${place}${this.message}`;
  }
}
