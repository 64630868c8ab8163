/** Finding and reading build definition files, and planning how each Dockerfile is built (context, target). */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactText } from '../secrets/redact.js';
import { scanForSecrets } from '../secrets/scan.js';
import { isBakeFileName, readBakeDirectory } from './bake.js';
import { isComposeFileName, readComposeDirectory } from './compose.js';
import type { BuildDefinition, BuildDefinitionSet, DefinitionFile, DefinitionKind, PlannedBuild } from './types.js';
import { isWorkflowPath, readWorkflow } from './workflows.js';
import { loadYaml } from '../yaml-module.js';

/** Definition files larger than this are not read (real ones are kilobytes). */
export const MAX_DEFINITION_FILE_BYTES = 1024 * 1024;

/** Is this file a build definition we read, and which kind? */
export function buildDefinitionKind(absolutePath: string): DefinitionKind | undefined {
  const name = path.basename(absolutePath);
  if (isComposeFileName(name)) return 'compose';
  if (isBakeFileName(name)) return 'bake';
  if (isWorkflowPath(absolutePath)) return 'workflow';
  return undefined;
}

/**
 * The definition files that may build a Dockerfile in `dir`: compose and bake files in `dir` and each parent up
 * to the repository root (the nearest folder with `.git`; outside a repository, up to `outsideRepoStop`, else
 * only `dir`), and that root's `.github/workflows/*.yml`. What an editor needs for one open Dockerfile.
 */
export function definitionFilesAround(dir: string, outsideRepoStop?: string): string[] {
  const start = path.resolve(dir);
  const top = repositoryRoot(start) ?? (outsideRepoStop !== undefined && isInside(start, path.resolve(outsideRepoStop)) ? path.resolve(outsideRepoStop) : start);
  const found: string[] = [];
  for (let current = start; ; current = path.dirname(current)) {
    for (const name of listDir(current)) if (isComposeFileName(name) || isBakeFileName(name)) found.push(path.join(current, name));
    if (current === top || path.dirname(current) === current) break;
  }
  const workflows = path.join(top, '.github', 'workflows');
  for (const name of listDir(workflows)) if (/\.ya?ml$/.test(name)) found.push(path.join(workflows, name));
  return found.sort();
}

function repositoryRoot(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readText(file: string): string {
  const size = statSync(file).size;
  if (size > MAX_DEFINITION_FILE_BYTES) throw new Error(`larger than 1 MB (${(size / 1024 / 1024).toFixed(1)} MB)`);
  const text = readFileSync(file, 'utf8');
  if (text.includes('\u0000')) throw new Error('binary file');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads the given definition files. Compose files of one folder are read together (base + overrides), so are bake
 * files. A file that cannot be read or parsed is a problem, never an exception.
 */
export async function readBuildDefinitions(paths: readonly string[]): Promise<BuildDefinitionSet> {
  const set: BuildDefinitionSet = { definitions: [], problems: [], files: [] };
  if (paths.some((p) => buildDefinitionKind(path.resolve(p)) !== undefined)) await loadYaml();
  const compose = new Map<string, DefinitionFile[]>();
  const bake = new Map<string, DefinitionFile[]>();
  for (const file of [...new Set(paths.map((p) => path.resolve(p)))].sort()) {
    const kind = buildDefinitionKind(file);
    if (!kind) continue;
    let text: string;
    try {
      text = readText(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      set.problems.push({ file, message: `cannot read (${code ?? (error instanceof Error ? error.message : String(error))})` });
      continue;
    }
    const entry: DefinitionFile = { path: file, kind, text };
    set.files.push(entry);
    if (kind === 'compose') compose.set(path.dirname(file), [...(compose.get(path.dirname(file)) ?? []), entry]);
    else if (kind === 'bake') bake.set(path.dirname(file), [...(bake.get(path.dirname(file)) ?? []), entry]);
    else set.definitions.push(...readWorkflow(entry, set.problems));
  }
  for (const files of compose.values()) set.definitions.push(...readComposeDirectory(files, set.problems));
  for (const files of bake.values()) set.definitions.push(...(await readBakeDirectory(files, set.problems)));
  // Parser messages may quote the text they stopped at: never let a secret through into a log.
  for (const problem of set.problems) {
    const found = scanForSecrets(problem.message);
    if (found.length > 0) problem.message = redactText(problem.message, found.map((match) => match.value));
  }
  return set;
}

export interface BuildOverrides {
  /** `--context` or a config `context` mapping: wins over every definition's context. */
  contextDir?: string;
  /** `--target` or config `target`: wins over every definition's target. */
  target?: string;
}

/**
 * The distinct ways `dockerfile` is built according to the definitions, after explicit flags/config: one entry per
 * (context, target). Empty when no definition builds it (lint it the default way).
 */
export function plannedBuilds(definitions: readonly BuildDefinition[], dockerfile: string, overrides: BuildOverrides = {}): PlannedBuild[] {
  const target = path.resolve(dockerfile);
  const builds = new Map<string, PlannedBuild>();
  for (const definition of definitions) {
    if (definition.dockerfile === undefined || path.resolve(definition.dockerfile) !== target) continue;
    const contextDir = overrides.contextDir ?? definition.contextDir;
    const stage = overrides.target ?? definition.target;
    const key = `${contextDir ?? ''}\u0000${stage ?? ''}`;
    const existing = builds.get(key);
    if (existing) {
      existing.definitions.push(definition);
      existing.label = `${existing.label}, ${definition.label}`;
      continue;
    }
    const build: PlannedBuild = { definitions: [definition], label: definition.label };
    if (contextDir !== undefined) build.contextDir = contextDir;
    if (stage !== undefined) build.target = stage;
    builds.set(key, build);
  }
  return [...builds.values()];
}

/** The secret ids that any of these builds supplies (a Dockerfile's secret mounts are checked against them). */
export function suppliedSecretIds(builds: readonly PlannedBuild[]): string[] {
  return [...new Set(builds.flatMap((build) => build.definitions.flatMap((definition) => definition.secrets.map((secret) => secret.id))))].sort();
}

/** The options `lintText` takes for one planned build (context, target, and what the builds supply). */
export interface BuildLintOptions {
  contextDir?: string;
  target?: string;
  build: { label: string; secretIds: string[] };
}

export function buildLintOptions(build: PlannedBuild, all: readonly PlannedBuild[]): BuildLintOptions {
  const options: BuildLintOptions = { build: { label: build.label, secretIds: suppliedSecretIds(all) } };
  if (build.contextDir !== undefined) options.contextDir = build.contextDir;
  if (build.target !== undefined) options.target = build.target;
  return options;
}

/** `lintText` options for every distinct build of `dockerfile` (empty when no definition builds it). */
export function buildLintOptionsFor(definitions: readonly BuildDefinition[], dockerfile: string, overrides: BuildOverrides = {}): BuildLintOptions[] {
  const builds = plannedBuilds(definitions, dockerfile, overrides);
  return builds.map((build) => buildLintOptions(build, builds));
}
