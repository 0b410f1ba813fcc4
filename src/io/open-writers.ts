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

export interface SignalCleanupOptions {
  /** Called after the writers are aborted, before exiting (e.g. to print a message). */
  onSignal?: (signal: 'SIGINT' | 'SIGTERM') => void;
}

/**
 * On SIGINT or SIGTERM: abort every open writer (removing its temporary file), then exit with
 * 130 or 143 as shells expect. Returns a function that removes the handlers again.
 */
export function abortWritersOnSignal(opts: SignalCleanupOptions = {}): () => void {
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    abortOpenWriters();
    opts.onSignal?.(signal);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
