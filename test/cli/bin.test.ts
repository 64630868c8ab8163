/** End-to-end: the real `dockerlint` bin (built dist, run `npx tsc -b` first) with the real engine and rules. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(repo, 'packages/cli/bin/dockerlint.js');

function dockerlint(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repo,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: 'true', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The rules have landed when a known leak produces a finding (an empty or stub catalogue does not). */
function probeRules(): boolean {
  const r = dockerlint(['--stdin', '--no-config-lookup', '-f', 'json'], { input: 'FROM alpine\nARG NPM_TOKEN\nRUN npm ci\n' });
  try {
    const parsed = JSON.parse(r.stdout) as { messages: unknown[] }[];
    return (parsed[0]?.messages.length ?? 0) > 0;
  } catch {
    return false;
  }
}
const rulesAvailable = probeRules();

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-bin-'));
  mkdirSync(path.join(tmp, '.git'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dir(name: string): string {
  const d = path.join(tmp, name);
  mkdirSync(path.join(d, '.git'), { recursive: true });
  return d;
}

describe('bin: usage', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'packages/cli/package.json'), 'utf8')) as { version: string };
    expect(dockerlint(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('bad options exit 2 with one line and no stack trace', () => {
    for (const args of [['--nope'], ['-f', 'html'], ['--max-warnings', 'x'], ['--rule', 'not-a-rule', '.']]) {
      const r = dockerlint(args, { cwd: tmp });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^dockerlint: /);
      expect(r.stderr).not.toMatch(/\s+at .*:\d+:\d+/);
    }
  });

  it('nonexistent path → message + exit 2, other paths still linted', () => {
    const d = dir('missing');
    writeFileSync(path.join(d, 'Dockerfile'), 'FROM alpine\n');
    const r = dockerlint(['nope', '.', '-f', 'json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('dockerlint: nope: no such file or directory\n');
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it('invalid config → dockerlint: <file>: <key>: <detail>, exit 2', () => {
    const d = dir('badconfig');
    writeFileSync(path.join(d, 'Dockerfile'), 'FROM alpine\n');
    writeFileSync(path.join(d, '.dockerlintrc.json'), '{"allowlist":{"values":["("]}}');
    const r = dockerlint([], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^dockerlint: ${path.join(d, '.dockerlintrc.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: allowlist\\.values\\[0\\]: invalid regular expression: .*\\n$`));
  });
});

describe('bin: discovery and the worker pool', () => {
  it('finds the Dockerfile variants in sorted order', () => {
    const d = dir('variants');
    for (const rel of ['Dockerfile', 'svc/dockerfile', 'svc/Containerfile.dev', 'docker/api.Dockerfile', 'node_modules/x/Dockerfile']) {
      mkdirSync(path.dirname(path.join(d, rel)), { recursive: true });
      writeFileSync(path.join(d, rel), 'FROM alpine\n');
    }
    writeFileSync(path.join(d, 'Dockerfile.dockerignore'), '.env\n');
    const r = dockerlint(['-f', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { filePath: string }) => path.relative(d, x.filePath))).toEqual([
      'Dockerfile', 'docker/api.Dockerfile', 'svc/Containerfile.dev', 'svc/dockerfile',
    ]);
  });

  it('lints > 200 files in worker threads (DOCKERLINT_WORKERS=2) with deterministic, sorted output, as in-process', () => {
    const d = dir('many');
    for (let i = 0; i < 230; i++) {
      const sub = path.join(d, `s${String(i).padStart(3, '0')}`);
      mkdirSync(sub);
      writeFileSync(path.join(sub, 'Dockerfile'), i % 50 === 7 ? 'not a dockerfile\n' : 'FROM alpine\nRUN echo hi\n');
    }
    // The default pool needs 4 cores (CI has 2): force it, then compare with the in-process run.
    const r = dockerlint(['-f', 'json'], { cwd: d, env: { DOCKERLINT_WORKERS: '2' } });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { filePath: string; errorCount: number }[];
    expect(out).toHaveLength(230);
    const names = out.map((x) => path.relative(d, x.filePath));
    expect(names).toEqual([...names].sort());
    expect(out.filter((x) => x.errorCount > 0).map((x) => path.relative(d, x.filePath))).toEqual(['s007/Dockerfile', 's057/Dockerfile', 's107/Dockerfile', 's157/Dockerfile', 's207/Dockerfile']);
    expect(r.code).toBe(1);
    // Same result in-process for the same files.
    const single = dockerlint(['-f', 'json', ...names.slice(0, 10)], { cwd: d });
    expect(JSON.parse(single.stdout)).toEqual(out.slice(0, 10));
    const inProcess = dockerlint(['-f', 'json'], { cwd: d, env: { DOCKERLINT_WORKERS: '0' } });
    expect(inProcess.stdout).toBe(r.stdout);
  });

  it('stdin works without a file on disk', () => {
    const r = dockerlint(['--stdin', '-f', 'json'], { cwd: tmp, input: 'FROM alpine\n' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ filePath: '<stdin>', messages: [] });
  });
});

describe.skipIf(!rulesAvailable)('bin: with the real rules', () => {
  const SECRET = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

  it('reports a secret ARG, exit 1, and never prints a secret', () => {
    const d = dir('leaky');
    writeFileSync(path.join(d, 'Dockerfile'), `FROM node:20\nARG NPM_TOKEN\nENV GITHUB_TOKEN=${SECRET}\nRUN npm ci\n`);
    for (const format of ['stylish', 'github']) {
      const r = dockerlint(['-f', format], { cwd: d });
      expect(r.code, format).toBe(1);
      expect(r.stdout + r.stderr, format).not.toContain(SECRET.slice(4, 16));
    }
    const json = JSON.parse(dockerlint(['-f', 'json'], { cwd: d }).stdout);
    expect(json[0].messages.map((m: { ruleId: string }) => m.ruleId)).toContain('no-secret-arg');
  });

  it('SARIF has relative URIs and fingerprints; stable across runs', () => {
    const d = dir('sarif');
    mkdirSync(path.join(d, 'svc'));
    writeFileSync(path.join(d, 'svc/Dockerfile'), 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n');
    const a = dockerlint(['-f', 'sarif'], { cwd: d });
    const b = dockerlint(['-f', 'sarif'], { cwd: d });
    expect(a.stdout).toBe(b.stdout);
    const result = JSON.parse(a.stdout).runs[0].results[0];
    expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%' });
    expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/\S/);
  });

  it('--fix adds entries to .dockerignore only', () => {
    const d = dir('fixme');
    const dockerfile = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n';
    writeFileSync(path.join(d, 'Dockerfile'), dockerfile);
    writeFileSync(path.join(d, '.env'), 'API_KEY=x\n');
    writeFileSync(path.join(d, 'index.js'), '');
    const before = dockerlint(['-f', 'json', '--rule', 'no-context-secrets'], { cwd: d });
    expect(before.code).toBe(1);
    const r = dockerlint(['--fix', '--rule', 'no-context-secrets'], { cwd: d });
    expect(r.stderr).toMatch(/^dockerlint: fix: added \d+ entr(y|ies) to \.dockerignore \(created\): .*\.env/m);
    expect(readFileSync(path.join(d, '.dockerignore'), 'utf8')).toMatch(/\.env/);
    expect(readFileSync(path.join(d, 'Dockerfile'), 'utf8')).toBe(dockerfile);
    expect(r.code).toBe(0);
  });
});
