// Where the tree-sitter .wasm files are on disk, for the engine's WasmReader: beside the bundle
// (server/out/grammars/, copied there by esbuild.mjs and shipped in the .vsix), or in node_modules when
// running from source (tests through tsx, scripts/bench.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setWasmReader, type WasmReader } from '../engine/index';
import { keepWasmOnBaseline } from '../processOptions';

/** The folder name under server/out that holds the .wasm files. */
export const GRAMMARS_DIR = 'grammars';

function candidates(wasm: { pkg: string; file: string }): string[] {
  const out = [join(__dirname, GRAMMARS_DIR, wasm.file)];
  // From source: walk up to the first node_modules holding the package.
  for (let dir = __dirname; ; dir = dirname(dir)) {
    out.push(join(dir, 'node_modules', wasm.pkg, wasm.file));
    if (dirname(dir) === dir) break;
  }
  return out;
}

export const diskWasmReader: WasmReader = async (wasm) => {
  const path = candidates(wasm).find((p) => existsSync(p));
  if (!path) throw new Error(`${wasm.file} not found (looked beside the bundle and in node_modules/${wasm.pkg})`);
  return new Uint8Array(await readFile(path));
};

/**
 * Points the engine at the .wasm files on disk; front ends call it once at start-up.
 *
 * It also keeps V8 from tiering the grammars up to TurboFan. A grammar's lexer is one huge function
 * (tree-sitter-powershell's and tree-sitter-bash's especially): once a few parses make it "hot", V8 compiles it
 * with TurboFan on a background thread, which took 25 s of CPU for tree-sitter-powershell on this machine, and a
 * process does not exit before such compile jobs end (`twinguard scan x.ps1` took 75 s instead of 0.5 s). The
 * baseline (Liftoff) code parses the demo scripts at the same speed within measurement noise (`npm run bench`).
 */
export function useDiskGrammars(): void {
  keepWasmOnBaseline();
  setWasmReader(diskWasmReader);
}
