#!/usr/bin/env node
/**
 * Language server latency benchmark (not a test). Run after `npm run build` (the bin runs the bundle):
 *
 *   node packages/language-server/bench/latency.mjs [--iterations 1000] [--push-iterations 40] [--write]
 *   node packages/language-server/bench/latency.mjs --cold [--iterations 200]     (one JSON line; npm run bench)
 *
 * A 300-line Dockerfile (multi-stage, RUN/ENV/ARG/COPY, with findings) is opened in the real server binary
 * over stdio and edited repeatedly with incremental `didChange`s:
 *   - pull: time from sending `textDocument/diagnostic` (right after the edit) to the full report;
 *   - push: time from sending the edit to `publishDiagnostics` for that version, with the default debounce
 *     (200 ms) and with no debounce — the difference is the debounce.
 * `--write` replaces the `## Language server latency` section of docs/benchmarks.md (creating the file if needed).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execSync } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { buildModel, createLintSession, enableEditReuse, initialize, lintText } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const serverBin = path.resolve(here, '../bin/dockerlint-language-server.js');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ITERATIONS = opt('--iterations', 1000);
const PUSH_ITERATIONS = opt('--push-iterations', 40);
const WARMUP = args.includes('--cold') ? 0 : 30;
const DEBOUNCE = 200;

export function dockerfile300() {
  const lines = ['# syntax=docker/dockerfile:1', 'ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION} AS deps', 'WORKDIR /app', 'COPY package.json package-lock.json ./'];
  let n = 0;
  while (lines.length < 140) {
    n++;
    lines.push(`RUN --mount=type=cache,target=/root/.npm npm install left-pad@1.${n}.0 && \\`);
    lines.push(`    echo "step ${n}" > /tmp/step-${n}.log && rm -f /tmp/step-${n}.log`);
    lines.push(`ENV FEATURE_${n}_ENABLED=true PATH_${n}=/opt/tool-${n}/bin`);
  }
  lines.push('FROM deps AS build', 'ARG NPM_TOKEN', 'COPY . .', 'RUN npm run build');
  while (lines.length < 260) {
    n++;
    lines.push(`RUN apt-get update && apt-get install -y --no-install-recommends pkg-${n} && rm -rf /var/lib/apt/lists/*`);
    lines.push(`LABEL org.example.step${n}="value ${n}"`);
  }
  lines.push('FROM node:20-slim', 'WORKDIR /app', 'ENV API_TOKEN=abc123def456ghi789', 'COPY --from=build /app/dist ./dist');
  while (lines.length < 299) {
    n++;
    lines.push(`RUN echo "final ${n}" >> /app/build-info.txt`);
  }
  lines.push('CMD ["node", "dist/index.js"]');
  return `${lines.join('\n')}\n`;
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), mean, max: sorted[sorted.length - 1] };
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;

export async function startClient({ pull, debounceMs, rootDir }) {
  const proc = spawn(process.execPath, [serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiters = [];
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const at = performance.now();
    for (const w of waiters.splice(0)) if (!w(p, at)) waiters.push(w);
  });
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(rootDir).href,
    workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'bench' }],
    initializationOptions: { debounceMs },
    capabilities: {
      workspace: { configuration: true, diagnostics: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: pull ? { diagnostic: {} } : {},
    },
  });
  await conn.sendNotification('initialized', {});
  const published = (uri, version) =>
    new Promise((resolve) => waiters.push((p, at) => (p.uri === uri && p.version === version ? (resolve({ at, p }), true) : false)));
  const stop = async () => {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await new Promise((r) => proc.once('exit', r));
    conn.dispose();
  };
  return { conn, published, stop };
}

/** The k-th edit: rewrite a number on a RUN line in the middle of the file (never the same text twice). */
export function editFor(k, text) {
  const lines = text.split('\n');
  const line = 150 + (k % 100);
  const old = lines[line];
  return { range: { start: { line, character: 0 }, end: { line, character: old.length } }, text: old.replace(/\d+/, String(1000 + k)) };
}

/** The k-th edit of `text` and the text after it. */
function applyEdit(k, text) {
  const edit = editFor(k, text);
  const lines = text.split('\n');
  lines[edit.range.start.line] = edit.text;
  return { edit, text: lines.join('\n') };
}

/** A build context on disk with the 300-line Dockerfile: `dir`, `file`, `uri`, `text`. */
function benchProject() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-bench-'));
  writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n.git\n');
  writeFileSync(path.join(dir, '.env'), 'DB_PASSWORD=x\n');
  writeFileSync(path.join(dir, 'package.json'), '{}\n');
  const file = path.join(dir, 'Dockerfile');
  const text = dockerfile300();
  writeFileSync(file, text);
  return { dir, file, uri: pathToFileURL(file).href, text };
}

/**
 * Opens the document in `client`, pulls its first report, then `warmup + iterations` one-line edits each followed
 * by a pull; returns the first report's findings and arrival time and the pull times of the last `iterations` edits.
 */
async function pullEdits(client, uri, text, warmup, iterations) {
  let version = 1;
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
  const first = await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const firstAt = performance.now();
  const samples = [];
  for (let k = 0; k < warmup + iterations; k++) {
    const next = applyEdit(k, text);
    const { edit } = next;
    text = next.text;
    version++;
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: edit.range, text: edit.text }] });
    const t0 = performance.now();
    const report = await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    const dt = performance.now() - t0;
    if (report.kind !== 'full') throw new Error(`unexpected ${report.kind} report`);
    if (k >= warmup) samples.push(dt);
  }
  return { findings: first.items.length, firstAt, samples };
}

/**
 * The engine alone, in this process, on the same edits: `lintText` with one session for all of them, set up as the
 * server sets up its own (edit reuse on), and, separately, `buildModel` per edit.
 */
async function engineEdits(file, warmup, iterations) {
  await initialize();
  const session = createLintSession();
  enableEditReuse(session);
  let t = dockerfile300();
  const engine = [];
  const model = [];
  for (let k = 0; k < warmup + iterations; k++) {
    t = applyEdit(k, t).text;
    const t0 = performance.now();
    lintText({ filePath: file, text: t, rules, absolutePath: file, session });
    const t1 = performance.now();
    buildModel(t, { path: file });
    const t2 = performance.now();
    if (k >= warmup) {
      engine.push(t1 - t0);
      model.push(t2 - t1);
    }
  }
  return { engine: stats(engine), model: stats(model) };
}

/**
 * `--cold` (npm run bench): a fresh server process — spawn until `initialize` is answered, and until the first
 * report of the opened file — then ITERATIONS edits with a pull after each and no warm-up (the JIT warms up inside
 * the measured edits); then the engine, freshly initialised in this process, on the same edits. One JSON line.
 */
async function cold() {
  const { dir, file, uri, text } = benchProject();
  try {
    const spawned = performance.now();
    const client = await startClient({ pull: true, debounceMs: DEBOUNCE, rootDir: dir });
    const initializeMs = performance.now() - spawned;
    const { findings, firstAt, samples } = await pullEdits(client, uri, text, 0, ITERATIONS);
    await client.stop();
    const { engine } = await engineEdits(file, 0, ITERATIONS);
    process.stdout.write(`${JSON.stringify({ lines: text.split('\n').length - 1, findings, edits: ITERATIONS, initializeMs, firstReportMs: firstAt - spawned, pull: stats(samples), engine })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { dir, file, uri, text } = benchProject();
  try {
    const lineCount = text.split('\n').length - 1;

    // ---- pull ----
    const pullClient = await startClient({ pull: true, debounceMs: DEBOUNCE, rootDir: dir });
    const { findings, samples: pullSamples } = await pullEdits(pullClient, uri, text, WARMUP, ITERATIONS);
    await pullClient.stop();

    // ---- push, with and without the debounce ----
    const push = {};
    for (const debounceMs of [DEBOUNCE, 0]) {
      const client = await startClient({ pull: false, debounceMs, rootDir: dir });
      let v = 1;
      let t = dockerfile300();
      const opened = client.published(uri, v);
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: v, text: t } });
      await opened;
      const samples = [];
      const total = debounceMs === 0 ? WARMUP + ITERATIONS : 5 + PUSH_ITERATIONS;
      for (let k = 0; k < total; k++) {
        const next = applyEdit(k, t);
        const { edit } = next;
        t = next.text;
        v++;
        const waiting = client.published(uri, v);
        const t0 = performance.now();
        await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: edit.range, text: edit.text }] });
        const { at } = await waiting;
        if (k >= (debounceMs === 0 ? WARMUP : 5)) samples.push(at - t0);
      }
      await client.stop();
      push[debounceMs] = stats(samples);
    }

    // ---- the engine alone, in-process (what the server cannot go below) ----
    const { engine, model } = await engineEdits(file, WARMUP, ITERATIONS);

    const pull = stats(pullSamples);
    const machine = {
      nproc: execSync('nproc').toString().trim(),
      cpu: (os.cpus()[0]?.model ?? 'unknown').trim(),
      free: execSync('free -h').toString().trimEnd(),
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
    };
    const row = (name, s) => `| ${name} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.mean)} | ${fmt(s.max)} |`;
    const section = [
      '## Language server latency',
      '',
      `Measured with \`node packages/language-server/bench/latency.mjs --write\` on ${new Date().toISOString().slice(0, 10)}: the real`,
      `server binary over stdio (vscode-jsonrpc client), a ${lineCount}-line multi-stage Dockerfile with ${findings} findings`,
      'and a build context on disk, edited with an incremental `didChange` (one RUN line rewritten) before every measurement',
      `(${WARMUP} warm-up edits not counted).`,
      '',
      '| path | samples | p50 | p95 | p99 | mean | max |',
      '|---|---:|---:|---:|---:|---:|---:|',
      row('pull: `textDocument/diagnostic` request → report', pull),
      row(`push: \`didChange\` → \`publishDiagnostics\` (debounce ${DEBOUNCE} ms, the default)`, push[DEBOUNCE]),
      row('push: `didChange` → `publishDiagnostics` (debounce 0)', push[0]),
      row('engine alone, in-process: `lintText` (all rules)', engine),
      row('of which the model (`buildModel`: dockerfile-ast + RUN shell parsing)', model),
      '',
      `- Pull p95 = ${fmt(pull.p95)} (target ≤ 25 ms: ${pull.p95 <= 25 ? 'met' : '**not met**'}). It includes JSON-RPC over stdio,`,
      '  the settings/config lookups (cached) and a full lint of the document (model, shell parse of every RUN, all rules).',
      `- The engine alone needs ${fmt(engine.p50)} (p50) for this file, ${fmt(model.p50)} of it building the model; pull p50`,
      `  differs from it by ${fmt(Math.abs(pull.p50 - engine.p50))} (JSON-RPC over stdio, incremental sync, cached settings/config,`,
      '  conversion).',
      '- What makes a re-lint after a keystroke cheap: dockerfile-ast parses only a window around the edit and the model',
      '  takes over what the previous model made of every instruction whose text and place did not change',
      '  (model/reparse.ts, model/build.ts); the layer events (files added and deleted) of the instructions an edit did',
      '  not touch come from the previous lint of the document (engine/edit-reuse.ts: those before the edit, and after an',
      '  edit of RUNs or descriptive instructions such as LABEL those after it too); the shell analysis of an unchanged RUN at an unchanged place and',
      "  dockerfile-ast's argument scan of an unchanged instruction are reused (cached by text and position), secret-name",
      '  classification and per-command facts (`effectiveCommand`, credential slots) are memoised, instructions between two',
      '  ARG/ENV share one scope snapshot, and compiled globs are cached. See the performance section above.',
      `- Push: ${fmt(push[DEBOUNCE].p50)} at p50 of which ${DEBOUNCE} ms is the debounce (${((DEBOUNCE / push[DEBOUNCE].p50) * 100).toFixed(0)} %);`,
      `  without it the same path takes ${fmt(push[0].p50)} — the debounce is the dominant term, by design (one lint per`,
      '  typing pause). `initializationOptions.debounceMs` / the VS Code setting `dockerlint.debounceMs` tune it.',
      '',
      `Machine: ${machine.cpu}, \`nproc\` = ${machine.nproc}, Node ${machine.node}, ${machine.os}.`,
      '',
      '```',
      '$ free -h',
      machine.free,
      '```',
      '',
    ].join('\n');
    console.log(section);
    if (args.includes('--write')) writeSection(path.join(repo, 'docs/benchmarks.md'), section);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces (or appends) only the `## Language server latency` section. */
function writeSection(file, section) {
  const heading = '## Language server latency';
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const start = doc.indexOf(`${heading}\n`);
  if (start >= 0) {
    const next = doc.slice(start + heading.length).search(/\n## /);
    const end = next >= 0 ? start + heading.length + next + 1 : doc.length;
    doc = doc.slice(0, start) + section + (end < doc.length ? '\n' : '') + doc.slice(end);
  } else {
    doc = `${doc.replace(/\n*$/, '\n\n')}${section}`;
  }
  writeFileSync(file, doc);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

(args.includes('--cold') ? cold() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
