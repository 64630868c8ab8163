/** Linting one file: read it safely, skip binaries and huge files, never throw. Shared by the main thread and workers. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { describeRuleError, type LintOptions, type LintResult, type ResolvedConfig, type Rule } from '@dockerlint/core';
import type { FileResult } from './types.js';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8 * 1024;

export interface LintJob {
  index: number;
  absolutePath: string;
  displayPath: string;
  contextDir?: string;
  /** Other Dockerfiles of this run built from the same context (see `LintOptions.contextPeers`). */
  contextPeers?: string[];
  config?: ResolvedConfig;
  target?: string;
  onlyRules?: string[];
  /** Keep the source text for code frames. */
  wantSource: boolean;
  /** Text to lint instead of reading the file (stdin). */
  text?: string;
  /** Set when build definitions build this Dockerfile: which, and the secret ids its builds supply. */
  build?: { label: string; secretIds: string[] };
  /** Jobs of one Dockerfile built several ways share the index of the first: their results are merged. */
  group?: number;
}

export type JobOutcome =
  | { index: number; kind: 'result'; result: FileResult; ruleErrors?: string[]; unknownTarget?: { target: string; stages: string[] }; unknownTargetBuild?: string }
  | { index: number; kind: 'skipped'; message: string }
  | { index: number; kind: 'error'; message: string };

export type LintTextFn = (options: LintOptions) => LintResult;

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const known: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', ENOENT: 'no such file', EISDIR: 'is a directory', ELOOP: 'too many symbolic links' };
    return known[e.code] ?? e.code;
  }
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** Reads a Dockerfile: `{ text }`, or `{ skipped }` for binaries / huge files, or `{ error }`. */
export function readDockerfile(absPath: string): { text: string } | { skipped: string } | { error: string } {
  let fd: number | undefined;
  try {
    const stat = statSync(absPath);
    if (stat.isDirectory()) return { error: 'is a directory' };
    if (stat.size > MAX_FILE_BYTES) return { skipped: `not linted: larger than 2 MB (${(stat.size / 1024 / 1024).toFixed(1)} MB)` };
    fd = openSync(absPath, 'r');
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const bytes = buffer.subarray(0, read);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { skipped: 'not linted: binary file (a NUL byte in the first 8 KB)' };
    let text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch (error) {
    return { error: `cannot read (${errorText(error)})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function runJob(job: LintJob, lintText: LintTextFn, rules: readonly Rule[]): JobOutcome {
  let text = job.text;
  if (text === undefined) {
    const read = readDockerfile(job.absolutePath);
    if ('error' in read) return { index: job.index, kind: 'error', message: read.error };
    if ('skipped' in read) return { index: job.index, kind: 'skipped', message: read.skipped };
    text = read.text;
  }
  try {
    const options: LintOptions = {
      filePath: job.displayPath,
      text,
      rules,
      ...(job.config ? { config: job.config } : {}),
      ...(job.absolutePath ? { absolutePath: job.absolutePath } : {}),
      ...(job.contextDir ? { contextDir: job.contextDir } : {}),
      ...(job.contextPeers && job.contextPeers.length > 0 ? { contextPeers: job.contextPeers } : {}),
      ...(job.target ? { target: job.target } : {}),
      ...(job.build ? { build: job.build } : {}),
      ...(job.onlyRules && job.onlyRules.length > 0 ? { onlyRules: job.onlyRules } : {}),
    };
    const lint = lintText(options);
    const result: FileResult = {
      filePath: job.displayPath,
      ...(job.absolutePath ? { absolutePath: job.absolutePath } : {}),
      findings: lint.findings,
      ...(lint.fatal !== undefined ? { fatal: lint.fatal } : {}),
      ...(job.wantSource ? { source: text } : {}),
    };
    return {
      index: job.index,
      kind: 'result',
      result,
      ...(lint.ruleErrors.length > 0 ? { ruleErrors: lint.ruleErrors.map((error) => describeRuleError(error, lint.filePath)) } : {}),
      ...(lint.unknownTarget ? { unknownTarget: lint.unknownTarget } : {}),
    };
  } catch (error) {
    return { index: job.index, kind: 'error', message: `internal error while linting: ${errorText(error)}` };
  }
}
