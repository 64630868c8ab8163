#!/usr/bin/env node
/**
 * Copies the WebAssembly files core loads (web-tree-sitter's runtime, the bash grammar, the HCL grammar) to
 * `<dest>/`, default `packages/core/dist/wasm/`: the folder `dist/shell/parser.js` looks in first, as the bundled
 * `dist/index.js` of the published package looks in `wasm/` (scripts/release/pack.mjs). Users never install the
 * native tree-sitter-bash package; only its `.wasm` travels.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const WASM_FILES = {
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-bash.wasm': 'tree-sitter-bash/tree-sitter-bash.wasm',
  // Bake files (build definitions); only the 92 KB grammar travels, not its 2 MB package.
  'tree-sitter-hcl.wasm': '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm',
};

export function copyWasm(dest) {
  mkdirSync(dest, { recursive: true });
  for (const [name, specifier] of Object.entries(WASM_FILES)) copyFileSync(require.resolve(specifier), path.join(dest, name));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  copyWasm(process.argv[2] ?? fileURLToPath(new URL('../dist/wasm/', import.meta.url)));
}
