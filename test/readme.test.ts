import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '@dockerlint/rules';
// @ts-expect-error plain ESM script without types
import { renderRulesTable, replaceTable } from '../scripts/rules-table.mjs';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('has the rule table generated from rule metadata (run `npm run docs:readme` to refresh)', () => {
    expect(replaceTable(readme, renderRulesTable(rules))).toBe(readme);
  });

  it('starts with the set-up commands the CI runs', () => {
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(readme).toMatch(/npm ci[\s\S]*npm test[\s\S]*npx dockerlint/);
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});

describe('README "What it catches"', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(repo, 'packages/cli/bin/dockerlint.js'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  const block = (after: string, lang: string) => {
    const at = readme.indexOf(after);
    expect(at, `README has ${after}`).toBeGreaterThan(-1);
    const match = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(at + after.length));
    return match![1]!;
  };

  it('shows the exact output of `npx dockerlint examples/leaky-app` (exit 1)', () => {
    const run = cli(['examples/leaky-app']);
    expect(run.status).toBe(1);
    expect(block('npx dockerlint examples/leaky-app\n```\n', 'text')).toBe(run.stdout.replace(/^\n/, ''));
  });

  it('shows the examples\' Dockerfiles as they are; the fixed app is clean (exit 0, no output)', () => {
    expect(block('and a Dockerfile that leaks three ways:\n', 'dockerfile')).toBe(readFileSync(path.join(repo, 'examples/leaky-app/Dockerfile'), 'utf8'));
    expect(block('reaches the final image:\n', 'dockerfile')).toBe(readFileSync(path.join(repo, 'examples/fixed-app/Dockerfile'), 'utf8'));
    const fixed = cli(['examples/fixed-app']);
    expect({ status: fixed.status, stdout: fixed.stdout, stderr: fixed.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('the leaky example has a real build context (package.json, src/, a .env with fake values only)', () => {
    const env = readFileSync(path.join(repo, 'examples/leaky-app/.env'), 'utf8');
    expect(env).toMatch(/^# FAKE values/);
    for (const line of env.split('\n').filter((l) => l.includes('='))) expect(line).toMatch(/fake/);
    expect(JSON.parse(readFileSync(path.join(repo, 'examples/leaky-app/package.json'), 'utf8')).scripts.build).toBeDefined();
    expect(readFileSync(path.join(repo, 'examples/leaky-app/src/server.js'), 'utf8')).toContain('createServer');
  });

  it('`npx dockerlint` in the repository lints the examples, not the test fixtures (the repo config ignores them)', () => {
    const run = cli(['-f', 'json']);
    const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => path.relative(repo, r.filePath));
    expect(files).toEqual(['examples/fixed-app/Dockerfile', 'examples/leaky-app/Dockerfile']);
    expect(run.status).toBe(1);
  });
});
