#!/usr/bin/env node
/**
 * `npm run findings:identity -- --out DIR [--compare DIR]`: proves that a change to the engine keeps dockerlint's
 * findings byte for byte.
 *
 * Lints each corpus folder (default `real,labeled,wild` of ../shared/corpus) with this checkout's built CLI, run
 * from the repository root exactly as a user would — `node packages/cli/bin/dockerlint.js ../shared/corpus/<name>
 * --format json|sarif` — and writes the reports to `DIR/<name>.json` and `DIR/<name>.sarif`. With `--compare
 * BASE`, each report is compared with `BASE/<name>.<format>` byte for byte; for a report that differs it lists
 * the files whose findings differ and, for each, the first differing finding as the report prints it (already
 * redacted by the CLI; this script prints nothing the reports do not contain).
 *
 * SARIF records the folder it was run in (`originalUriBaseIds.%SRCROOT%`): reports made in another checkout
 * differ in that one field, which is reported separately from the findings.
 *
 *   --out DIR         where the reports go (required)
 *   --compare BASE    reports to compare with (e.g. made on main before the change)
 *   --corpora LIST    comma-separated folders of --corpus-root (default real,labeled,wild)
 *   --corpus-root D   default ../shared/corpus (relative to the repository root, as passed to the CLI)
 *   --files N         at most N differing files listed per report (default 20)
 *   --no-build        skip `npm run build` (by default run first, so the reports are of the current sources)
 *
 * Exit 0: all reports written (and, with --compare, all findings identical); 1: findings differ; 2: usage or a run
 * that did not finish (a lint exits 0 or 1; anything else is a failure, its stderr shown).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const FORMATS = ['json', 'sarif'];

function usage(message) {
  process.stderr.write(`findings-identity: ${message}\nUsage: node scripts/findings-identity.mjs --out DIR [--compare DIR] [--corpora real,labeled,wild] [--corpus-root DIR] [--files N] [--no-build]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { corpora: ['real', 'labeled', 'wild'], corpusRoot: '../shared/corpus', files: 20, build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--out') opts.out = path.resolve(value());
    else if (arg === '--compare') opts.compare = path.resolve(value());
    else if (arg === '--corpora') opts.corpora = value().split(',').filter(Boolean);
    else if (arg === '--corpus-root') opts.corpusRoot = value();
    else if (arg === '--files') opts.files = Number(value());
    else if (arg === '--no-build') opts.build = false;
    else usage(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (!opts.out) usage('--out DIR is required');
  if (!Number.isInteger(opts.files) || opts.files < 1) usage('--files needs a whole number ≥ 1');
  return opts;
}

/**
 * Lints one corpus folder in one format into `file` and returns the report. The CLI's exit code 0 (clean) or 1
 * (findings) is a success, with a report that parses: Node exits 1 on an uncaught error too (a missing build, a
 * crash at import).
 */
function lint(corpus, format, file) {
  const out = openSync(file, 'w');
  let result;
  try {
    result = spawnSync(process.execPath, ['packages/cli/bin/dockerlint.js', corpus, '--format', format], {
      cwd: repoRoot,
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    closeSync(out);
  }
  const failure = (what) => new Error(`dockerlint ${corpus} --format ${format} ${what}: ${(result.stderr ?? '').trim().split('\n').slice(0, 5).join('\n')}`);
  if (result.status !== 0 && result.status !== 1) throw failure(`exited ${result.status ?? result.signal}`);
  const report = readFileSync(file, 'utf8');
  try {
    JSON.parse(report);
  } catch {
    throw failure(`wrote no ${format.toUpperCase()} report (exit ${result.status})`);
  }
  return report;
}

/** Findings per linted file, in report order: ESLint-style JSON (`messages`) or SARIF (`results` by artifact URI). */
function findingsByFile(text, format) {
  const byFile = new Map();
  const add = (file, finding) => {
    if (!byFile.has(file)) byFile.set(file, []);
    if (finding !== undefined) byFile.get(file).push(finding);
  };
  const report = JSON.parse(text);
  if (format === 'json') {
    for (const result of report) {
      add(result.filePath);
      for (const message of result.messages) add(result.filePath, message);
    }
  } else {
    for (const run of report.runs) {
      for (const result of run.results ?? []) add(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '(no location)', result);
    }
  }
  return byFile;
}

/** SARIF's checkout folder, which legitimately differs between two checkouts of the same code. */
function withoutSourceRoot(text, format) {
  if (format !== 'sarif') return { text, root: undefined };
  const report = JSON.parse(text);
  const roots = report.runs.map((run) => run.originalUriBaseIds?.['%SRCROOT%']?.uri);
  for (const run of report.runs) if (run.originalUriBaseIds?.['%SRCROOT%']) run.originalUriBaseIds['%SRCROOT%'].uri = '';
  return { text: JSON.stringify(report), root: roots.join(' ') };
}

const describe = (finding) => (finding === undefined ? '(none)' : JSON.stringify(finding));

/** Lines describing how `actual` differs from `expected`; empty when the findings are the same. */
function compareReport(expected, actual, format, maxFiles) {
  if (expected === actual) return { identical: true, lines: [] };
  const a = withoutSourceRoot(expected, format);
  const b = withoutSourceRoot(actual, format);
  if (a.text === b.text) return { identical: true, lines: [`  findings identical; only %SRCROOT% differs (${a.root} → ${b.root}: the folder each was run in)`] };
  const before = findingsByFile(expected, format);
  const after = findingsByFile(actual, format);
  const files = [...new Set([...before.keys(), ...after.keys()])];
  const differing = [];
  for (const file of files) {
    const x = before.get(file) ?? [];
    const y = after.get(file) ?? [];
    const at = x.findIndex((finding, i) => JSON.stringify(finding) !== JSON.stringify(y[i]));
    const first = at >= 0 ? at : x.length !== y.length ? x.length : -1;
    if (first >= 0 || !before.has(file) || !after.has(file)) differing.push({ file, first: Math.max(first, 0), x, y });
  }
  const lines = [`  ${differing.length} of ${files.length} files differ${differing.length === 0 ? ' (same findings per file; the order of files or the report around them differs)' : ''}`];
  for (const { file, first, x, y } of differing.slice(0, maxFiles)) {
    lines.push(`  ${file}: ${x.length} → ${y.length} findings; first difference at #${first + 1}`);
    lines.push(`    before: ${describe(x[first])}`);
    lines.push(`    after:  ${describe(y[first])}`);
  }
  if (differing.length > maxFiles) lines.push(`  … and ${differing.length - maxFiles} more files`);
  return { identical: false, lines };
}

const opts = parseArgs(process.argv.slice(2));
if (opts.build) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) usage(`npm run build failed (exit ${build.status})`);
}
mkdirSync(opts.out, { recursive: true });
let differ = false;
for (const name of opts.corpora) {
  const corpus = path.join(opts.corpusRoot, name);
  if (!existsSync(path.resolve(repoRoot, corpus))) usage(`no corpus folder ${corpus} (relative to ${repoRoot})`);
  for (const format of FORMATS) {
    const file = path.join(opts.out, `${name}.${format}`);
    const started = performance.now();
    let actual;
    try {
      actual = lint(corpus, format, file);
    } catch (error) {
      process.stderr.write(`findings-identity: ${error.message}\n`);
      process.exit(2);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!opts.compare) {
      process.stdout.write(`${name}.${format}: written (${seconds} s)\n`);
      continue;
    }
    const base = path.join(opts.compare, `${name}.${format}`);
    if (!existsSync(base)) {
      process.stdout.write(`${name}.${format}: no ${base} to compare with\n`);
      differ = true;
      continue;
    }
    const expected = readFileSync(base, 'utf8');
    const { identical, lines } = compareReport(expected, actual, format, opts.files);
    const verdict = expected === actual ? 'byte-identical' : identical ? 'same findings' : 'DIFFERENT';
    process.stdout.write(`${name}.${format}: ${verdict} (${seconds} s)\n${lines.map((line) => `${line}\n`).join('')}`);
    if (!identical) differ = true;
  }
}
process.exit(differ ? 1 : 0);
