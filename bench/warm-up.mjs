#!/usr/bin/env node
/**
 * How much of a cold whole-process run is JIT warm-up. The corpus's projects are split into two disjoint halves
 * (alternate top-level directories), so no file, context or shell script of one half is in the other's caches.
 * Each half is linted cold (a fresh process) and warm (after the other half, in the same process); the
 * difference is what V8 spends compiling and re-optimising the engine before it reaches its steady state.
 * In-process CLI code path (`main` with the rules given, so no worker pool).
 * Usage: node bench/warm-up.mjs [corpus-dir]     (default ../shared/corpus/real)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

async function lint(dirs) {
  // Loaded here: only the child processes lint; the parent only spawns and reports.
  const [{ main }, { rules }] = await Promise.all([import('../packages/cli/dist/main.js'), import('../rules/dist/index.js')]);
  const started = performance.now();
  await main([...dirs, '--format', 'json'], { rules, stdout: { write: () => true } });
  return (performance.now() - started) / 1000;
}

if (process.argv[2] === '--child') {
  // Lints each list in turn in this process and prints each list's seconds.
  const times = [];
  for (const list of process.argv.slice(3)) times.push(await lint(JSON.parse(list)));
  process.stdout.write(JSON.stringify(times));
} else {
  const corpus = path.resolve(process.argv[2] ?? '../shared/corpus/real');
  const projects = readdirSync(corpus).sort().map((name) => path.join(corpus, name));
  const halves = [projects.filter((_, i) => i % 2 === 0), projects.filter((_, i) => i % 2 === 1)];
  const run = (...lists) => JSON.parse(spawnSync(process.execPath, [self, '--child', ...lists.map((l) => JSON.stringify(l))], { encoding: 'utf8', maxBuffer: 1 << 20 }).stdout);
  for (const [name, half, other] of [['A', halves[0], halves[1]], ['B', halves[1], halves[0]]]) {
    const [cold] = run(half);
    const [, warm] = run(other, half);
    process.stdout.write(`half ${name} (${half.length} projects): cold ${cold.toFixed(2)} s, after the other half ${warm.toFixed(2)} s, warm-up ${(cold - warm).toFixed(2)} s\n`);
  }
}
