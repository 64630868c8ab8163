#!/usr/bin/env node
/**
 * `npm run bench`: whole-process wall time and peak memory of dockerlint and its runnable peers on the
 * real-world corpus, side by side in the same run, at 1/8, 1/4, 1/2 and all of the corpus.
 *
 *   node bench/run.mjs [--corpus DIR] [--runs N] [--timeout SECONDS] [--fractions 8,4,2,1]
 *                      [--tools parse-floor,dockerlint,...] [--write] [--json FILE]
 *
 * - Every measurement is a separate process: `/usr/bin/time -v` when it exists (wall clock and maximum
 *   resident set size of the process, worker threads included), else a `--import` preload that reports
 *   `process.resourceUsage().maxRSS` at exit (every tool here is a Node program).
 * - One untimed warm-up run per tool on the whole corpus (page cache, V8 compile cache), then the median
 *   of `--runs` runs (default 3) per tool and corpus fraction.
 * - Subsets are deterministic and nested: files sorted by SHA-1 of their corpus-relative path, first 1/k.
 * - A run that exceeds `--timeout` (default 600 s) is killed and reported as a timeout.
 * - `--write` puts the tables into docs/benchmarks.md between the `bench:cli` markers (other sections of
 *   that file are kept).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDockerfiles, spawnGroup } from './files.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const corpus = path.resolve(repo, opt('corpus', '../shared/corpus/real'));
const runs = Number(opt('runs', '3'));
const timeoutMs = Number(opt('timeout', '600')) * 1000;
const fractions = opt('fractions', '8,4,2,1').split(',').map(Number);
const write = args.includes('--write');
/** A dockerlint checkout to compare against (before/after), e.g. a `git worktree` of an older commit, built. */
const baseline = opt('baseline', undefined);
/** Cells whose first run takes longer than this are not repeated (slow peers would take hours otherwise). */
const repeatLimitMs = Number(opt('repeat-limit', '60')) * 1000;
const jsonOut = opt('json', undefined);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-bench-'));
const node = process.execPath;
const haveTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0;
const preload = path.join(tmp, 'maxrss.mjs');
writeFileSync(preload, `process.on('exit', () => { try { require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });\n`.replace("require('node:fs')", "process.getBuiltinModule ? process.getBuiltinModule('node:fs') : (await import('node:fs'))"));
// Node 20.x may lack getBuiltinModule: use a top-level import instead.
writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { try { writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });\n`);

/** The tools: each gets the file set as (dir | list file | explicit paths) and returns an argv. */
const secretlintrc = path.join(repo, 'bench/peers/secretlintrc.json');
/** Tools whose findings are read from the report file they write (ESLint-style JSON: results[].messages[].ruleId). */
const REPORT_FILES = { dockerlint: path.join(tmp, 'dockerlint.json'), secretlint: path.join(tmp, 'secretlint.json') };
const TOOLS = {
  'parse-floor': (set) => [path.join(repo, 'bench/parse-floor.mjs'), ...set.listArgs],
  // Not a peer: dockerlint's own two parsers and nothing else (what the analysis starts from).
  'architecture-floor': (set) => [path.join(repo, 'bench/architecture-floor.mjs'), ...set.listArgs],
  dockerlint: (set) => [path.join(repo, 'packages/cli/bin/dockerlint.js'), '--format', 'json', '--output-file', REPORT_FILES.dockerlint, ...set.pathArgs],
  'dockerfile-utils': (set) => [path.join(repo, 'bench/peers/dockerfile-utils.mjs'), ...set.listArgs],
  dockerfilelint: (set) => [path.join(repo, 'bench/peers/dockerfilelint.mjs'), ...set.listArgs],
  secretlint: (set) => [
    path.join(repo, 'node_modules/secretlint/bin/secretlint.js'), '--secretlintrc', secretlintrc, '--format', 'json',
    '--output', REPORT_FILES.secretlint, '--no-glob', ...set.files,
  ],
};
if (baseline) {
  TOOLS['dockerlint (baseline)'] = (set) => [path.resolve(baseline, 'packages/cli/bin/dockerlint.js'), '--format', 'json', '--output-file', path.join(tmp, 'baseline.json'), ...set.pathArgs];
}
const defaultTools = ['parse-floor', 'architecture-floor', 'dockerlint', ...(baseline ? ['dockerlint (baseline)'] : []), 'dockerfile-utils', 'dockerfilelint', 'secretlint'];
const toolNames = opt('tools', defaultTools.join(',')).split(',');

// Deterministic nested subsets.
const all = findDockerfiles(corpus);
const byHash = [...all].sort((a, b) => {
  const ha = createHash('sha1').update(path.relative(corpus, a)).digest('hex');
  const hb = createHash('sha1').update(path.relative(corpus, b)).digest('hex');
  return ha < hb ? -1 : ha > hb ? 1 : 0;
});
const sets = fractions.map((k) => {
  const files = k === 1 ? all : byHash.slice(0, Math.ceil(all.length / k)).sort();
  const list = path.join(tmp, `files-1of${k}.txt`);
  writeFileSync(list, files.join('\n') + '\n');
  return {
    k,
    label: k === 1 ? 'all' : `1/${k}`,
    files,
    // The whole corpus is passed as the directory (what a user types); subsets as explicit paths / a list.
    pathArgs: k === 1 ? [corpus] : files,
    listArgs: k === 1 ? [corpus] : ['--list', list],
  };
});

function measure(argv) {
  return new Promise((resolve) => {
    const rssFile = path.join(tmp, 'rss.txt');
    rmSync(rssFile, { force: true });
    const cmd = haveTime ? '/usr/bin/time' : node;
    const cmdArgs = haveTime ? ['-v', node, ...argv] : ['--import', preload, ...argv];
    const started = process.hrtime.bigint();
    void spawnGroup(cmd, cmdArgs, { cwd: repo, env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: '1' }, timeoutMs }).then(({ code, stdout, stderr, timedOut }) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let rssKb;
      let cpuMs;
      if (haveTime) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (m) rssKb = Number(m[1]);
        const u = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const s = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        if (u && s) cpuMs = (Number(u[1]) + Number(s[1])) * 1000;
      } else if (existsSync(rssFile)) {
        rssKb = Number(readFileSync(rssFile, 'utf8'));
      }
      resolve({ wallMs, rssKb, cpuMs, code, timedOut, stdout });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const machine = {
  date: new Date().toISOString(),
  nproc: os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  free: spawnSync('free', ['-h'], { encoding: 'utf8' }).stdout?.trimEnd() ?? '',
  node: process.version,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  loadBefore: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  measuredWith: haveTime ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS preload',
};
process.stderr.write(`corpus: ${corpus} (${all.length} Dockerfiles); runs: ${runs}; timeout ${timeoutMs / 1000} s; ${machine.measuredWith}\n`);

const results = {}; // tool → label → { wallMs, rssKb, cpuMs, runs: [...], timedOut }
for (const tool of toolNames) {
  const build = TOOLS[tool];
  if (!build) throw new Error(`unknown tool ${tool} (known: ${Object.keys(TOOLS).join(', ')})`);
  results[tool] = {};
  process.stderr.write(`${tool}: warm-up… `);
  const warm = await measure(build(sets.find((s) => s.k === Math.min(...fractions)) ?? sets[0]));
  process.stderr.write(`${(warm.wallMs / 1000).toFixed(2)} s\n`);
  for (const set of sets) {
    const samples = [];
    let timedOut = false;
    for (let r = 0; r < runs; r++) {
      const m = await measure(build(set));
      if (m.timedOut) {
        timedOut = true;
        break;
      }
      samples.push(m);
      if (m.wallMs > repeatLimitMs) break; // one run of a very slow cell is enough
    }
    const entry = timedOut
      ? { timedOut: true, files: set.files.length }
      : {
          files: set.files.length,
          wallMs: median(samples.map((s) => s.wallMs)),
          rssKb: median(samples.filter((s) => s.rssKb !== undefined).map((s) => s.rssKb)),
          cpuMs: samples.every((s) => s.cpuMs !== undefined) ? median(samples.map((s) => s.cpuMs)) : undefined,
          wallRuns: samples.map((s) => Math.round(s.wallMs)),
          exitCode: samples[0].code,
          summary: samples[0].stdout.trim().slice(0, 2000),
        };
    // Read now: the output file is rewritten by every later run of the tool (the one-file start-up runs below).
    if (!timedOut && set.k === 1 && REPORT_FILES[tool]) entry.summary = summarizeReport(REPORT_FILES[tool]);
    results[tool][set.label] = entry;
    process.stderr.write(
      `  ${set.label.padEnd(4)} ${timedOut ? `TIMEOUT (> ${timeoutMs / 1000} s)` : `${(entry.wallMs / 1000).toFixed(2)} s wall (${entry.wallRuns.join(', ')} ms), ${(entry.rssKb / 1024).toFixed(0)} MB`}\n`,
    );
    if (timedOut) break; // larger sets would time out too
  }
}
// Start-up: one Dockerfile, what a pre-commit hook or a single-image repository's CI step lints.
const oneFile = all.find((f) => f.endsWith(`${path.sep}moby__moby${path.sep}Dockerfile`)) ?? all[0];
const oneSet = { files: [oneFile], pathArgs: [oneFile], listArgs: [oneFile] };
const startupRuns = Math.max(runs, 5);
const startup = {};
for (const tool of toolNames) {
  const samples = [];
  for (let r = 0; r < startupRuns; r++) {
    const m = await measure(TOOLS[tool](oneSet));
    if (m.timedOut) break;
    samples.push(m.wallMs);
  }
  startup[tool] = samples.length > 0 ? median(samples) : undefined;
  process.stderr.write(`${tool}: one file ${startup[tool] === undefined ? 'TIMEOUT' : `${(startup[tool] / 1000).toFixed(2)} s`}\n`);
}
machine.loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(' ');

// ---- Report
const fmtS = (ms) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const labels = sets.map((s) => s.label);
const floor = results['parse-floor'];
const lines = [];
lines.push('<!-- bench:cli:start (generated by `npm run bench -- --write`; edit bench/run.mjs, not this block) -->');
lines.push('');
lines.push(`Measured ${machine.date.slice(0, 10)} with \`npm run bench\` (${runs} runs per cell after one warm-up run per tool on the whole corpus; median; a cell whose run takes over ${repeatLimitMs / 1000} s is not repeated; ${machine.measuredWith}).`);
lines.push(`Corpus: \`../shared/corpus/real\`, ${all.length} Dockerfiles; subsets are deterministic and nested (SHA-1 of the path).`);
lines.push('');
const fullLabel = 'all';
lines.push(`### Whole corpus (${all.length} files)`);
lines.push('');
lines.push('| tool | wall (median) | CPU (user+sys) | peak RSS | files/s | × parse floor (wall) | runs (ms) |');
lines.push('|---|---:|---:|---:|---:|---:|---|');
for (const tool of toolNames) {
  const e = results[tool][fullLabel];
  if (!e) {
    lines.push(`| ${tool} | not run (a smaller subset timed out) | | | | | |`);
    continue;
  }
  if (e.timedOut) {
    lines.push(`| ${tool} | **timeout** (> ${timeoutMs / 1000} s, killed) | | | < ${(e.files / (timeoutMs / 1000)).toFixed(0)} | > ${(timeoutMs / floor[fullLabel].wallMs).toFixed(1)} | |`);
    continue;
  }
  const ratio = floor?.[fullLabel]?.wallMs ? (e.wallMs / floor[fullLabel].wallMs).toFixed(2) : '—';
  lines.push(`| ${tool} | ${fmtS(e.wallMs)} | ${fmtS(e.cpuMs)} | ${(e.rssKb / 1024).toFixed(0)} MB | ${(e.files / (e.wallMs / 1000)).toFixed(0)} | ${ratio} | ${e.wallRuns.join(', ')} |`);
}
lines.push('');
lines.push('### Scaling with corpus size (wall, median)');
lines.push('');
lines.push(`| tool | ${labels.map((l) => `${l} (${sets.find((s) => s.label === l).files.length})`).join(' | ')} | ms/file at ${labels[0]} → all | all ÷ ${labels[0]} per file |`);
lines.push(`|---|${labels.map(() => '---:').join('|')}|---:|---:|`);
for (const tool of toolNames) {
  const cells = labels.map((l) => {
    const e = results[tool][l];
    if (!e) return '—';
    if (e.timedOut) return `timeout (> ${timeoutMs / 1000} s)`;
    const r = floor?.[l]?.wallMs ? ` (${(e.wallMs / floor[l].wallMs).toFixed(2)}×)` : '';
    return `${fmtS(e.wallMs)}${tool === 'parse-floor' ? '' : r}`;
  });
  const first = results[tool][labels[0]];
  const last = results[tool][fullLabel];
  let perFile = '—';
  let growth = '—';
  if (first && last && !first.timedOut && !last.timedOut) {
    const a = first.wallMs / first.files;
    const b = last.wallMs / last.files;
    perFile = `${a.toFixed(2)} → ${b.toFixed(2)}`;
    growth = (b / a).toFixed(2);
  }
  lines.push(`| ${tool} | ${cells.join(' | ')} | ${perFile} | ${growth} |`);
}
lines.push('');
lines.push('Ratios in brackets are against the parse floor on the same subset. "all ÷ 1/8 per file" ≤ 1 means no superlinear');
lines.push('growth (fixed start-up cost is spread over more files); > 1 means each file costs more as the corpus grows.');
lines.push('');
lines.push(`### Start-up: one Dockerfile (\`${path.relative(corpus, oneFile)}\`, ${(readFileSync(oneFile).length / 1024).toFixed(0)} KB)`);
lines.push('');
lines.push(`Whole process, median of ${startupRuns} runs: what a pre-commit hook or the CI step of a one-image repository waits for.`);
lines.push('');
lines.push('| tool | wall |');
lines.push('|---|---:|');
for (const tool of toolNames) lines.push(`| ${tool} | ${fmtS(startup[tool])} |`);
lines.push('');
lines.push('Findings reported by each tool on the whole corpus (first run):');
lines.push('');
lines.push('```');
for (const tool of toolNames) {
  const e = results[tool][fullLabel];
  if (!e || e.timedOut) continue;
  lines.push(`${tool}: ${e.summary}`);
}
lines.push('```');
lines.push('');
lines.push(`Machine: ${machine.cpu}, \`nproc\` = ${machine.nproc}, ${machine.memory} RAM, Node ${machine.node}, ${machine.os}.`);
lines.push(`Load average (1/5/15 min) before: ${machine.loadBefore}; after: ${machine.loadAfter}.`);
lines.push('');
lines.push('```');
lines.push('$ free -h');
lines.push(machine.free);
lines.push('```');
lines.push('');
lines.push('<!-- bench:cli:end -->');

function summarizeReport(file) {
  try {
    const results = JSON.parse(readFileSync(file, 'utf8'));
    const byRule = {};
    for (const r of results) for (const m of r.messages) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
    return JSON.stringify({ files: results.length, findings: Object.values(byRule).reduce((a, b) => a + b, 0), byRule });
  } catch {
    return '(no output)';
  }
}

const block = lines.join('\n');
process.stdout.write(`${block}\n`);
if (jsonOut) writeFileSync(path.resolve(jsonOut), JSON.stringify({ machine, results }, null, 2));
if (write) {
  const doc = path.join(repo, 'docs/benchmarks.md');
  let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf('<!-- bench:cli:start');
  const end = text.indexOf('<!-- bench:cli:end -->');
  if (start >= 0 && end > start) {
    text = text.slice(0, start) + block + text.slice(end + '<!-- bench:cli:end -->'.length);
  } else {
    const heading = '## CLI throughput against peers (`npm run bench`)\n\n';
    const at = text.indexOf('\n## ');
    text = at >= 0 ? `${text.slice(0, at + 1)}${heading}${block}\n\n${text.slice(at + 1)}` : `${text}\n${heading}${block}\n`;
  }
  writeFileSync(doc, text);
  process.stderr.write(`wrote ${path.relative(process.cwd(), doc)}\n`);
}
rmSync(tmp, { recursive: true, force: true });
