/** Adopting dockerlint on an existing repository: `--write-baseline` accepts today's findings, new leaks still fail. */
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseCliArgs } from '../../packages/cli/src/args.js';
import { baselineText } from '../../packages/cli/src/baseline.js';
import { finding } from '../cli/helpers.js';
import { cleanupTemps, dockerlint, readText, tempRepo, write } from './helpers.js';

// Several real CLI runs per test: generous under a loaded CI machine (each run is ~0.5 s idle).
vi.setConfig({ testTimeout: 240_000 });

afterAll(() => cleanupTemps());

const LEAKY = ['FROM node:20-alpine', 'ARG NPM_TOKEN', 'COPY . .', 'RUN npm ci', ''].join('\n');
const TOKEN = 'ghp_' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa98';

describe('baseline', () => {
  it('parses --baseline / --write-baseline', () => {
    expect(parseCliArgs(['--baseline', 'b.json'])).toMatchObject({ baseline: 'b.json' });
    expect(parseCliArgs(['--write-baseline', 'b.json'])).toMatchObject({ writeBaseline: 'b.json' });
    expect(() => parseCliArgs(['--baseline', ''])).toThrow(/non-empty/);
  });

  it('writes a small sorted, deduplicated file', () => {
    const text = baselineText([finding({ fingerprint: 'b' }), finding({ fingerprint: 'a' }), finding({ fingerprint: 'b' })]);
    expect(JSON.parse(text)).toEqual({ version: 1, fingerprints: ['a', 'b'] });
  });

  it('a baseline written from a run makes the next run pass; a new leak still fails', () => {
    const repo = tempRepo();
    write(repo, 'svc/Dockerfile', LEAKY);
    write(repo, 'svc/.env', 'SECRET=1\n');

    const first = dockerlint(['.'], repo);
    expect(first.code, first.stderr).toBe(1);

    const written = dockerlint(['--write-baseline', '.dockerlint-baseline.json', '.'], repo);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toMatch(/wrote \d+ fingerprints? to \.dockerlint-baseline\.json/);
    const baseline = JSON.parse(readText(path.join(repo, '.dockerlint-baseline.json'))) as { version: number; fingerprints: string[] };
    expect(baseline.version).toBe(1);
    expect(baseline.fingerprints.length).toBeGreaterThanOrEqual(2);
    expect(baseline.fingerprints.every((f) => /^[0-9a-f]{32}$/.test(f))).toBe(true);

    const accepted = dockerlint(['--baseline', '.dockerlint-baseline.json', '--max-warnings', '0', '.'], repo);
    expect(accepted.code, accepted.stdout + accepted.stderr).toBe(0);

    // unrelated edits (lines move) keep the accepted findings accepted
    write(repo, 'svc/Dockerfile', ['# syntax=docker/dockerfile:1', 'FROM node:20-alpine', 'WORKDIR /app', '', 'ARG NPM_TOKEN', 'COPY . .', 'RUN npm ci', ''].join('\n'));
    expect(dockerlint(['--baseline', '.dockerlint-baseline.json', '.'], repo).code).toBe(0);

    // a new leak fails, and only the new finding is reported
    write(repo, 'svc/Dockerfile', ['# syntax=docker/dockerfile:1', 'FROM node:20-alpine', 'WORKDIR /app', '', 'ARG NPM_TOKEN', `ENV GITHUB_TOKEN=${TOKEN}`, 'COPY . .', 'RUN npm ci', ''].join('\n'));
    const leak = dockerlint(['--baseline', '.dockerlint-baseline.json', '--format', 'json', '.'], repo);
    expect(leak.code).toBe(1);
    const messages = (JSON.parse(leak.stdout) as { messages: { ruleId: string; line: number }[] }[]).flatMap((r) => r.messages);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.line === 6)).toBe(true);
    expect(leak.stdout).not.toContain(TOKEN.slice(8, 20));
    // and a new leak in another file fails too
    write(repo, 'svc/Dockerfile', LEAKY);
    write(repo, 'worker/Dockerfile', LEAKY);
    write(repo, 'worker/.env', 'SECRET=1\n');
    expect(dockerlint(['--baseline', '.dockerlint-baseline.json', '.'], repo).code).toBe(1);
  });

  it('accepts the config format { allowlist: { fingerprints } } as a baseline', () => {
    const repo = tempRepo();
    write(repo, 'Dockerfile', LEAKY);
    const sarif = JSON.parse(dockerlint(['--format', 'sarif', '.'], repo).stdout) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    const fingerprints = sarif.runs[0]!.results.map((r) => r.partialFingerprints['dockerlintFingerprint/v1']!);
    write(repo, 'accepted.json', JSON.stringify({ allowlist: { fingerprints } }));
    expect(dockerlint(['--baseline', 'accepted.json', '.'], repo).code).toBe(0);
    // the same list in .dockerlintrc.json (engine-side allowlist) has the same effect
    write(repo, '.dockerlintrc.json', JSON.stringify({ allowlist: { fingerprints } }));
    expect(dockerlint(['.'], repo).code).toBe(0);
  });

  it('a missing or malformed baseline is a usage error (exit 2)', () => {
    const repo = tempRepo();
    write(repo, 'Dockerfile', LEAKY);
    const missing = dockerlint(['--baseline', 'nope.json', '.'], repo);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^dockerlint: --baseline: cannot read nope\.json \(ENOENT\)\n$/);
    write(repo, 'bad.json', '{"fingerprints": "x"}');
    expect(dockerlint(['--baseline', 'bad.json', '.'], repo).code).toBe(2);
    write(repo, 'v2.json', '{"version": 2, "fingerprints": []}');
    expect(dockerlint(['--baseline', 'v2.json', '.'], repo).stderr).toMatch(/unsupported version/);
  });
});
