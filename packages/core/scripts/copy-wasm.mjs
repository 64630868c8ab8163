#!/usr/bin/env node
/**
 * Copies the two WebAssembly files the shell parser loads (web-tree-sitter's runtime and the bash grammar) to
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
};

export function copyWasm(dest) {
  mkdirSync(dest, { recursive: true });
  for (const [name, specifier] of Object.entries(WASM_FILES)) copyFileSync(require.resolve(specifier), path.join(dest, name));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  copyWasm(process.argv[2] ?? fileURLToPath(new URL('../dist/wasm/', import.meta.url)));
}
