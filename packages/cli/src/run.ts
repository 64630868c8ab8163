/** The lint run: config, discovery, linting (in-process or in a worker pool), fixing, formatting, exit code. */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as core from '@dockerlint/core';
import { errorLine, relativePath, ConfigError, buildDefinitionKind, invalidateBuildContexts, contextPeerIndex, documentContextDir, ignoredByConfig, initialize, jsConfigDisallowedByEnv, loadConfig, maskSecrets, NO_JS_CONFIG_ENV, PARSE_ERROR_RULE_ID, serializeConfig, skippedJsConfigMessage, type BuildDefinitionSet, type DockerfileContextUse, type Finding, type ResolvedConfig, type Rule } from '@dockerlint/core';
import { rules as allRules } from '@dockerlint/rules';
import { UsageError, useColor, type CliOptions } from './args.js';
import { readBaseline, writeBaseline } from './baseline.js';
import { definitionFilesFor, definitionResults, definitionsInScope, jobsForBuilds, mergeGroupedOutcomes, readDefinitionsForRun, relintJob } from './build-definitions.js';
import { discover } from './discover.js';
import { applyFixPlan, describeWrite, planFixes } from './fix.js';
import { loadFormatter } from './formatters/load.js';
import { createRunSession, runJob, type JobOutcome, type LintJob } from './lint-file.js';
import { readVersion } from './version.js';
import type { FileResult, FormatterContext } from './types.js';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  readStdin(): Promise<string>;
  /** Standard input as a byte stream (`--image -`); defaults to process.stdin. */
  stdinStream?: () => import('node:stream').Readable;
  /** Rules to run instead of `@dockerlint/rules` (tests, embedders). Disables the worker pool. */
  rules?: readonly Rule[];
}

export const WORKER_THRESHOLD = 200;
/**
 * Fewest cores for the default worker pool: on 2 vCPUs the pool measured 20–25 % slower than one thread on the
 * whole corpus, with twice the peak RSS (issue 15), since each worker loads and warms its own engine.
 */
export const WORKER_MIN_CORES = 4;
/** Explicit pool size: `0` or `1` lints in-process, `N` ≥ 2 uses N workers whatever the core and file counts. */
export const WORKERS_ENV = 'DOCKERLINT_WORKERS';
const PROGRESS_THRESHOLD = 300;
const BATCH_SIZE = 25;


export function findRepoRoot(cwd: string): string {
  let dir = cwd;
  for (;;) {
    try {
      statSync(path.join(dir, '.git'));
      return dir;
    } catch {
      // keep going
    }
    const parent = path.dirname(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
}

function displayPath(cwd: string, abs: string): string {
  const rel = relativePath(cwd, abs);
  return rel === '' ? path.basename(abs) : rel;
}

/**
 * How many worker threads lint `jobCount` files: 0 (in-process) unless there are more than WORKER_THRESHOLD files
 * and at least WORKER_MIN_CORES cores, or DOCKERLINT_WORKERS says otherwise. `warn` gets a bad override.
 */
export function workerPoolSize(jobCount: number, env: NodeJS.ProcessEnv, cores: number, warn: (message: string) => void): number {
  const batches = Math.ceil(jobCount / BATCH_SIZE);
  const override = env[WORKERS_ENV];
  if (override !== undefined && override !== '') {
    const requested = Number(override);
    if (Number.isInteger(requested) && requested >= 0) return requested < 2 ? 0 : Math.min(requested, batches);
    warn(`${WORKERS_ENV}=${JSON.stringify(override.slice(0, 20))} is not a whole number ≥ 0; choosing the pool size by core count`);
  }
  if (jobCount <= WORKER_THRESHOLD || cores < WORKER_MIN_CORES) return 0;
  return Math.min(cores, batches);
}

async function lintInWorkers(jobs: LintJob[], size: number, progress: (done: number) => void): Promise<Map<number, JobOutcome>> {
  const outcomes = new Map<number, JobOutcome>();
  const workerUrl = new URL('./worker.js', import.meta.url);
  const batches: LintJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH_SIZE) batches.push(jobs.slice(i, i + BATCH_SIZE));
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(workerUrl);
      } catch {
        resolve(); // leftovers are linted in-process
        return;
      }
      let current = -1;
      const send = () => {
        if (next >= batches.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage({ type: 'batch', id: current, jobs: batches[current] });
      };
      worker.on('message', (message: { type: string; outcomes?: JobOutcome[] }) => {
        if (message.type === 'results' && message.outcomes) {
          for (const o of message.outcomes) outcomes.set(o.index, o);
          progress(outcomes.size);
          send();
        } else {
          void worker.terminate().then(() => resolve());
        }
      });
      worker.on('error', () => resolve());
      worker.on('exit', () => resolve());
      send();
    });
  await Promise.all(Array.from({ length: size }, runWorker));
  return outcomes;
}

function describeUnknownTarget({ target, stages }: { target: string; stages: string[] }): string {
  const known = stages.length > 0 ? `stages: ${stages.join(', ')}` : 'the file has no named stage';
  return `target '${target}' names no stage (${known})`;
}

export async function run(opts: CliOptions, io: Io): Promise<number> {
  const cwd = io.cwd;
  const err = (line: string) => io.stderr.write(`dockerlint: ${line}\n`);
  let exitCode = 0;
  const rules: readonly Rule[] = io.rules ?? allRules;
  const knownIds = [...rules.map((r) => r.meta.id), PARSE_ERROR_RULE_ID];

  for (const id of opts.rules) {
    if (!knownIds.includes(id)) throw new UsageError(`unknown rule '${id}' (known: ${rules.map((r) => r.meta.id).join(', ')})`);
  }
  const activeRules = opts.rules.length > 0 ? rules.filter((r) => opts.rules.includes(r.meta.id)) : rules;
  if (opts.image !== undefined) return (await import('./image-run.js')).runImage(opts, io, activeRules);
  // The run's cross-lint reuse: config files read once per run, not once per Dockerfile.
  const session = createRunSession();
  const configOptions = {
    session,
    ...(opts.config !== undefined ? { explicitConfig: path.resolve(cwd, opts.config) } : {}),
    noConfigLookup: opts.noConfigLookup,
    ...(rules.length > 0 ? { ruleIds: knownIds } : {}),
    allowJsConfig: !(opts.noJsConfig || jsConfigDisallowedByEnv(io.env)),
  };
  const jsConfigWhy = opts.noJsConfig ? '--no-js-config' : `${NO_JS_CONFIG_ENV} is set`;
  const skippedJsConfigs = new Set<string>();

  let baseline = opts.baseline !== undefined ? readBaseline(opts.baseline, cwd) : undefined;

  if (opts.printConfig !== undefined) {
    const config = await loadConfig(path.resolve(cwd, opts.printConfig), configOptions);
    io.stdout.write(`${JSON.stringify(serializeConfig(config), null, 2)}\n`);
    return 0;
  }

  let contextDir: string | undefined;
  if (opts.context !== undefined) {
    contextDir = path.resolve(cwd, opts.context);
    let isDir = false;
    try {
      isDir = statSync(contextDir).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new UsageError(`--context: ${opts.context}: not a directory`);
  }

  const wantSource = opts.format === 'stylish';
  const jobs: LintJob[] = [];
  let buildDefinitions: BuildDefinitionSet | undefined;
  let definitionScope: { below: Set<string>; linted: Set<string> } | undefined;
  const reportedConfigErrors = new Set<string>();
  const configFor = async (abs: string): Promise<ResolvedConfig | undefined> => {
    try {
      const config = await loadConfig(abs, configOptions);
      for (const file of config.skippedJsConfigs ?? []) skippedJsConfigs.add(file);
      return config;
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : `${errorLine(error)}`;
      if (!reportedConfigErrors.has(message)) {
        reportedConfigErrors.add(message);
        err(message);
      }
      exitCode = 2;
      return undefined;
    }
  };

  if (opts.stdin) {
    const text = await io.readStdin();
    const abs = opts.stdinFilename !== undefined ? path.resolve(cwd, opts.stdinFilename) : undefined;
    const config = await configFor(abs ?? path.join(cwd, '<stdin>'));
    if (!config) return 2;
    const stdinContextDir = documentContextDir(config, abs, contextDir);
    jobs.push({
      index: 0,
      absolutePath: abs ?? '',
      displayPath: abs ? displayPath(cwd, abs) : '<stdin>',
      config,
      ...(stdinContextDir !== undefined ? { contextDir: stdinContextDir } : {}),
      ...(opts.target ? { target: opts.target } : {}),
      ...(opts.rules.length > 0 ? { onlyRules: opts.rules } : {}),
      wantSource,
      text,
    });
  } else {
    const found = discover(opts.paths, { cwd, session, gitignore: !opts.noIgnore, ...(opts.noBuildDefinitions ? {} : { alsoCollect: (abs: string) => buildDefinitionKind(abs) !== undefined }) });
    for (const e of found.errors) err(e);
    if (found.errors.length > 0) exitCode = 2;
    if (!opts.noBuildDefinitions) {
      buildDefinitions = await readDefinitionsForRun(definitionFilesFor(opts.paths, found.collected, cwd), err, (abs) => displayPath(cwd, abs));
      definitionScope = { below: new Set(found.collected), linted: new Set(found.files) };
    }
    // Indices of the extra jobs of Dockerfiles built several ways: apart from the one-per-file indices.
    let extraIndex = 1_000_000_000;
    for (const abs of found.files) {
      const config = await configFor(abs);
      if (!config) continue;
      const ignored = ignoredByConfig(config, abs);
      if (ignored) {
        if (found.explicit.has(abs)) err(`${displayPath(cwd, abs)}: ${ignored.message}`);
        continue;
      }
      const ctxDir = documentContextDir(config, abs, contextDir);
      const job: LintJob = {
        index: jobs.length,
        absolutePath: abs,
        displayPath: displayPath(cwd, abs),
        config,
        ...(ctxDir ? { contextDir: ctxDir } : {}),
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.rules.length > 0 ? { onlyRules: opts.rules } : {}),
        wantSource,
      };
      const target = opts.target ?? config.target;
      jobs.push(...jobsForBuilds(job, buildDefinitions, { ...(ctxDir ? { contextDir: ctxDir } : {}), ...(target ? { target } : {}) }, () => extraIndex++));
    }
  }

  // Said once per run, whatever the number of Dockerfiles the skipped configs would have applied to.
  const configNotices: { id: string; message: string }[] = [];
  if (skippedJsConfigs.size > 0) {
    const message = skippedJsConfigMessage([...skippedJsConfigs].map((file) => displayPath(cwd, file)), jsConfigWhy);
    err(message);
    configNotices.push({ id: 'js-config-not-loaded', message });
  }

  // Dockerfiles of this run built from the same context: a fix to their shared .dockerignore must suit them all.
  const definitions: DockerfileContextUse[] = jobs.filter((job) => job.absolutePath !== '').map((job) => ({
    dockerfile: job.absolutePath,
    context: job.contextDir ?? path.dirname(job.absolutePath),
  }));
  const peersOf = contextPeerIndex(definitions);
  for (const job of jobs) {
    if (job.absolutePath === '') continue;
    const peers = peersOf(job.absolutePath, job.contextDir ?? path.dirname(job.absolutePath));
    if (peers.length > 0) job.contextPeers = peers;
  }

  // Lint.
  const showProgress = !!io.stderr.isTTY && jobs.length > PROGRESS_THRESHOLD && !io.env.CI;
  let lastDraw = 0;
  const progress = (done: number) => {
    if (!showProgress) return;
    const now = Date.now();
    if (now - lastDraw < 100 && done < jobs.length) return;
    lastDraw = now;
    io.stderr.write(`\rdockerlint: linting ${done}/${jobs.length} files`);
  };
  let outcomes = new Map<number, JobOutcome>();
  if (jobs.length > 0) {
    const poolSize = jobs[0]!.text === undefined && !io.rules ? workerPoolSize(jobs.length, io.env, os.availableParallelism(), (message) => io.stderr.write(`dockerlint: ${message}\n`)) : 0;
    if (poolSize >= 2) outcomes = await lintInWorkers(jobs, poolSize, progress);
    const missing = jobs.filter((j) => !outcomes.has(j.index));
    if (missing.length > 0) {
      await initialize();
      for (const job of missing) {
        outcomes.set(job.index, runJob(job, activeRules, session));
        progress(outcomes.size);
      }
    }
  }
  if (showProgress) io.stderr.write('\r\x1b[K');

  const results: FileResult[] = [];
  const resultJob = new Map<FileResult, LintJob>();
  const unknownTargets: string[] = [];
  for (const job of mergeGroupedOutcomes(jobs, outcomes)) {
    const o = outcomes.get(job.index)!;
    if (o.kind === 'result') {
      results.push(o.result);
      resultJob.set(o.result, job);
      for (const e of o.ruleErrors ?? []) {
        err(`${job.displayPath}: ${e}`);
        exitCode = 2;
      }
      if (o.unknownTarget) {
        const fromDefinition = !opts.target && !job.config?.target;
        const from = fromDefinition ? (o.unknownTargetBuild ?? job.build?.label) : undefined;
        unknownTargets.push(`${job.displayPath}: ${describeUnknownTarget(o.unknownTarget)}${from ? ` (target of ${from})` : ''}`);
      }
    } else {
      // Every file asked for is in the report: one that could not be linted is an entry with one message (an
      // error). An I/O or internal error is also exit code 2 with its line on stderr; binary and huge files are not.
      results.push({
        filePath: job.displayPath,
        ...(job.absolutePath ? { absolutePath: job.absolutePath } : {}),
        findings: [],
        notLinted: o.kind === 'skipped' ? o.message : `not linted: ${o.message}`,
      });
      if (o.kind === 'error') {
        err(`${job.displayPath}: ${o.message}`);
        exitCode = 2;
      }
    }
  }
  // Docker fails a build whose --target names no stage: so does the lint (after reporting what it found).
  for (const line of unknownTargets) err(line);
  if (unknownTargets.length > 0) exitCode = 2;

  if (buildDefinitions) {
    const configs = new Map<string, ResolvedConfig | undefined>();
    for (const file of buildDefinitions.files) configs.set(file.path, await configFor(file.path));
    const inScope = definitionScope ? definitionsInScope(buildDefinitions, definitionScope.below, definitionScope.linted) : buildDefinitions;
    const own = definitionResults(inScope, activeRules, configs, (abs) => displayPath(cwd, abs), opts.rules, wantSource);
    results.push(...own.results);
    for (const e of own.errors) err(e);
    if (own.errors.length > 0) exitCode = 2;
  }

  // Fix (.dockerignore entries only).
  if (opts.fix || opts.fixDryRun) {
    const plan = planFixes(results.flatMap((r) => r.findings.map((finding) => ({ finding, dockerfile: r.absolutePath }))));
    for (const s of plan.skipped) err(`fix: ${s}`);
    for (const w of plan.writes) io.stderr.write(`${describeWrite(w, cwd, !opts.fix)}\n`);
    if (opts.fix && plan.writes.length > 0) {
      try {
        applyFixPlan(plan);
      } catch (error) {
        err(`fix: cannot write (${errorLine(error)})`);
        exitCode = 2;
      }
      // The run's session took the tree as unchanging: the ignore files just written (perhaps created) must be seen.
      invalidateBuildContexts(session);
      // Re-lint the files whose findings were fixed: their build context changed.
      const fixed = new Set(plan.fixedFindings);
      await initialize(); // idempotent; needed when the first pass ran in workers
      for (let i = 0; i < results.length; i++) {
        const r = results[i]!;
        if (!r.findings.some((f) => fixed.has(f))) continue;
        const job = resultJob.get(r)!;
        const o = relintJob(job, jobs, (member) => runJob(member, activeRules, session));
        if (o.kind === 'result') results[i] = o.result;
      }
    }
  }

  // Baseline: --write-baseline records every current finding (and so accepts them); --baseline drops the listed ones.
  if (opts.writeBaseline !== undefined) {
    const all = results.flatMap((r) => r.findings);
    const count = writeBaseline(opts.writeBaseline, cwd, all);
    err(`wrote ${count} fingerprint${count === 1 ? '' : 's'} to ${opts.writeBaseline}`);
    baseline = new Set(all.map((f) => f.fingerprint));
  }
  if (baseline) {
    const accepted = baseline;
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (r.findings.some((f) => accepted.has(f.fingerprint))) results[i] = { ...r, findings: r.findings.filter((f) => !accepted.has(f.fingerprint)) };
    }
  }

  // Severity gates.
  let errors = 0;
  let warnings = 0;
  const shown = results.map((r) => {
    const findings: Finding[] = opts.quiet ? r.findings.filter((f) => f.severity === 'error') : r.findings;
    for (const f of findings) f.severity === 'error' ? errors++ : warnings++;
    if (r.notLinted !== undefined) errors++;
    return findings === r.findings ? r : { ...r, findings };
  });

  const ctx: FormatterContext = {
    cwd,
    rootDir: findRepoRoot(cwd),
    rules: activeRules,
    version: readVersion(),
    color: opts.outputFile === undefined && opts.format === 'stylish' && useColor(opts.color, io.env, !!io.stdout.isTTY),
    docsUrl: (id) => core.ruleDocsUrl(id),
    ...(configNotices.length > 0 ? { configNotices } : {}),
    maskSecrets,
  };
  const report = (await loadFormatter(opts.format))(shown, ctx);
  if (opts.outputFile !== undefined) {
    const out = path.resolve(cwd, opts.outputFile);
    try {
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, report);
    } catch (error) {
      err(`--output-file: cannot write ${opts.outputFile} (${(error as NodeJS.ErrnoException).code ?? errorLine(error)})`);
      return 2;
    }
  } else if (report !== '') {
    io.stdout.write(report);
  }

  if (exitCode === 2) return 2;
  if (errors > 0) return 1;
  if (opts.maxWarnings >= 0 && warnings > opts.maxWarnings) {
    err(`too many warnings (${warnings}, maximum: ${opts.maxWarnings})`);
    return 1;
  }
  return 0;
}

