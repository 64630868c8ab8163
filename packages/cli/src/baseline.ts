/**
 * Baseline files: accept the findings a repository already has, fail on new ones.
 *
 * `--write-baseline <file>` writes `{ "version": 1, "fingerprints": [...] }` (sorted, deduplicated) with the
 * fingerprints of every finding of the run; `--baseline <file>` drops findings whose fingerprint is listed.
 * Fingerprints are the engine's (the same value as SARIF `partialFingerprints` and config
 * `allowlist.fingerprints`): they do not depend on line numbers, so unrelated edits keep them. A config file's
 * `{ "allowlist": { "fingerprints": [...] } }` is accepted as a baseline too.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@dockerlint/core';
import { UsageError } from './args.js';

export const BASELINE_VERSION = 1;

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  fingerprints: string[];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Reads a baseline (or a config-style allowlist) file; a missing or malformed file is a usage error (exit 2). */
export function readBaseline(file: string, cwd: string): Set<string> {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (error) {
    throw new UsageError(`--baseline: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new UsageError(`--baseline: ${file} is not valid JSON`);
  }
  const obj = (data ?? {}) as { version?: unknown; fingerprints?: unknown; allowlist?: { fingerprints?: unknown } };
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    if (obj.fingerprints !== undefined) {
      if (obj.version !== undefined && obj.version !== BASELINE_VERSION) throw new UsageError(`--baseline: ${file}: unsupported version ${JSON.stringify(obj.version)} (expected ${BASELINE_VERSION})`);
      if (isStringArray(obj.fingerprints)) return new Set(obj.fingerprints);
    } else if (obj.allowlist && isStringArray(obj.allowlist.fingerprints)) {
      return new Set(obj.allowlist.fingerprints);
    }
  }
  throw new UsageError(`--baseline: ${file}: expected { "version": 1, "fingerprints": ["…"] }`);
}

export function baselineText(findings: readonly Finding[]): string {
  const data: BaselineFile = { version: BASELINE_VERSION, fingerprints: [...new Set(findings.map((f) => f.fingerprint))].sort() };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Writes the baseline; returns the number of fingerprints written. */
export function writeBaseline(file: string, cwd: string, findings: readonly Finding[]): number {
  const abs = path.resolve(cwd, file);
  const text = baselineText(findings);
  try {
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  } catch (error) {
    throw new UsageError(`--write-baseline: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return (JSON.parse(text) as BaselineFile).fingerprints.length;
}
