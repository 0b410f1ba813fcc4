/**
 * Progress on stderr: a single self-rewriting line when stderr is a terminal (documents/s,
 * MB/s, percentage and ETA when the input size is known), nothing while running otherwise, so
 * logs of batch jobs stay clean. Data never goes to stderr, progress never to stdout.
 */
export interface ProgressSource {
  documents: number;
  /** Input bytes consumed so far (compressed bytes for compressed input). */
  bytesRead: number;
  /** Total input bytes, when known (not for stdin). */
  totalBytes?: number;
}

export class ProgressLine {
  private timer?: NodeJS.Timeout;
  private readonly started = Date.now();
  private shown = false;

  constructor(
    private readonly source: () => ProgressSource,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 500,
  ) {}

  start(): this {
    if (this.stream.isTTY) {
      this.timer = setInterval(() => this.render(), this.intervalMs);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.shown) this.stream.write('\r\x1b[K');
  }

  render(): void {
    const s = this.source();
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const parts = [
      `${s.documents.toLocaleString('en-US')} docs`,
      `${Math.round(s.documents / seconds).toLocaleString('en-US')} docs/s`,
      `${(s.bytesRead / 1e6 / seconds).toFixed(1)} MB/s`,
    ];
    if (s.totalBytes && s.bytesRead > 0) {
      const done = Math.min(1, s.bytesRead / s.totalBytes);
      parts.push(`${(done * 100).toFixed(1)}%`, `ETA ${formatDuration((seconds / done) * (1 - done))}`);
    }
    this.stream.write(`\r\x1b[Ksito: ${parts.join('  ')}`);
    this.shown = true;
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
