/**
 * The real `pre-commit` (Debian's package; `.ci/run` installs it) runs our `.pre-commit-hooks.yaml` with
 * `pre-commit try-repo <repo> dockerlint --all-files`, exactly as a user trying the hook would (clean repository),
 * and with `pre-commit run --all-files` from a `.pre-commit-config.yaml` whose `rev:` is a commit SHA, as the docs
 * recommend (leaky repository; the hook prints SARIF there, whose tool version must be the release's).
 *
 * `try-repo` installs the hook from the repository's HEAD commit, so the test snapshots this working tree
 * (tracked and untracked, non-ignored files) into a temporary git repository and commits it. pre-commit then
 * does what it does for every `language: node` hook: clone, `npm install` (dev dependencies included; the
 * `prepare` script runs the TypeScript build), `npm pack`, `npm install -g <tarball>`. The tarball bundles
 * @dockerlint/cli, core and rules (`bundleDependencies`). That install is the slow part (1.5–2.5 minutes with a
 * warm npm cache); each case has a store of its own, so the two cases (leaky, clean) run concurrently in
 * `beforeAll`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, repoRoot, tempDir, write } from './helpers.js';
import { messageText } from '../helpers/messages.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const hasGit = spawnSync('git', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasPreCommit) {
  console.warn('test/ci/pre-commit.test.ts: SKIPPED — `pre-commit` is not installed (apt-get install -y pre-commit; .ci/run does this)');
}

const TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let hookRepo: string;

/** Snapshot of this working tree as a one-commit repository (what CI would check out). */
function snapshotRepo(): string {
  const dir = path.join(tempDir('dockerlint-hook-'), 'dockerlint');
  mkdirSync(dir);
  const files = git(repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  for (const rel of files) {
    try {
      cpSync(path.join(repoRoot, rel), path.join(dir, rel), { recursive: false });
    } catch {
      // deleted in the working tree but still in the index
    }
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'snapshot');
  return dir;
}

function consumerRepo(files: Record<string, string>): string {
  const dir = tempDir('dockerlint-consumer-');
  git(dir, 'init', '-q');
  for (const [rel, text] of Object.entries(files)) write(dir, rel, text);
  git(dir, 'add', '-A');
  return dir;
}

interface TryRepoResult {
  code: number | null;
  output: string;
  seconds: number;
}

/** `pre-commit try-repo`, or (`viaConfig`) `pre-commit run` with the consumer's own `.pre-commit-config.yaml`. */
function tryRepo(consumer: string, viaConfig = false): Promise<TryRepoResult> {
  const started = Date.now();
  const args = viaConfig ? ['run', '--all-files'] : ['try-repo', hookRepo, 'dockerlint', '--all-files'];
  return new Promise((resolve) => {
    const child = spawn('pre-commit', [...args, '--verbose', '--color', 'never'], {
      cwd: consumer,
      // prefer-offline/no audit: npm still installs exactly the lockfile, just without re-validating cached metadata
      env: { ...process.env, ...GIT_ENV, PRE_COMMIT_HOME: tempDir('dockerlint-pre-commit-home-'), NO_COLOR: '1', CI: 'true', npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGTERM'), 840_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

let leaky: TryRepoResult;
let clean: TryRepoResult;
let buildArg: TryRepoResult;

describe.skipIf(!hasPreCommit || !hasGit)('pre-commit try-repo / run (real pre-commit, language: node)', () => {
  beforeAll(async () => {
    hookRepo = snapshotRepo();
    // As the docs show: `rev:` pinned to a full commit SHA; SARIF output to read the installed CLI's version.
    const leakyRepo = consumerRepo({
      '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${git(hookRepo, 'rev-parse', 'HEAD').trim()}\n    hooks:\n      - id: dockerlint\n        args: [--format, sarif]\n`,
      'Dockerfile': `FROM alpine\nENV API_TOKEN=${TOKEN}\n`,
      'services/api.dockerfile': 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n',
      'README.md': 'hello\n',
    });
    const cleanRepo = consumerRepo({
      'Dockerfile': 'FROM alpine\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN echo build\n',
      'Containerfile.dev': 'FROM alpine\nRUN echo dev\n',
      // named like a Dockerfile variant, but it is an ignore file: linting it would fail (no FROM)
      'Dockerfile.dockerignore': '.env\n.git\n',
      '.dockerignore': '.env\n',
    });
    // Only the build-arg case of issue 14: BuildKit writes the passed token into RUN npm ci's history entry.
    const buildArgRepo = consumerRepo({ 'Dockerfile': 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n', '.dockerignore': '.env\n' });
    [leaky, clean, buildArg] = await Promise.all([tryRepo(leakyRepo, true), tryRepo(cleanRepo), tryRepo(buildArgRepo)]);
    console.info(
      `pre-commit (hook install + run): leaky (run, SHA-pinned config) ${leaky.seconds.toFixed(1)} s, clean (try-repo) ${clean.seconds.toFixed(1)} s, build arg (try-repo) ${buildArg.seconds.toFixed(1)} s, concurrently`,
    );
  }, 900_000);
  afterAll(() => cleanupTemps());

  it('fails on a repository with a leaky Dockerfile, lists the finding, never prints the secret', () => {
    expect(leaky.code, leaky.output.slice(-4000)).toBe(1);
    expect(leaky.output).toMatch(/dockerlint \(secrets in Docker images\)\.+Failed/);
    expect(leaky.output).toContain('no-secret-env');
    // lower-case *.dockerfile is handed to the hook too
    expect(leaky.output).toContain('services/api.dockerfile');
    expect(leaky.output).toContain('no-secret-arg');
    expect(leaky.output).not.toContain(TOKEN.slice(8, 20));
  });

  it('fails on FROM node:20 / ARG NPM_TOKEN / RUN npm ci alone (an error, not a warning)', () => {
    expect(buildArg.code, buildArg.output.slice(-4000)).toBe(1);
    expect(buildArg.output).toMatch(/dockerlint \(secrets in Docker images\)\.+Failed/);
    expect(buildArg.output).toContain(`${messageText('no-secret-arg', 'secretArgInHistory', { name: 'NPM_TOKEN', runs: 'the RUN at line 3', where: '' })}`);
    expect(buildArg.output).toMatch(/1 problem \(1 error, 0 warnings\)/);
  });

  it('the installed hook is the CLI of this release: SARIF tool.driver.version is the root version, not 0.0.0', () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const sarifText = leaky.output.slice(leaky.output.indexOf('{'), leaky.output.lastIndexOf('}') + 1);
    const sarif = JSON.parse(sarifText) as { runs: { tool: { driver: { name: string; version: string } } }[] };
    expect(sarif.runs[0]!.tool.driver).toMatchObject({ name: 'dockerlint', version });
  });

  it('passes on a clean repository; *.dockerignore files are never handed to the hook', () => {
    expect(clean.code, clean.output.slice(-4000)).toBe(0);
    expect(clean.output).toMatch(/dockerlint \(secrets in Docker images\)\.+Passed/);
  });
});
