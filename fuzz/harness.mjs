/**
 * The fuzz harness: seeded mutated Dockerfiles through the three ways into the engine.
 *
 * - core: `lintText` in-process, in worker threads (one per CPU), ≥ 100k inputs by default;
 * - CLI: a sample of the inputs written to disk and linted through the real bin, in batches of files;
 * - language server: a sample through one long-lived server process (didOpen, pull, didChange, pull, hover, didClose).
 *
 * Checked for every input: no exception escapes, it gets exactly one well-formed result, no rule fails,
 * and it takes no longer than the per-file budget. Failing inputs can be saved as regression fixtures.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { fakes } from '@dockerlint/core/testing';
import { DEFAULT_CORPUS_DIRS, REPO, fakeSecrets, loadCorpus, makeInput } from './mutate.mjs';

export const CLI_BIN = path.join(REPO, 'packages/cli/bin/dockerlint.js');
export const SERVER_BIN = path.join(REPO, 'packages/language-server/bin/dockerlint-language-server.js');
export const REGRESSIONS_DIR = path.join(REPO, 'test/fixtures/fuzz-regressions');

const log = (options, text) => {
  if (!options.quiet) process.stderr.write(`${text}\n`);
};

// ---------------------------------------------------------------------------------------------------
// core

export async function runCore(options) {
  const { seed, count, budgetMs, timeLimitMs } = options;
  const workers = Math.max(1, options.workers ?? os.availableParallelism());
  const chunk = Math.max(1, Math.min(200, Math.ceil(count / (workers * 20))));
  const counter = new SharedArrayBuffer(4);
  const current = new SharedArrayBuffer(8 * 2 * workers);
  const currentView = new Float64Array(current);
  const deadline = Date.now() + timeLimitMs;
  const hangMs = Math.max(10 * budgetMs, 20_000);
  const result = { count: 0, ms: 0, failures: [], slowest: [], workers };
  const started = performance.now();
  const progress = new Array(workers).fill(0);

  const spawnWorker = (slot, resume) =>
    new Promise((resolve) => {
      const worker = new Worker(new URL('./core-worker.mjs', import.meta.url), {
        workerData: { seed, total: count, chunk, deadline, budgetMs, slot, counter, current, corpusDirs: options.corpusDirs, quick: options.quick, ...resume },
        resourceLimits: { maxOldGenerationSizeMb: 2048 },
      });
      let finished = false;
      const finish = (value) => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        resolve(value);
      };
      const watchdog = setInterval(() => {
        const startedAt = currentView[slot * 2 + 1];
        if (startedAt > 0 && Date.now() - startedAt > hangMs) {
          const index = currentView[slot * 2];
          result.failures.push({ index, problem: `hang: no result after ${hangMs} ms (worker killed)` });
          currentView[slot * 2 + 1] = 0;
          void worker.terminate();
          const chunkEnd = (Math.floor(index / chunk) + 1) * chunk;
          finish(spawnWorker(slot, { resumeFrom: index + 1, resumeTo: chunkEnd }));
        }
      }, 250);
      worker.on('message', (message) => {
        if (message.kind === 'progress') {
          progress[slot] = message.count;
          if (!options.quiet && slot === 0) log(options, `core: ~${progress.reduce((a, b) => a + b, 0)} inputs`);
        } else if (message.kind === 'done') {
          result.count += message.stats.count;
          result.ms += message.stats.ms;
          result.failures.push(...message.stats.failures);
          result.slowest.push(...message.stats.slowest);
          finish(undefined);
        }
      });
      worker.on('error', (error) => {
        result.failures.push({ index: currentView[slot * 2], problem: `worker crashed: ${error instanceof Error ? error.message : String(error)}` });
        finish(undefined);
      });
      worker.on('exit', () => finish(undefined));
    });

  await Promise.all(Array.from({ length: workers }, (_, slot) => spawnWorker(slot)));
  result.wallMs = performance.now() - started;
  result.slowest.sort((a, b) => b.ms - a.ms);
  result.slowest.length = Math.min(result.slowest.length, 5);
  return result;
}

// ---------------------------------------------------------------------------------------------------
// CLI

function runProcess(args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

export async function runCli(options, ctx, indices) {
  const { seed, budgetMs } = options;
  const batchSize = options.cliBatch ?? 40;
  const root = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-fuzz-cli-'));
  const result = { count: 0, batches: 0, failures: [], slowestBatch: { ms: 0, files: 0 } };
  try {
    for (let b = 0; b < indices.length; b += batchSize) {
      const batch = indices.slice(b, b + batchSize);
      const files = batch.map((i) => {
        const input = makeInput(ctx, seed, i);
        const dir = path.join(root, String(i));
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, 'Dockerfile');
        writeFileSync(file, input.bytes);
        return { i, file, input };
      });
      const timeout = 15_000 + batch.length * budgetMs;
      const t0 = performance.now();
      const run = await runProcess([CLI_BIN, '--format', 'json', '--no-color', ...files.map((f) => f.file)], timeout);
      const ms = performance.now() - t0;
      result.batches++;
      if (ms > result.slowestBatch.ms) result.slowestBatch = { ms, files: batch.length };
      const fail = (problem, f) => result.failures.push({ index: f?.i ?? batch[0], problem: `cli: ${problem}`, ...(f ? { ops: f.input.ops, source: f.input.source } : { batch }) });
      if (run.timedOut) {
        fail(`batch of ${batch.length} timed out after ${timeout} ms`);
        continue;
      }
      if (run.code !== 0 && run.code !== 1) fail(`exit code ${run.code}: ${run.stderr.split('\n')[0]}`);
      if (/internal error|\n\s+at .+:\d+:\d+\)?/.test(run.stderr)) fail(`stderr: ${run.stderr.split('\n').slice(0, 3).join(' | ')}`);
      let json;
      try {
        json = JSON.parse(run.stdout);
      } catch {
        fail(`stdout is not JSON (${run.stdout.slice(0, 80)})`);
        continue;
      }
      const byPath = new Map();
      for (const entry of json) byPath.set(path.resolve(entry.filePath), (byPath.get(path.resolve(entry.filePath)) ?? 0) + 1);
      const stderrLines = run.stderr.split('\n');
      for (const f of files) {
        const n = byPath.get(f.file) ?? 0;
        const display = path.relative(REPO, f.file);
        const mine = stderrLines.map((line) => line.replace(/^dockerlint: /, "")).filter((line) => line.startsWith(`${display}: `));
        const skipped = mine.some((line) => line.startsWith(`${display}: skipped`));
        if (n + (skipped ? 1 : 0) !== 1) fail(`${n} JSON results${skipped ? ' and a skip message' : ''} for one file`, f);
        for (const line of mine) if (!line.startsWith(`${display}: skipped`)) fail(`stderr: ${line.slice(display.length + 2, display.length + 200)}`, f);
        result.count++;
      }
      log(options, `cli: ${result.count}/${indices.length} files`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// language server

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

export async function runLsp(options, ctx, indices) {
  const { seed, budgetMs } = options;
  const root = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-fuzz-lsp-'));
  const result = { count: 0, requests: 0, failures: [], slowest: { ms: 0 } };
  const proc = spawn(process.execPath, [SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let exited;
  proc.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  proc.on('exit', (code, signal) => (exited = code ?? signal));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const serverErrors = [];
  conn.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onRequest('window/showMessageRequest', () => null);
  conn.onNotification('window/showMessage', (p) => p.type === 1 && serverErrors.push(p.message));
  conn.onNotification('window/logMessage', (p) => p.type === 1 && serverErrors.push(p.message));
  conn.onNotification('textDocument/publishDiagnostics', () => undefined);
  conn.listen();
  const time = async (what, index, promise) => {
    const t0 = performance.now();
    const value = await withTimeout(promise, Math.max(budgetMs * 5, 10_000), what);
    const ms = performance.now() - t0;
    result.requests++;
    if (ms > result.slowest.ms) result.slowest = { ms, index, what };
    if (ms > budgetMs) result.failures.push({ index, problem: `lsp: ${what} took ${ms.toFixed(0)} ms > ${budgetMs} ms` });
    return value;
  };
  try {
    await withTimeout(
      conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(root).href,
        workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'fuzz' }],
        capabilities: {
          workspace: { configuration: true, diagnostics: { refreshSupport: true } },
          textDocument: { diagnostic: { dynamicRegistration: false }, hover: { contentFormat: ['markdown', 'plaintext'] }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
        },
      }),
      30_000,
      'initialize',
    );
    await conn.sendNotification('initialized', {});
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      const input = makeInput(ctx, seed, i);
      const next = makeInput(ctx, seed, indices[(k + 1) % indices.length]);
      let uri;
      if (k % 2 === 0) {
        const dir = path.join(root, String(i));
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'Dockerfile'), input.bytes);
        uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      } else {
        uri = `untitled:Untitled-${i}`;
      }
      try {
        await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: input.text } });
        const first = await time('pull after didOpen', i, conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }));
        if (!first || first.kind !== 'full' || !Array.isArray(first.items)) result.failures.push({ index: i, problem: 'lsp: no full diagnostic report', ops: input.ops });
        await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: next.text }] });
        // The document now holds the next input: a slow pull here is that input's.
        const second = await time('pull after didChange', indices[(k + 1) % indices.length], conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }));
        if (!second || second.kind !== 'full' || !Array.isArray(second.items)) result.failures.push({ index: i, problem: 'lsp: no full diagnostic report after change', ops: next.ops });
        const items = second?.items ?? [];
        const d = items[k % Math.max(1, items.length)];
        const position = d ? d.range.start : { line: 0, character: 0 };
        await time('hover', i, conn.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
        if (d) await time('codeAction', i, conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }));
        await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
        result.count++;
      } catch (error) {
        result.failures.push({ index: i, problem: `lsp: ${error instanceof Error ? error.message : String(error)}`, ops: input.ops });
        if (exited !== undefined) break;
      }
      if (result.count % 50 === 0) log(options, `lsp: ${result.count}/${indices.length} documents`);
    }
    if (exited !== undefined) result.failures.push({ index: -1, problem: `lsp: server exited (${exited}): ${stderr.split('\n')[0]}` });
    for (const e of serverErrors.slice(0, 10)) result.failures.push({ index: -1, problem: `lsp: server error: ${e.split('\n')[0]}` });
    try {
      await withTimeout(conn.sendRequest('shutdown'), 5000, 'shutdown');
      await conn.sendNotification('exit');
    } catch {
      // killed below
    }
  } finally {
    conn.dispose();
    setTimeout(() => proc.kill('SIGKILL'), 2000).unref();
    rmSync(root, { recursive: true, force: true });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------

/** Indices for the CLI and language-server samples: evenly spread, plus the slowest core inputs. */
function sample(count, n, extra = []) {
  const out = new Set(extra.filter((i) => i >= 0 && i < count));
  const step = Math.max(1, Math.floor(count / Math.max(1, n)));
  for (let i = 0; i < count && out.size < n + extra.length; i += step) out.add(i);
  return [...out];
}

/** Write failing inputs to `test/fixtures/fuzz-regressions/` (raw bytes, `.fuzz` so no discovery picks them up). */
export function saveRegressions(ctx, seed, failures, dir = REGRESSIONS_DIR) {
  const saved = [];
  mkdirSync(dir, { recursive: true });
  for (const failure of failures) {
    if (failure.index < 0 || saved.some((s) => s.index === failure.index)) continue;
    const input = makeInput(ctx, seed, failure.index);
    const file = path.join(dir, `seed${seed}-${failure.index}.fuzz`);
    writeFileSync(file, input.bytes);
    writeFileSync(`${file}.json`, `${JSON.stringify({ seed, index: failure.index, problem: failure.problem, ops: input.ops, source: input.source }, null, 2)}\n`);
    saved.push({ index: failure.index, file });
  }
  return saved;
}

export async function runFuzz(options) {
  const o = { seed: 1, count: 100_000, budgetMs: 2000, timeLimitMs: 15 * 60_000, cli: 400, lsp: 300, corpusDirs: DEFAULT_CORPUS_DIRS, ...options };
  const t0 = performance.now();
  const coreResult = await runCore(o);
  const ctx = { corpus: loadCorpus(o.corpusDirs), secrets: fakeSecrets(fakes), quick: Boolean(o.quick) };
  const slowIdx = coreResult.slowest.map((s) => s.index);
  const cliResult = o.cli > 0 ? await runCli(o, ctx, sample(coreResult.count, o.cli, slowIdx.slice(0, 2))) : undefined;
  const lspResult = o.lsp > 0 ? await runLsp(o, ctx, sample(coreResult.count, o.lsp, slowIdx.slice(0, 2))) : undefined;
  const failures = [...coreResult.failures, ...(cliResult?.failures ?? []), ...(lspResult?.failures ?? [])];
  const saved = o.save ? saveRegressions(ctx, o.seed, failures) : [];
  return { options: o, core: coreResult, cli: cliResult, lsp: lspResult, failures, saved, wallMs: performance.now() - t0 };
}
