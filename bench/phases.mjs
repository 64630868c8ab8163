#!/usr/bin/env node
/**
 * Where a whole-corpus lint spends its time, by phase: the CLI's code path in one thread of one process (`main`
 * from the unbundled dist/, so every function keeps the module it came from), profiled with V8's sampling CPU
 * profiler (`node --cpu-prof`). Nothing is timed inside the engine: each sample is charged to the innermost frame
 * on its stack that belongs to a phase, by the file the function is in:
 *
 *   parse     dockerfile-ast (the Dockerfile parser)
 *   shell     core's shell/ (tree-sitter-bash parse of RUN bodies and the walk of its tree) and web-tree-sitter
 *   layers    core's analysis/layers (file events per instruction)
 *   analysis  the rest of core's analysis/ (secret scope, values in instructions, …)
 *   secrets   core's secrets/ (secret names and the value scanner)
 *   context   core's context/ (build context, ignore files, .gitignore)
 *   model     core's model/ (instructions, stages, scopes), when none of the above is inside
 *   rules     rules/ (the rule files themselves)
 *   engine    the rest of core (engine, config, document, build definitions)
 *   cli       the CLI (discovery, output), formatters
 *   gc        V8's garbage collector
 *   other     Node start-up, module loading, and frames of none of the above
 *
 * "Innermost" means a dockerfile-ast call made by the model is parse and a layer query made by a rule is layers.
 *
 *   node bench/phases.mjs [corpus-dir] [--json FILE]      (default ../shared/corpus/real; run `npx tsc -b` first)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchOption, REPO_ROOT } from './files.mjs';

const self = fileURLToPath(import.meta.url);

/** Phases in the order they are reported; each with the file pattern that claims a frame for it. */
export const PHASES = [
  ['parse', /\/node_modules\/dockerfile-ast\//],
  ['shell', /\/packages\/core\/dist\/shell\/|\/node_modules\/web-tree-sitter\//],
  ['layers', /\/packages\/core\/dist\/analysis\/layers[^/]*\.js$/],
  ['analysis', /\/packages\/core\/dist\/analysis\//],
  ['secrets', /\/packages\/core\/dist\/secrets\//],
  ['context', /\/packages\/core\/dist\/context\//],
  ['model', /\/packages\/core\/dist\/model\//],
  ['rules', /\/rules\/dist\//],
  ['engine', /\/packages\/core\/dist\//],
  ['cli', /\/packages\/cli\/dist\//],
];

function phaseOfFrame(frame) {
  if (frame.functionName === '(garbage collector)') return 'gc';
  if (!frame.url) return undefined;
  for (const [name, pattern] of PHASES) if (pattern.test(frame.url)) return name;
  return undefined;
}

/** Milliseconds per phase from a `.cpuprofile` (nodes with parent links; samples with time deltas). */
export function phaseTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const phaseOfNode = new Map();
  const phaseOf = (id) => {
    if (phaseOfNode.has(id)) return phaseOfNode.get(id);
    const node = byId.get(id);
    const own = phaseOfFrame(node.callFrame);
    const up = parent.get(id);
    const phase = own ?? (up === undefined ? 'other' : phaseOf(up));
    phaseOfNode.set(id, phase);
    return phase;
  };
  const times = Object.fromEntries([...PHASES.map(([name]) => name), 'gc', 'other', 'idle'].map((name) => [name, 0]));
  profile.samples.forEach((id, i) => {
    const name = byId.get(id).callFrame.functionName;
    const phase = name === '(idle)' ? 'idle' : phaseOf(id);
    times[phase] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return times;
}

if (process.argv[2] === '--child') {
  // The profiled process: the CLI's own code path with the rules given, so no worker pool (as bench/warm-up.mjs).
  const [{ main }, { rules }] = await Promise.all([import('../packages/cli/dist/main.js'), import('../rules/dist/index.js')]);
  await main([process.argv[3], '--format', 'json'], { rules, stdout: { write: () => true } });
} else {
  const args = process.argv.slice(2);
  const corpus = path.resolve(args[0] && !args[0].startsWith('--') ? args[0] : path.join(REPO_ROOT, '../shared/corpus/real'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-phases-'));
  try {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, self, '--child', corpus], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const wallMs = performance.now() - started;
    if (child.status !== 0) throw new Error(`profiled run exited ${child.status ?? child.signal}`);
    const [file] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
    const times = phaseTimes(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    const total = Object.values(times).reduce((a, b) => a + b, 0);
    const result = { corpus, wallMs, profiledMs: total, phases: times };
    const jsonOut = benchOption(args, 'json', undefined);
    if (jsonOut) writeFileSync(path.resolve(jsonOut), JSON.stringify(result, null, 2));
    for (const [name, ms] of Object.entries(times)) process.stdout.write(`${name.padEnd(9)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${((ms / total) * 100).toFixed(1).padStart(5)} %\n`);
    process.stdout.write(`profiled ${(total / 1000).toFixed(2)} s of a ${(wallMs / 1000).toFixed(2)} s run (${pathToFileURL(corpus).pathname})\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
