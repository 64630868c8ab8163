/** `.pre-commit-hooks.yaml`, `action.yml` and the docs/ci.md examples: shape, file matching, and the action's script run for real. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { cleanupTemps, readText, repoRoot, tempRepo, write } from './helpers.js';

// Several real CLI runs per test: generous under a loaded CI machine (each run is ~0.5 s idle).
vi.setConfig({ testTimeout: 240_000 });

afterAll(() => cleanupTemps());

interface Hook {
  id: string;
  language: string;
  entry: string;
  files: string;
  exclude: string;
}

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'dockerlint')!;

  it('declares the dockerlint node hook', () => {
    expect(hook).toMatchObject({ id: 'dockerlint', language: 'node', entry: 'dockerlint' });
  });

  // pre-commit applies `files`/`exclude` with Python's re.search; these patterns use the common subset.
  const selected = (p: string) => new RegExp(hook.files).test(p) && !new RegExp(hook.exclude).test(p);
  it.each([
    'Dockerfile', 'dockerfile', 'Dockerfile.prod', 'svc/Dockerfile.dev', 'api.Dockerfile', 'svc/api.dockerfile',
    'Containerfile', 'Containerfile.dev', 'x/prod.Containerfile', 'deep/a/b/dockerfile',
  ])('selects %s', (p) => expect(selected(p)).toBe(true));
  it.each([
    'Dockerfile.dockerignore', '.dockerignore', 'Containerfile.containerignore', 'svc/.containerignore', 'docker-compose.yml',
    'Dockerfiles/README.md', 'notaDockerfile', 'mydockerfile', 'README.md', '.Dockerfile',
  ])('skips %s', (p) => expect(selected(p)).toBe(false));
});

interface Action {
  runs: { using: string; steps: { name?: string; id?: string; uses?: string; run?: string; env?: Record<string, string> }[] };
  inputs: Record<string, { default?: string }>;
}

describe('action.yml', () => {
  const text = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
  const action = parse(text) as Action;

  it('is a composite action that sets up Node, runs dockerlint and uploads SARIF', () => {
    expect(action.runs.using).toBe('composite');
    const uses = action.runs.steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toContain('actions/setup-node@v4');
    expect(uses).toContain('github/codeql-action/upload-sarif@v3');
    for (const ref of text.matchAll(/inputs\.([\w-]+)/g)) expect(Object.keys(action.inputs)).toContain(ref[1]);
    // inputs reach scripts only through env (no ${{ }} inside run: blocks → no script injection)
    for (const step of action.runs.steps) if (step.run) expect(step.run).not.toContain('${{');
  });

  it('installs only @dockerlint/cli at the version of its own package.json, on a maintained Node by default', () => {
    const install = action.runs.steps.find((s) => s.id === 'install')!.run!;
    expect(install).toContain('"@dockerlint/cli@$version"');
    expect(install).toContain("require(process.env.GITHUB_ACTION_PATH + '/package.json').version");
    expect(install).not.toMatch(/npm ci|npm run|tsc/);
    expect(Number(action.inputs['node-version']!.default)).toBeGreaterThanOrEqual(22);
    // The complete run (install from a registry, lint, exit code) is `npm run release:check`.
  });

  it('its lint script writes SARIF, prints annotations and reports the exit code (run with bash)', () => {
    const script = action.runs.steps.find((s) => s.id === 'lint')!.run!;
    const repo = tempRepo();
    write(repo, 'svc/Dockerfile', 'FROM alpine\nARG NPM_TOKEN\nCOPY . .\n');
    write(repo, 'svc/.env', 'A=1\n');
    write(repo, 'other/Dockerfile', 'FROM alpine\nRUN echo hi\n');
    const outputFile = path.join(repo, 'gh-output');
    write(repo, 'gh-output', '');
    const r = spawnSync('bash', ['-e', '-c', script], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', DOCKERLINT: path.join(repoRoot, 'packages/cli/bin/dockerlint.js'), GITHUB_OUTPUT: outputFile, INPUT_PATHS: 'svc\nother', INPUT_FORMAT: 'github', INPUT_ARGS: '--max-warnings 0', INPUT_SARIF_FILE: 'out/dockerlint.sarif' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readText(outputFile)).toBe('exit-code=1\n');
    expect(r.stdout).toMatch(/^::error file=svc\/Dockerfile,line=3,.*title=dockerlint\/no-context-secrets::/m);
    const sarif = JSON.parse(readText(path.join(repo, 'out/dockerlint.sarif'))) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toContain('svc/Dockerfile');
  });
});

describe('action.yml and JS config (untrusted pull requests)', () => {
  const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;
  const script = action.runs.steps.find((s) => s.id === 'lint')!.run!;
  const runLint = (allow: string) => {
    const repo = tempRepo();
    const marker = path.join(repo, 'js-config-ran');
    write(repo, 'Dockerfile', 'FROM alpine\nARG NPM_TOKEN\nRUN echo hi\n');
    write(repo, 'package.json', '{ "private": true, "type": "module" }\n');
    write(repo, 'dockerlint.config.js', `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { rules: { 'no-secret-arg': 'off' } };\n`);
    write(repo, 'gh-output', '');
    const r = spawnSync('bash', ['-e', '-c', script], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', DOCKERLINT_NO_JS_CONFIG: '', DOCKERLINT: path.join(repoRoot, 'packages/cli/bin/dockerlint.js'), GITHUB_OUTPUT: path.join(repo, 'gh-output'), INPUT_PATHS: '.', INPUT_FORMAT: 'github', INPUT_ARGS: '', INPUT_SARIF_FILE: 'dockerlint.sarif', INPUT_ALLOW_JS_CONFIG: allow },
    });
    return { r, repo, ran: existsSync(marker) };
  };

  it('does not run dockerlint.config.js by default, says so, and lints with the rest of the configuration', () => {
    expect(action.inputs['allow-js-config']!.default).toBe('false');
    const { r, repo, ran } = runLint('false');
    expect(ran).toBe(false);
    expect(readText(path.join(repo, 'gh-output'))).toBe('exit-code=1\n'); // no-secret-arg still on
    expect(r.stderr).toContain('dockerlint: not loading JS config dockerlint.config.js (DOCKERLINT_NO_JS_CONFIG is set)');
    expect(readText(path.join(repo, 'dockerlint.sarif'))).toContain('"js-config-not-loaded"');
  });

  it('runs it when the workflow sets allow-js-config: true', () => {
    const { r, repo, ran } = runLint('true');
    expect(ran).toBe(true);
    expect(readText(path.join(repo, 'gh-output'))).toBe('exit-code=0\n');
    expect(r.stderr).toBe('');
  });
});

describe('docs/ci.md examples', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/ci.md'), 'utf8');
  const yamlBlocks = [...doc.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('every YAML example parses', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(4);
    for (const block of yamlBlocks) expect(() => parse(block)).not.toThrow();
  });

  it('documents every CI-relevant option that exists', () => {
    for (const word of ['--format sarif', '--format github', '--format gitlab', '--max-warnings', '--baseline', '--write-baseline', 'allowlist', 'fingerprints', '.pre-commit-config.yaml', 'lint-staged', 'husky', 'upload-sarif', 'codequality']) {
      expect(doc).toContain(word);
    }
  });
});
