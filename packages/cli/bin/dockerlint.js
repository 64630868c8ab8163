#!/usr/bin/env node
import { readFileSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// V8 tiers tree-sitter's WASM parser up to its optimising compiler in the background, and a process cannot exit
// while that compile runs: linting one Dockerfile took 1.45 s, 1.1 s of it waiting to exit. Baseline (Liftoff)
// code alone lints one file in 0.5 s and the whole 5,835-file corpus in the same time (docs/benchmarks.md).
// Set before the engine loads, so the WASM module is compiled under it; V8 flags are per process (workers too).
setFlagsFromString('--liftoff-only');
// V8 lets the old generation grow to up to 4× what survived its last full GC before collecting again; a lint run
// promotes much short-lived analysis, so that grew to ~150 MB of garbage over ~30 MB live (peak RSS ~245 MB on the
// 5,835-file corpus). At 2× peak RSS is ~185 MB for 5 more full GCs (~60 ms) in a ~12 s run (issue 15).
setFlagsFromString('--heap-growing-percent=100');

const { main } = await import(new URL('main.js', codeDir()).href);

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`dockerlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

/**
 * dist/ in the published package (one esbuild bundle: a fast start). In this repository dist/ is `tsc -b`'s
 * output and `npm run build` also writes the bundle to bundle/: used unless a later `tsc -b` rebuilt one of the
 * packages inside it (bundle/stale-after.json lists their build-info files; scripts/bundle.mjs).
 */
function codeDir() {
  const stamp = new URL('../bundle/stale-after.json', import.meta.url);
  const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs;
  const stale = built === undefined || JSON.parse(readFileSync(stamp, 'utf8')).some((file) => (statSync(new URL(file, stamp), { throwIfNoEntry: false })?.mtimeMs ?? 0) > built);
  return new URL(stale ? '../dist/' : '../bundle/', import.meta.url);
}
