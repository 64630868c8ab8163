#!/usr/bin/env node
/**
 * The RUN prefilter, measured: the whole corpus linted by the CLI on one thread with and without the prefilter,
 * next to the parse floor, interleaved (floor, on, off, floor, on, off…), medians of --runs (default 3); then how
 * many RUNs the prefilter skips and why the others are kept (counted here, outside core's hot path).
 *
 *   node bench/prefilter.mjs [--corpus DIR] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDockerfiles } from './files.mjs';
import { buildModel, LintAnalysis, runTrigger } from '../packages/core/dist/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const corpus = path.resolve(repo, opt('corpus', '../shared/corpus/real'));
const runs = Number(opt('runs', '3'));

const cli = path.join(repo, 'packages/cli/bin/dockerlint.js');
const ROWS = {
  'parse floor': { argv: [path.join(repo, 'bench/parse-floor.mjs'), corpus], env: {} },
  'dockerlint, prefilter on': { argv: [cli, '--format', 'json', corpus], env: { DOCKERLINT_WORKERS: '1' } },
  'dockerlint, prefilter off': { argv: [cli, '--format', 'json', corpus], env: { DOCKERLINT_WORKERS: '1', DOCKERLINT_NO_PREFILTER: '1' } },
};

const times = Object.fromEntries(Object.keys(ROWS).map((name) => [name, []]));
for (let round = 0; round < runs; round++) {
  for (const [name, row] of Object.entries(ROWS)) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, row.argv, { env: { ...process.env, ...row.env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0 && result.status !== 1) throw new Error(`${name}: exit ${result.status}: ${String(result.stderr).slice(0, 300)}`);
    times[name].push(seconds);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const floor = median(times['parse floor']);
console.log(`corpus ${path.relative(repo, corpus)}, one thread, medians of ${runs} (interleaved)`);
for (const [name, values] of Object.entries(times)) {
  const m = median(values);
  console.log(`${name.padEnd(28)} ${m.toFixed(2)} s  ${(m / floor).toFixed(2)}× floor  [${values.map((v) => v.toFixed(2)).join(', ')}]`);
}

// Skipped RUNs: the same test the analysis makes, run here on every RUN of the corpus.
let total = 0;
let skipped = 0;
const byTrigger = new Map();
for (const file of findDockerfiles(corpus)) {
  const model = buildModel(readFileSync(file, 'utf8'), { path: file });
  const analysis = new LintAnalysis({ model, prefilter: true });
  for (const run of model.allInstructions()) {
    if (run.kind !== 'RUN') continue;
    total++;
    const trigger = runTrigger({
      model,
      run,
      isSecretBinding: (binding) => analysis.secretScope(run).variables.has(binding.name),
      earlierCandidateAdd: () => analysis.runMayMatter(run),
    });
    if (trigger === undefined) skipped++;
    else byTrigger.set(trigger, (byTrigger.get(trigger) ?? 0) + 1);
  }
}
console.log(`RUNs: ${total}, skipped ${skipped} (${((100 * skipped) / total).toFixed(1)} %); kept by first trigger:`);
for (const [trigger, count] of [...byTrigger].sort((a, b) => b[1] - a[1])) console.log(`  ${trigger.padEnd(26)} ${count}`);
