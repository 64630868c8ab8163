/**
 * Fuzz worker: claims chunks of input indices from a shared counter, lints each input in-process with
 * `lintText`, and reports counts, failures and the slowest inputs. `current[slot]` holds the index being
 * linted and the time it started, so the main thread can spot (and kill) a worker stuck on one input.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import * as core from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { rules } from '@dockerlint/rules';
import { contextFor, fakeSecrets, loadCorpus, makeInput } from './mutate.mjs';

const { seed, total, chunk, deadline, budgetMs, slot, corpusDirs, resumeFrom, resumeTo, quick } = workerData;
const counter = new Int32Array(workerData.counter);
const current = new Float64Array(workerData.current);

await core.initialize();
const ctx = { corpus: loadCorpus(corpusDirs), secrets: fakeSecrets(fakes), quick: Boolean(quick) };

const stats = { count: 0, failures: [], slowest: [], ms: 0 };

/** Problems with one input's result (empty when it is a proper result). */
export function checkResult(result, filePath) {
  const problems = [];
  if (!result || typeof result !== 'object') return ['no result'];
  if (result.filePath !== filePath) problems.push('result for another file');
  if (!Array.isArray(result.findings)) return [...problems, 'no findings array'];
  for (const f of result.findings) {
    if (typeof f.ruleId !== 'string' || typeof f.message !== 'string') problems.push('finding without rule id or message');
    else if (!(f.line >= 1 && f.column >= 1 && f.endLine >= f.line)) problems.push(`${f.ruleId}: bad range ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`);
    else if (f.severity !== 'error' && f.severity !== 'warning') problems.push(`${f.ruleId}: bad severity`);
  }
  for (const e of result.errors ?? []) problems.push(`rule failure: ${e}`);
  return problems;
}

function lintOne(i) {
  const input = makeInput(ctx, seed, i);
  const filePath = `fuzz/${i}/Dockerfile`;
  let buildContext;
  if (input.withContext) {
    const c = contextFor(input);
    buildContext = core.inMemoryBuildContext(c.files, c.dockerignore);
  }
  current[slot * 2] = i;
  current[slot * 2 + 1] = Date.now();
  const t0 = performance.now();
  let problems;
  try {
    const result = core.lintText({ filePath, text: input.text, rules, ...(buildContext ? { buildContext } : { buildContext: core.noBuildContext() }) });
    problems = checkResult(result, filePath);
  } catch (error) {
    problems = [`exception: ${(error instanceof Error ? error.stack ?? error.message : String(error)).split('\n').slice(0, 4).join(' | ')}`];
  }
  const ms = performance.now() - t0;
  current[slot * 2 + 1] = 0;
  stats.count++;
  stats.ms += ms;
  if (ms > budgetMs) problems.push(`slow: ${ms.toFixed(0)} ms > ${budgetMs} ms`);
  for (const problem of problems) stats.failures.push({ index: i, problem, ops: input.ops, source: input.source, length: input.bytes.length });
  if (stats.slowest.length < 5 || ms > stats.slowest[stats.slowest.length - 1].ms) {
    stats.slowest.push({ index: i, ms, ops: input.ops, source: input.source, length: input.bytes.length });
    stats.slowest.sort((a, b) => b.ms - a.ms);
    stats.slowest.length = Math.min(stats.slowest.length, 5);
  }
}

function loop() {
  if (resumeFrom !== undefined) {
    for (let i = resumeFrom; i < resumeTo && i < total && Date.now() < deadline; i++) lintOne(i);
  }
  let lastProgress = Date.now();
  for (;;) {
    const start = Atomics.add(counter, 0, chunk);
    if (start >= total || Date.now() >= deadline) break;
    current[slot * 2] = start;
    for (let i = start; i < Math.min(total, start + chunk); i++) {
      if (Date.now() >= deadline) break;
      lintOne(i);
    }
    if (Date.now() - lastProgress > 2000) {
      parentPort.postMessage({ kind: 'progress', count: stats.count });
      lastProgress = Date.now();
    }
  }
  parentPort.postMessage({ kind: 'done', stats });
}

loop();
