/**
 * The CLI side of build definitions (compose, bake, workflows): which definition files to read, one lint job per
 * distinct build of a Dockerfile, merging those jobs' results, and the results of the definition files themselves.
 * What the definitions mean is core's business; this file only passes paths and results around.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  definitionFilesAround,
  isIgnoredByConfig,
  lintBuildDefinitions,
  mergeBuildFindings,
  plannedBuilds,
  readBuildDefinitions,
  buildLintOptions,
  type BuildDefinitionSet,
  type BuildOverrides,
  type ResolvedConfig,
  type Rule,
} from '@dockerlint/core';
import type { JobOutcome, LintJob } from './lint-file.js';
import type { FileResult } from './types.js';

/**
 * Definition files for a run: those the discovery walk met below the paths, and those in the paths' parent folders
 * up to the repository root (outside a repository: up to the working directory, when the path is inside it).
 */
export function definitionFilesFor(paths: readonly string[], collected: readonly string[], cwd: string): string[] {
  const files = new Set(collected);
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let dir = abs;
    try {
      if (!statSync(abs).isDirectory()) dir = path.dirname(abs);
    } catch {
      continue;
    }
    for (const file of definitionFilesAround(dir, cwd)) files.add(file);
  }
  return [...files].sort();
}

/**
 * What is reported in definition files: everything in files below the linted paths; in a parent folder's file
 * (a root compose.yaml when linting services/api) only the definitions that build a linted Dockerfile.
 */
export function definitionsInScope(set: BuildDefinitionSet, below: ReadonlySet<string>, linted: ReadonlySet<string>): BuildDefinitionSet {
  return {
    problems: set.problems,
    files: set.files.filter((file) => below.has(file.path)),
    definitions: set.definitions.filter((definition) => below.has(definition.file) || (definition.dockerfile !== undefined && linted.has(definition.dockerfile))),
  };
}

export async function readDefinitionsForRun(files: readonly string[], err: (line: string) => void, display: (abs: string) => string): Promise<BuildDefinitionSet> {
  const set = await readBuildDefinitions(files);
  for (const problem of set.problems) {
    const at = problem.range ? `:${problem.range.start.line}:${problem.range.start.column}` : '';
    err(`${display(problem.file)}${at}: ${problem.message} (its builds are not used)`);
  }
  return set;
}

/**
 * The jobs for one Dockerfile: one per distinct (context, target) of the definitions that build it, or the
 * `single` job unchanged when none does. Explicit `--context`/`--target` and config still win (`overrides`).
 */
export function jobsForBuilds(single: LintJob, set: BuildDefinitionSet | undefined, overrides: BuildOverrides, nextIndex: () => number): LintJob[] {
  if (!set || !single.absolutePath) return [single];
  const builds = plannedBuilds(set.definitions, single.absolutePath, overrides);
  if (builds.length === 0) return [single];
  return builds.map((build, position) => {
    const job: LintJob = { ...single, index: position === 0 ? single.index : nextIndex(), group: single.index };
    delete job.contextDir;
    delete job.target;
    return { ...job, ...buildLintOptions(build, builds) };
  });
}

/** Outcomes of jobs of the same Dockerfile merged into the first job's outcome (findings every build has, once). */
export function mergeGroupedOutcomes(jobs: readonly LintJob[], outcomes: Map<number, JobOutcome>): LintJob[] {
  const groups = new Map<number, LintJob[]>();
  for (const job of jobs) if (job.group !== undefined) groups.set(job.group, [...(groups.get(job.group) ?? []), job]);
  const dropped = new Set<number>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const results = members.map((job) => ({ job, outcome: outcomes.get(job.index) }));
    const ok = results.filter((entry): entry is { job: LintJob; outcome: Extract<JobOutcome, { kind: 'result' }> } => entry.outcome?.kind === 'result');
    if (ok.length !== results.length) continue; // an unreadable file: every job says the same, keep the first
    const first = ok[0]!;
    const findings = mergeBuildFindings(ok.map(({ job, outcome }) => ({ label: job.build?.label ?? '', findings: outcome.result.findings })));
    const ruleErrors = [...new Set(ok.flatMap(({ outcome }) => outcome.ruleErrors ?? []))];
    // A target that names no stage in any build is reported (Docker would fail that build), with the build's name.
    const unknown = ok.find(({ outcome }) => outcome.unknownTarget);
    // Every build lints the same text; only those with findings keep it (for code frames).
    const source = ok.find(({ outcome }) => outcome.result.source !== undefined)?.outcome.result.source;
    const merged: JobOutcome = { ...first.outcome, result: { ...first.outcome.result, findings, ...(source !== undefined ? { source } : {}) }, ...(ruleErrors.length > 0 ? { ruleErrors } : {}) };
    delete merged.unknownTarget;
    if (unknown?.outcome.unknownTarget) Object.assign(merged, { unknownTarget: unknown.outcome.unknownTarget, unknownTargetBuild: unknown.job.build?.label });
    outcomes.set(first.job.index, merged);
    for (const { job } of ok.slice(1)) dropped.add(job.index);
  }
  return jobs.filter((job) => !dropped.has(job.index));
}

/** Findings in the definition files themselves, as file results every formatter can print. */
export function definitionResults(
  set: BuildDefinitionSet,
  rules: readonly Rule[],
  configs: ReadonlyMap<string, ResolvedConfig | undefined>,
  display: (abs: string) => string,
  onlyRules: readonly string[],
  wantSource: boolean,
): { results: FileResult[]; errors: string[] } {
  const linted = lintBuildDefinitions({ set, rules, configFor: (file) => configs.get(file), displayPath: display, onlyRules }).filter((result) => {
    const config = configs.get(result.file);
    return !(config && isIgnoredByConfig(config, result.file));
  });
  const texts = new Map(set.files.map((file) => [file.path, file.text]));
  return {
    results: linted.map((result) => ({
      filePath: result.filePath,
      absolutePath: result.file,
      findings: result.findings,
      ...(wantSource ? { source: texts.get(result.file) ?? '' } : {}),
    })),
    errors: linted.flatMap((result) => result.errors.map((error) => `${result.filePath}: ${error}`)),
  };
}

/** Lints a job again (after `--fix`); a Dockerfile built several ways is linted again for every build and merged. */
export function relintJob(job: LintJob, jobs: readonly LintJob[], lint: (job: LintJob) => JobOutcome): JobOutcome {
  if (job.group === undefined) return lint(job);
  const members = jobs.filter((member) => member.group === job.group);
  const outcomes = new Map(members.map((member) => [member.index, lint(member)]));
  mergeGroupedOutcomes(members, outcomes);
  return outcomes.get(members[0]!.index)!;
}
