/**
 * Whole-file writes that never leave a half-written file under the final name: the data goes to
 * a temporary name beside it (same directory, so the rename stays on one file system) and is
 * renamed over the target when complete. For models, profiles and build artefacts; streamed run
 * outputs use the writers in writer.ts, which do the same over a stream.
 */
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}
