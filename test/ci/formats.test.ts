/**
 * Report formats as their consumers read them: SARIF checked by Microsoft's validator with GitHub's rules,
 * GitHub workflow-command escaping, GitLab Code Quality fields, and fingerprints that survive unrelated edits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scanForSecrets } from '@dockerlint/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { escapeData, escapeProperty, github } from '../../packages/cli/src/formatters/index.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';
import { ctx, finding, result } from '../cli/helpers.js';
import { bin, cleanupTemps, dockerfilesUnder, dockerlint, readText, secretProbe, tempDir, tempRepo, write } from './helpers.js';
import { sarifMultitool, validateSarif } from './sarif-multitool.js';

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri: string; fullDescription: { text: string }; help: { text: string }; properties: { tags: string[]; 'security-severity': unknown } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[];
  }[];
}

interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end?: number } };
}

let fixtures: string; // a repository root holding every fixture
let secrets: string[]; // probes of the secrets in the fixture Dockerfiles

beforeAll(() => {
  fixtures = materializeFixture(fixturePath());
  mkdirSync(path.join(fixtures, '.git'), { recursive: true });
  secrets = dockerfilesUnder(fixtures).flatMap((file) => scanForSecrets(readText(file)).map((m) => m.value));
});
// Several real CLI runs per test: generous under a loaded CI machine (each run is ~0.5 s idle).
vi.setConfig({ testTimeout: 240_000 });

afterAll(() => {
  cleanupFixtures();
  cleanupTemps();
});

/** Secrets must never reach a report: check a 12-character window of every secret of the inputs. */
function expectNoSecrets(text: string, values: readonly string[]): void {
  for (const value of values) {
    if (value.length < 16) continue; // short values (passwords like "hunter2") are masked too, but probing them would match prose
    const probe = secretProbe(value);
    expect(text.includes(probe), `report contains a secret (${value.length} chars)`).toBe(false);
  }
}

describe('SARIF accepted by GitHub code scanning (Microsoft SARIF validator, rule kinds Sarif;Gh)', () => {
  const exe = sarifMultitool();

  it.skipIf(!exe)('validator really checks GitHub rules (a log without fullDescription/help fails)', () => {
    const dir = tempDir();
    const broken = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'r', shortDescription: { text: 'r' } }] } }, results: [] }],
    };
    writeFileSync(path.join(dir, 'broken.sarif'), JSON.stringify(broken));
    const errors = validateSarif(exe!, [path.join(dir, 'broken.sarif')], dir).filter((r) => r.level === 'error');
    expect(errors.map((e) => e.ruleId)).toContain('GH2012');
  });

  it.skipIf(!exe)('our SARIF for every fixture, a parse error, odd paths and stdin: zero errors and zero warnings', () => {
    const dir = tempDir();
    const files: string[] = [];
    const fixtureRun = dockerlint(['--format', 'sarif', '--output-file', path.join(dir, 'fixtures.sarif'), '.'], fixtures);
    expect(fixtureRun.code, fixtureRun.stderr).toBe(1);
    files.push(path.join(dir, 'fixtures.sarif'));

    const odd = tempRepo();
    write(odd, 'my dir/Dockerfile.prød', 'FROM alpine\nARG NPM_TOKEN\nRUN npm ci\n');
    write(odd, 'a,b:c/api.dockerfile', 'FROM node:20 AS build\nENV API_KEY=$KEY\nFROM build\n');
    write(odd, 'broken/Dockerfile', 'RUN echo no from\n');
    write(odd, 'clean/Containerfile', 'FROM alpine\nRUN echo hi\n');
    // Not loaded (--no-js-config): the run-level toolConfigurationNotification must validate too.
    write(odd, 'clean/dockerlint.config.js', 'export default {};\n');
    // A file that cannot be linted: a toolExecutionNotifications entry, which must validate too.
    mkdirSync(path.join(odd, 'binary'));
    writeFileSync(path.join(odd, 'binary', 'Dockerfile'), Buffer.from([0x46, 0x52, 0x00, 0x4f, 0x4d]));
    const oddRun = dockerlint(['--no-js-config', '--format', 'sarif', '--output-file', path.join(dir, 'odd.sarif'), '.'], odd);
    expect(oddRun.code, oddRun.stderr).toBe(1);
    files.push(path.join(dir, 'odd.sarif'));
    const oddLog = JSON.parse(readText(path.join(dir, 'odd.sarif'))) as { runs: { invocations: { toolExecutionNotifications?: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[] };
    const notifications = oddLog.runs[0]!.invocations[0]!.toolExecutionNotifications!;
    expect(notifications.map((n) => `${n.locations[0]!.physicalLocation.artifactLocation.uri}: ${n.message.text}`)).toEqual([
      'binary/Dockerfile: not linted: binary file (a NUL byte in the first 8 KB)',
    ]);
    expect(readText(path.join(dir, 'odd.sarif'))).toContain('"toolConfigurationNotifications"');

    const log = JSON.parse(readText(path.join(dir, 'fixtures.sarif'))) as SarifLog;
    const run = log.runs[0]!;
    expect(run.results.length).toBeGreaterThan(10);
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toMatch(/^https:\/\//);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
      expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
    }
    for (const res of run.results) {
      const loc = res.locations[0]!.physicalLocation.artifactLocation;
      expect(loc.uriBaseId).toBe('%SRCROOT%');
      expect(loc.uri).not.toMatch(/^(file:|\/)/);
      expect(res.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
      expect(run.tool.driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
    }
    expectNoSecrets(readText(path.join(dir, 'fixtures.sarif')), secrets);

    const validation = validateSarif(exe!, files, dir);
    const problems = validation.filter((r) => r.level === 'error' || r.level === 'warning');
    expect(problems, problems.map((p) => `${p.level} ${p.ruleId}: ${p.text}`).join('\n')).toEqual([]);
  });

  it.skipIf(!exe)('stdin SARIF validates too', () => {
    const dir = tempRepo();
    const piped = spawnWithInput(['--stdin', '--format', 'sarif'], dir, 'FROM alpine\nARG GITHUB_TOKEN\n');
    writeFileSync(path.join(dir, 'piped.sarif'), piped);
    const problems = validateSarif(exe!, [path.join(dir, 'piped.sarif')], dir).filter((x) => x.level === 'error' || x.level === 'warning');
    expect(problems.map((p) => `${p.ruleId}: ${p.text}`)).toEqual([]);
  });
});

function spawnWithInput(args: string[], cwd: string, input: string): string {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return r.stdout;
}

describe('fingerprints are stable when unrelated lines move', () => {
  const before = [
    'FROM node:20-alpine',
    'ARG NPM_TOKEN',
    'ENV DATABASE_URL=postgres://admin:s3cr3tPassw0rd@db.internal:5432/app',
    'COPY .npmrc /root/.npmrc',
    'RUN npm ci',
    '',
  ].join('\n');
  const after = [
    '# syntax=docker/dockerfile:1',
    'FROM node:20-alpine',
    '# install OS packages first',
    'RUN apk add --no-cache git \\',
    '    curl',
    '',
    'WORKDIR /app',
    'ARG NPM_TOKEN',
    'LABEL org.opencontainers.image.title=app',
    'ENV DATABASE_URL=postgres://admin:s3cr3tPassw0rd@db.internal:5432/app',
    '',
    'COPY .npmrc /root/.npmrc',
    'RUN npm ci',
    'CMD ["node", "server.js"]',
    '',
  ].join('\n');

  function lint(format: 'sarif' | 'gitlab', text: string): string {
    const dir = tempRepo();
    write(dir, 'svc/Dockerfile', text);
    write(dir, 'svc/.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n');
    const r = dockerlint(['--format', format, 'svc'], dir);
    expect(r.code, r.stderr).toBe(1);
    return r.stdout;
  }

  it('SARIF partialFingerprints: same set, different lines', () => {
    const pick = (out: string) =>
      (JSON.parse(out) as SarifLog).runs[0]!.results.map((r) => ({ ruleId: r.ruleId, fp: r.partialFingerprints, line: r.locations[0]!.physicalLocation.region.startLine }));
    const a = pick(lint('sarif', before));
    const b = pick(lint('sarif', after));
    expect(a.length).toBeGreaterThanOrEqual(3);
    const key = (x: { ruleId: string; fp: Record<string, string> }) => `${x.ruleId} ${x.fp.primaryLocationLineHash} ${x.fp['dockerlintFingerprint/v1']}`;
    expect(b.map(key).sort()).toEqual(a.map(key).sort());
    expect(b.map((x) => x.line)).not.toEqual(a.map((x) => x.line));
    expect(new Set(a.map((x) => x.fp.primaryLocationLineHash)).size).toBe(a.length);
  });

  it('GitLab fingerprints: same set, different lines', () => {
    const a = JSON.parse(lint('gitlab', before)) as GitlabIssue[];
    const b = JSON.parse(lint('gitlab', after)) as GitlabIssue[];
    expect(b.map((i) => i.fingerprint).sort()).toEqual(a.map((i) => i.fingerprint).sort());
    expect(b.map((i) => i.location.lines.begin)).not.toEqual(a.map((i) => i.location.lines.begin));
  });
});

/** The runner's parser for `::cmd k=v,k=v::data` (actions/runner ActionCommand), reversed escapes included. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } | undefined {
  const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  const data = m[3]!.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  return { command: m[1]!, properties, data };
}

describe('GitHub annotations (--format github)', () => {
  it('escapes % CR LF in data, and also : and , in properties (actions/toolkit command.ts)', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeData('a:b,c')).toBe('a:b,c');
    expect(escapeProperty('C:\\x,y%z\r\n')).toBe('C%3A\\x%2Cy%25z%0D%0A');
    // %25 first: an input that already looks escaped must not be decoded by the runner
    expect(escapeData('%0A')).toBe('%250A');
    expect(escapeProperty('%3A')).toBe('%253A');
  });

  it('round-trips through the runner parser: file with : and , , message with % CR LF, title with the rule id', () => {
    const message = 'ENV A, B: 100% leaked\r\nsecond line %0A not a newline';
    const out = github(
      [result({ filePath: 'we:ird,dir/Dockerfile', absolutePath: '/repo/we:ird,dir/Dockerfile', findings: [finding({ message, help: 'use --mount=type=secret,id=x' })] })],
      ctx(),
    );
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(out).not.toContain('\r');
    const cmd = parseCommand(lines[0]!)!;
    expect(cmd.command).toBe('error');
    expect(cmd.properties).toEqual({ file: 'we:ird,dir/Dockerfile', line: '2', endLine: '2', col: '5', endColumn: '14', title: 'dockerlint/no-secret-arg' });
    expect(cmd.data).toBe(`${message}\nuse --mount=type=secret,id=x`);
  });

  it('multi-line spans carry no columns; warnings are ::warning', () => {
    const out = github([result({ findings: [finding({ severity: 'warning', line: 3, endLine: 5, endColumn: 2 })] })], ctx());
    const cmd = parseCommand(out.trimEnd())!;
    expect(cmd.command).toBe('warning');
    expect(cmd.properties.col).toBeUndefined();
    expect(cmd.properties.endColumn).toBeUndefined();
  });

  it('real run over the fixtures: one well-formed command per finding, rule id in every title, no secrets', () => {
    const r = dockerlint(['--format', 'github', '.'], fixtures);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      const cmd = parseCommand(line);
      expect(cmd, line).toBeDefined();
      expect(['error', 'warning']).toContain(cmd!.command);
      expect(cmd!.properties.title).toMatch(/^dockerlint\/[a-z-]+$/);
      expect(cmd!.properties.file).not.toMatch(/^\//);
      expect(Number(cmd!.properties.line)).toBeGreaterThan(0);
    }
    expectNoSecrets(r.stdout, secrets);
  });
});

describe('GitLab Code Quality (--format gitlab)', () => {
  const SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];

  /** GitLab's documented fields (https://docs.gitlab.com/ci/testing/code_quality/): what the MR widget and the report need. */
  function checkIssue(issue: GitlabIssue): void {
    expect(typeof issue.description).toBe('string');
    expect(issue.description.length).toBeGreaterThan(0);
    expect(typeof issue.check_name).toBe('string');
    expect(typeof issue.fingerprint).toBe('string');
    expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(SEVERITIES).toContain(issue.severity);
    expect(issue.location.path).not.toMatch(/^(\/|\.\/|file:)/);
    expect(Number.isInteger(issue.location.lines.begin)).toBe(true);
    expect(issue.location.lines.begin).toBeGreaterThan(0);
  }

  it('real run over the fixtures: an array of valid issues with unique fingerprints, no BOM, no secrets', () => {
    const r = dockerlint(['--format', 'gitlab', '.'], fixtures);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.charCodeAt(0)).not.toBe(0xfeff);
    const issues = JSON.parse(r.stdout) as GitlabIssue[];
    expect(Array.isArray(issues)).toBe(true);
    expect(issues.length).toBeGreaterThan(10);
    issues.forEach(checkIssue);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    for (const i of issues) expect(readText(path.join(fixtures, i.location.path))).toBeTruthy();
    expectNoSecrets(r.stdout, secrets);
  });

  it('paths are relative to the repository root, also when run from a subdirectory', () => {
    const dir = tempRepo();
    write(dir, 'services/api/Dockerfile', 'FROM alpine\nARG NPM_TOKEN\nRUN echo\n');
    const issues = JSON.parse(dockerlint(['--format', 'gitlab', '.'], path.join(dir, 'services')).stdout) as GitlabIssue[];
    expect(issues[0]!.location.path).toBe('services/api/Dockerfile');
    checkIssue(issues[0]!);
  });

  it('clean input is an empty array', () => {
    const dir = tempRepo();
    write(dir, 'Dockerfile', 'FROM alpine\nRUN echo hi\n');
    const r = dockerlint(['--format', 'gitlab', '.'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
