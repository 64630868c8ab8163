#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// V8 tiers tree-sitter's WASM parser up to its optimising compiler in the background, and a process cannot exit
// while that compile runs: linting one Dockerfile took 1.45 s, 1.1 s of it waiting to exit. Baseline (Liftoff)
// code alone lints one file in 0.5 s and the whole 5,835-file corpus in the same time (docs/benchmarks.md).
// Set before the engine loads, so the WASM module is compiled under it; V8 flags are per process (workers too).
setFlagsFromString('--liftoff-only');

const { main } = await import('../dist/main.js');

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`dockerlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
