/**
 * Microsoft's SARIF validator (`@microsoft/sarif-multitool`, a .NET single-file binary for Linux).
 *
 * npm installs the Linux binary without its executable bit, and the package's `node_modules/.bin/sarif-multitool`
 * shim spawns it through a shell (so `--rule-kind Sarif;Gh` would be cut at the `;`). We run the binary directly,
 * from a private executable copy when the installed file is not executable (node_modules is left untouched).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './helpers.js';

export interface ValidatorResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note' | 'none';
  text: string;
}

function installedBinary(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    const require = createRequire(path.join(repoRoot, 'package.json'));
    const pkg = require.resolve('@microsoft/sarif-multitool-linux/package.json');
    const exe = path.join(path.dirname(pkg), 'Sarif.Multitool');
    return existsSync(exe) ? exe : undefined;
  } catch {
    return undefined;
  }
}

/** Path of a runnable validator, or undefined when it is not installed for this platform. */
export function sarifMultitool(): string | undefined {
  const exe = installedBinary();
  if (!exe) return undefined;
  try {
    accessSync(exe, constants.X_OK);
    return exe;
  } catch {
    // not executable: use a private copy
  }
  const size = statSync(exe).size;
  const dir = path.join(os.tmpdir(), `dockerlint-sarif-multitool-${size}`);
  const copy = path.join(dir, 'Sarif.Multitool');
  if (!existsSync(copy) || statSync(copy).size !== size) {
    mkdirSync(dir, { recursive: true });
    const partial = `${copy}.${process.pid}`;
    copyFileSync(exe, partial);
    chmodSync(partial, 0o755);
    // rename is atomic: parallel test workers never run a half-copied binary
    spawnSync('mv', ['-f', partial, copy]);
  }
  return copy;
}

/** Validates SARIF files with the SARIF and GitHub rule sets; returns every validator result (all levels). */
export function validateSarif(exe: string, files: string[], outDir: string): ValidatorResult[] {
  const output = path.join(outDir, 'validation.sarif');
  const r = spawnSync(exe, ['validate', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note', '--output', output, '--log', 'ForceOverwrite;PrettyPrint', ...files], {
    encoding: 'utf8',
    // no ICU in slim CI images; the validator does not need culture data
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    timeout: 120_000,
  });
  if (r.status !== 0 || !existsSync(output)) {
    throw new Error(`sarif-multitool failed (exit ${r.status}): ${(r.stderr || r.stdout || String(r.error)).slice(0, 2000)}`);
  }
  const log = JSON.parse(readFileSync(output, 'utf8')) as {
    runs: { results?: { ruleId: string; level?: ValidatorResult['level']; message: { text?: string; id?: string; arguments?: string[] } }[]; invocations?: { executionSuccessful?: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[] }[];
  };
  const run = log.runs[0]!;
  const failed = run.invocations?.find((i) => i.executionSuccessful === false);
  if (failed) throw new Error(`sarif-multitool could not analyse the input: ${JSON.stringify(failed.toolExecutionNotifications ?? []).slice(0, 2000)}`);
  return (run.results ?? []).map((res) => ({
    ruleId: res.ruleId,
    // SARIF: an absent level means "warning"
    level: res.level ?? 'warning',
    text: res.message.text ?? `${res.message.id ?? ''} ${(res.message.arguments ?? []).join(' | ')}`,
  }));
}
