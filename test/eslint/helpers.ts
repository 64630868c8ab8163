/** Shared helpers for the ESLint adapter tests: run the CLI, normalise ESLint and CLI messages for comparison. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const cliBin = join(repoRoot, 'packages/cli/bin/dockerlint.js');

export interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
}
export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
}

/** `dockerlint --format json` (no .dockerlintrc lookup: the ESLint plugin is configured through ESLint). */
export function runCli(args: string[], cwd = repoRoot): Map<string, JsonMessage[]> {
  const run = spawnSync(process.execPath, [cliBin, '--format', 'json', '--no-config-lookup', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`dockerlint exited ${run.status}: ${run.stderr.split('\n')[0]}`);
  const results = JSON.parse(run.stdout) as JsonResult[];
  return new Map(results.map((result) => [resolve(cwd, result.filePath), result.messages]));
}

/** Rule id and exact span of a message, with `dockerlint/` (flat) or `@dockerlint/` (eslintrc) stripped. */
export function keyOf(message: JsonMessage): string {
  if (message.fatal) return `FATAL@${message.line}`;
  const id = (message.ruleId ?? '').replace(/^@?dockerlint\//, '');
  return `${id}@${message.line}:${message.column}-${message.endLine}:${message.endColumn}`;
}

/** Keys of a file's findings, sorted; ESLint's own non-fatal messages without a rule (unused directives) are left out. */
export function keysOf(messages: readonly JsonMessage[]): string[] {
  return messages.filter((message) => message.ruleId !== null || message.fatal).map(keyOf).sort();
}

const DOCKERFILE_NAME = /^(?:Dockerfile|dockerfile|Containerfile)$|^(?:Dockerfile|Containerfile)\..+|\.(?:Dockerfile|dockerfile)$/;

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !/\.(?:dockerignore|containerignore)$/.test(name);
}

/** Dockerfiles below `dir` (sorted), skipping `.git` and `node_modules`. */
export function findDockerfiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'dot-git' || entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && isDockerfileName(entry.name)) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}
