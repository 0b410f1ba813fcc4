/**
 * Every output file that is still being written, so an interrupted or crashing run can remove
 * them all: sito's outputs appear complete or not at all.
 */

export interface Abortable {
  /** Stops writing and removes the temporary file, synchronously (safe in a signal handler). */
  abortSync(): void;
}

const open = new Set<Abortable>();

export function registerOpenWriter(writer: Abortable): void {
  open.add(writer);
  ensureExitCleanup();
}

export function unregisterOpenWriter(writer: Abortable): void {
  open.delete(writer);
}

/** Aborts every writer not yet committed or aborted. Returns how many there were. */
export function abortOpenWriters(): number {
  const writers = [...open];
  open.clear();
  for (const writer of writers) {
    try {
      writer.abortSync();
    } catch {
      // Cleanup must reach every writer even if one temporary file is already gone.
    }
  }
  return writers.length;
}

export function openWriterCount(): number {
  return open.size;
}

let exitHookInstalled = false;

/**
 * On any exit (an uncaught exception included) temporary files of uncommitted writers are
 * removed; a committed writer is no longer registered, so its output stays.
 */
function ensureExitCleanup(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    abortOpenWriters();
  });
}

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface InterruptOptions {
  /** Called once the writers are aborted, before `cleanup` (e.g. to print a message). */
  onSignal?: (signal: InterruptSignal) => void;
  /** Longest wait for `cleanup` before exiting anyway, in ms (default 3000). */
  cleanupTimeoutMs?: number;
}

/**
 * On SIGINT or SIGTERM: abort every open writer at once (synchronously, so no partial output
 * survives even if what follows hangs), run `cleanup` (e.g. stop a worker pool), then exit with
 * 130 or 143 as shells expect. A second signal exits immediately. Returns a function that
 * removes the handlers (call it when the run is over).
 */
export function onInterrupt(cleanup?: () => void | Promise<void>, opts: InterruptOptions = {}): () => void {
  let interrupted = false;
  const handler = (signal: InterruptSignal) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    abortOpenWriters();
    if (interrupted) process.exit(code);
    interrupted = true;
    opts.onSignal?.(signal);
    const timer = setTimeout(() => process.exit(code), opts.cleanupTimeoutMs ?? 3000);
    Promise.resolve()
      .then(cleanup)
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        process.exit(code);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
