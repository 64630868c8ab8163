/** Shared helpers for the CI-integration tests: run the built `dockerlint` bin, make throwaway git repositories. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileIn } from '../helpers/temp-tree.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const bin = path.join(repoRoot, 'packages/cli/bin/dockerlint.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist; `npm test` runs `tsc -b` first). */
export function dockerlint(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: 'true', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];

/** A fresh directory with an (empty) `.git`, so it is a repository root for report paths. */
export function tempRepo(prefix = 'dockerlint-ci-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  mkdirSync(path.join(dir, '.git'));
  temps.push(dir);
  return dir;
}

export function tempDir(prefix = 'dockerlint-ci-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanupTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const write = writeFileIn;

/** Every Dockerfile-like file below `dir` (same names the CLI discovers). */
export function dockerfilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const abs = path.join(d, name);
      if (statSync(abs).isDirectory()) {
        if (name !== '.git' && name !== 'node_modules') walk(abs);
      } else if (/^(Dockerfile|dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|dockerfile|Containerfile)$/.test(name) && !/\.(docker|container)ignore$/.test(name)) {
        out.push(abs);
      }
    }
  };
  walk(dir);
  return out.sort();
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

/** A 12-character window from the middle of a secret: enough to prove it is absent, never printed itself. */
export function secretProbe(value: string): string {
  const start = Math.max(0, Math.floor(value.length / 2) - 6);
  return value.slice(start, start + 12);
}
