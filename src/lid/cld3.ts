/**
 * CLD3 through cld3-asm, with its traps handled:
 * - `create(0, 512)`: the default minimum of 140 bytes answers `und` for every sentence;
 * - input is cut to `CLD3_MAX_CHARS` before it crosses into WASM: the runtime's heap is fixed at
 *   16 MiB and one multi-megabyte input aborts it for good (CLD3 reads only 512 bytes anyway);
 * - text without letters is not sent at all (CLD3 answers `ja` with p ≈ 0.78 for "");
 * - `dispose()` frees the identifier (about 1,300 undisposed ones exhaust the heap).
 */
import { loadModule } from 'cld3-asm';
import { canonicalLanguage } from './codes.js';

/** CLD3 looks at the first 512 UTF-8 bytes; 512 UTF-16 units always cover them. */
export const CLD3_MAX_BYTES = 512;
const CLD3_MAX_CHARS = 512;

export interface Cld3Result {
  /** Canonical code (`iw` → `he`, `ru-Latn` → `ru`, `no` → `nb`), or `und`. */
  lang: string;
  /** CLD3's own code as emitted. */
  raw: string;
  probability: number;
  reliable: boolean;
}

const UNDETERMINED: Cld3Result = { lang: 'und', raw: 'und', probability: 0, reliable: false };

export class Cld3Engine {
  private disposed = false;
  private constructor(private readonly identifier: { findLanguage(text: string): { language: string; probability: number; is_reliable: boolean }; dispose(): void }) {}

  static async create(): Promise<Cld3Engine> {
    const factory = await loadModule();
    return new Cld3Engine(factory.create(0, CLD3_MAX_BYTES));
  }

  identify(text: string): Cld3Result {
    if (this.disposed) throw new Error('Cld3Engine used after dispose()');
    const input = text.length > CLD3_MAX_CHARS ? text.slice(0, CLD3_MAX_CHARS) : text;
    if (!/\p{L}/u.test(input)) return UNDETERMINED;
    const r = this.identifier.findLanguage(input);
    return {
      // CLD3 has no Bokmål/Nynorsk split; like fastText's `no`, its `no` is reported as `nb`.
      lang: r.language === 'no' ? 'nb' : canonicalLanguage(r.language) ?? 'und',
      raw: r.language,
      probability: r.probability,
      reliable: r.is_reliable,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.identifier.dispose();
  }
}
