#!/usr/bin/env node
/**
 * The RUN prefilter, measured: the whole corpus linted by the CLI on one thread with and without the prefilter,
 * next to the parse floor, interleaved (floor, on, off, floor, on, off…), medians of --runs (default 3); then how
 * many RUNs the prefilter skips and why the others are kept (counted here, outside core's hot path).
 *
 *   node bench/prefilter.mjs [--corpus DIR] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { benchOption, findDockerfiles, REPO_ROOT as repo } from './files.mjs';
import { buildModel, LintAnalysis, runTrigger } from '../packages/core/dist/index.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => benchOption(args, name, fallback);
const corpus = path.resolve(repo, opt('corpus', '../shared/corpus/real'));
const runs = Number(opt('runs', '3'));

const cli = path.join(repo, 'packages/cli/bin/dockerlint.js');
const ROWS = {
  'parse floor': { argv: [path.join(repo, 'bench/parse-floor.mjs'), corpus], env: {} },
  'dockerlint, prefilter on': { argv: [cli, '--format', 'json', corpus], env: { DOCKERLINT_WORKERS: '1' } },
  'dockerlint, prefilter off': { argv: [cli, '--format', 'json', corpus], env: { DOCKERLINT_WORKERS: '1', DOCKERLINT_NO_PREFILTER: '1' } },
};

/** Wall clock and CPU seconds (user + system, from /usr/bin/time when present: less disturbed by other load on the machine). */
const haveTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;
const wall = Object.fromEntries(Object.keys(ROWS).map((name) => [name, []]));
const cpu = Object.fromEntries(Object.keys(ROWS).map((name) => [name, []]));
for (let round = 0; round < runs; round++) {
  for (const [name, row] of Object.entries(ROWS)) {
    const command = haveTime ? '/usr/bin/time' : process.execPath;
    const argv = haveTime ? ['-f', 'CPU %U %S', process.execPath, ...row.argv] : row.argv;
    const start = process.hrtime.bigint();
    const result = spawnSync(command, argv, { env: { ...process.env, ...row.env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0 && result.status !== 1) throw new Error(`${name}: exit ${result.status}: ${String(result.stderr).slice(0, 300)}`);
    wall[name].push(seconds);
    const used = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(String(result.stderr));
    if (used) cpu[name].push(Number(used[1]) + Number(used[2]));
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const floor = median(wall['parse floor']);
const cpuFloor = haveTime ? median(cpu['parse floor']) : undefined;
console.log(`corpus ${path.relative(repo, corpus)}, one thread, medians of ${runs} (interleaved)`);
for (const name of Object.keys(ROWS)) {
  const m = median(wall[name]);
  let line = `${name.padEnd(28)} wall ${m.toFixed(2)} s  ${(m / floor).toFixed(2)}× floor  [${wall[name].map((v) => v.toFixed(2)).join(', ')}]`;
  if (cpuFloor !== undefined) {
    const c = median(cpu[name]);
    line += `   cpu ${c.toFixed(2)} s  ${(c / cpuFloor).toFixed(2)}× floor  [${cpu[name].map((v) => v.toFixed(2)).join(', ')}]`;
  }
  console.log(line);
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
      secretVariableInScope: () => [...model.scopeAt(run).values()].some((binding) => analysis.secretScope(run).variables.has(binding.name)),
      earlierCandidateAdd: () => analysis.runMayMatter(run),
    });
    if (trigger === undefined) skipped++;
    else byTrigger.set(trigger, (byTrigger.get(trigger) ?? 0) + 1);
  }
}
console.log(`RUNs: ${total}, skipped ${skipped} (${((100 * skipped) / total).toFixed(1)} %); kept by first trigger:`);
for (const [trigger, count] of [...byTrigger].sort((a, b) => b[1] - a[1])) console.log(`  ${trigger.padEnd(26)} ${count}`);
