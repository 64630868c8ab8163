#!/usr/bin/env node
/**
 * Whole-run cost: lint every corpus Dockerfile in one process (as a long CLI run or an editor session does)
 * and compare the per-file time of the first 500 files with the last 500, and heap before/after. A long
 * run must cost what its files cost: nothing may accumulate across files (caches bounded and keyed by
 * content, not growing with the run). Prints the figures; exit 1 when the last 500 are > 2× slower per file.
 *
 *   node fuzz/whole-run.mjs [--rounds N]   (N passes over the corpus, default 1)
 */
import { performance } from 'node:perf_hooks';
import * as core from '@dockerlint/core';
import { rules } from '@dockerlint/rules';
import { loadCorpus } from './mutate.mjs';

const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 1;
await core.initialize();
const corpus = loadCorpus();
const files = [];
for (let r = 0; r < rounds; r++) files.push(...corpus);
const times = [];
const heapStart = process.memoryUsage().heapUsed;
const t0 = performance.now();
for (const { file, bytes } of files) {
  const s = performance.now();
  core.lintText({ filePath: file, text: bytes.toString('utf8'), rules, buildContext: core.noBuildContext() });
  times.push(performance.now() - s);
}
const total = performance.now() - t0;
globalThis.gc?.();
const heapEnd = process.memoryUsage().heapUsed;
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
const first = times.slice(0, 500);
const last = times.slice(-500);
// The same files in both windows would be fairer; the corpus is ordered by project, so compare means and medians.
console.log(`${files.length} files in ${(total / 1000).toFixed(1)} s (${mean(times).toFixed(2)} ms/file)`);
console.log(`first 500: mean ${mean(first).toFixed(2)} ms, median ${median(first).toFixed(2)} ms; last 500: mean ${mean(last).toFixed(2)} ms, median ${median(last).toFixed(2)} ms`);
console.log(`heap: ${(heapStart / 1e6).toFixed(0)} MB → ${(heapEnd / 1e6).toFixed(0)} MB`);
if (rounds > 1) {
  const n = corpus.length;
  console.log(`round 1: ${mean(times.slice(0, n)).toFixed(2)} ms/file; round ${rounds}: ${mean(times.slice(-n)).toFixed(2)} ms/file (cached shell analyses make repeats cheaper, never dearer)`);
}
process.exitCode = mean(last) > 2 * Math.max(mean(first), 0.5) && median(last) > 2 * Math.max(median(first), 0.2) ? 1 : 0;
