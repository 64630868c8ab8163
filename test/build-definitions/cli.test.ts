/**
 * The CLI on realistic projects whose build definitions decide context, target and secrets: the right context and
 * target are used, the build-arg leak is reported in the definition file, in every output format.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakes } from '@dockerlint/core/testing';
import { rules } from '@dockerlint/rules';
import { main } from '../../packages/cli/src/main.js';
import { messageText } from '../helpers/messages.js';

const FIXTURES = path.resolve(__dirname, '../fixtures/build-definitions');
let tmp: string;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-defs-cli-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of a fixture project (tests may add files), as its own repository root. */
function project(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

async function lint(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--no-config-lookup'], {
    cwd,
    env: {},
    rules,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
  });
  return { code, stdout, stderr };
}

/** ESLint's JSON format has absolute paths: shown relative to `cwd` here. */
async function lintJson(cwd: string, args: string[] = []): Promise<JsonResult[]> {
  const { stdout } = await lint(cwd, ['-f', 'json', ...args]);
  return (JSON.parse(stdout) as JsonResult[]).map((result) => ({ ...result, filePath: path.relative(cwd, result.filePath) }));
}

const brief = (results: JsonResult[]) =>
  results.flatMap((result) => result.messages.map((m) => `${result.filePath}:${m.line}:${m.column} ${m.ruleId} ${m.message}`));

describe('compose: a monorepo whose compose file builds services/api/Dockerfile from the repository root', () => {
  it('lints COPY . . against the repository root (its .env), with target runtime, and reports the build args in compose.yaml', async () => {
    const dir = project('monorepo-compose');
    const results = await lintJson(dir);
    expect(brief(results)).toEqual([
      `services/api/Dockerfile:10:5 no-secret-arg ${messageText('no-secret-arg', 'secretArgInHistory', { name: 'DB_PASSWORD', runs: 'the RUN at line 13', where: '' })}`,
      `services/api/Dockerfile:12:6 no-context-secrets ${messageText('no-context-secrets', 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env', reason: 'there is no .dockerignore', gitNote: '' })}`,
      `services/worker/Dockerfile:4:5 no-secret-arg ${messageText('no-secret-arg', 'secretNotSupplied', { id: 'gh_token', builds: 'compose.yaml service worker' })}`,
      `compose.yaml:10:9 no-secret-arg ${messageText('no-secret-arg', 'definitionArg', { name: 'NPM_TOKEN', label: 'compose.yaml service api' })}`,
      `compose.yaml:11:9 no-secret-arg ${messageText('no-secret-arg', 'definitionArg', { name: 'DB_PASSWORD', label: 'compose.yaml service api' })}`,
      `compose.yaml:11:22 no-hardcoded-secret ${messageText('no-hardcoded-secret', 'definitionNamedLiteral', { name: 'DB_PASSWORD', where: 'compose.yaml service api', preview: '••••, 16 chars' })}`,
    ]);
    const definitionArg = results.find((r) => r.filePath === 'compose.yaml')!.messages[0]!;
    expect(definitionArg).toMatchObject({ severity: 2, line: 10, column: 9, endLine: 10, endColumn: 18 });
  });

  it('without the definitions the Dockerfile folder is the context: no .env there, and the secret mount is not checked', async () => {
    const dir = project('monorepo-compose');
    const results = await lintJson(dir, ['--no-build-definitions']);
    expect(brief(results).filter((line) => /no-context-secrets|compose\.yaml|gh_token/.test(line))).toEqual([]);
  });

  it('explicit --context and --target win over the compose file', async () => {
    const dir = project('monorepo-compose');
    const results = await lintJson(dir, ['--context', 'services/api', '--target', 'build', 'services/api/Dockerfile']);
    const api = results.find((r) => r.filePath === 'services/api/Dockerfile')!;
    expect(api.messages.map((m) => m.ruleId)).toEqual([]);
    // The compose file above the linted path is still read: its own findings stay.
    expect(results.map((r) => r.filePath)).toContain('compose.yaml');
  });

  it('a target the Dockerfile does not have fails like the build would, naming the definition', async () => {
    const dir = project('monorepo-compose');
    const file = path.join(dir, 'compose.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('${API_TARGET:-runtime}', 'runtme'));
    const { code, stderr } = await lint(dir, ['-f', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain("services/api/Dockerfile: target 'runtme' names no stage");
    expect(stderr).toContain('(target of compose.yaml service api)');
  });

  it('a config target wins over the compose file too', async () => {
    const dir = project('monorepo-compose');
    writeFileSync(path.join(dir, 'lint.json'), JSON.stringify({ target: 'build' }));
    const results = await lintJson(dir, ['-c', 'lint.json', 'services/api/Dockerfile']);
    expect(brief(results).filter((line) => line.startsWith('services/api/'))).toEqual([]);
  });

  it('a folder linted inside the repository finds the compose file at its root; only the builds of linted Dockerfiles are reported there', async () => {
    const dir = project('monorepo-compose');
    mkdirSync(path.join(dir, '.git'));
    const results = await lintJson(path.join(dir, 'services', 'worker'), ['.']);
    expect(brief(results)).toEqual([
      `Dockerfile:4:5 no-secret-arg ${messageText('no-secret-arg', 'secretNotSupplied', { id: 'gh_token', builds: 'compose.yaml service worker' })}`,
    ]);
    const api = await lintJson(path.join(dir, 'services', 'api'), ['.']);
    expect(brief(api)).toEqual([
      `Dockerfile:10:5 no-secret-arg ${messageText('no-secret-arg', 'secretArgInHistory', { name: 'DB_PASSWORD', runs: 'the RUN at line 13', where: '' })}`,
      `Dockerfile:12:6 no-context-secrets ${messageText('no-context-secrets', 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env', reason: 'there is no .dockerignore', gitNote: '' })}`,
      `../../compose.yaml:10:9 no-secret-arg ${messageText('no-secret-arg', 'definitionArg', { name: 'NPM_TOKEN', label: 'compose.yaml service api' })}`,
      `../../compose.yaml:11:9 no-secret-arg ${messageText('no-secret-arg', 'definitionArg', { name: 'DB_PASSWORD', label: 'compose.yaml service api' })}`,
      `../../compose.yaml:11:22 no-hardcoded-secret ${messageText('no-hardcoded-secret', 'definitionNamedLiteral', { name: 'DB_PASSWORD', where: 'compose.yaml service api', preview: '••••, 16 chars' })}`,
    ]);
  });

  it('outside a repository, compose files above the working directory are not read', async () => {
    const dir = project('monorepo-compose');
    const results = await lintJson(path.join(dir, 'services', 'api'), ['.']);
    expect(brief(results).filter((line) => /compose\.yaml|no-context-secrets/.test(line))).toEqual([]);
  });
});

describe('bake: groups, inheritance and a dev target', () => {
  it('lints the Dockerfile once per target; a finding only the dev build has says so', async () => {
    const dir = project('bake-project');
    const results = await lintJson(dir);
    expect(brief(results)).toEqual([
      `docker/app.Dockerfile:8:6 no-secret-file-copy ${messageText('no-secret-file-copy', 'copiesFile', { keyword: 'COPY', source: '.npmrc', what: 'an npm config (may hold an auth token)', detail: '' })} [build: docker-bake.hcl target app-dev]`,
      `docker-bake.hcl:19:5 no-secret-arg ${messageText('no-secret-arg', 'definitionArg', { name: 'NPM_TOKEN', label: 'docker-bake.hcl target app, docker-bake.hcl target app-dev' })}`,
    ]);
  });

  it('--target production is one build: the dev stage does not ship', async () => {
    const dir = project('bake-project');
    const results = await lintJson(dir, ['--target', 'production']);
    expect(brief(results).filter((line) => line.startsWith('docker/'))).toEqual([]);
  });
});

describe('GitHub workflows', () => {
  it('build-push-action build-args and a docker buildx build --build-arg are reported in the workflow files', async () => {
    const dir = project('workflow-project');
    const results = await lintJson(dir);
    expect(brief(results)).toEqual([
      `deploy/Dockerfile:7:5 no-secret-arg ${messageText('no-secret-arg', 'secretArgInHistory', { name: 'NPM_TOKEN', runs: 'the RUN at line 9', where: '' })} [build: ci.yml job test-image step "Build the test stage" (docker build)]`,
      `.github/workflows/ci.yml:15:25 no-secret-arg ${messageText('no-secret-arg', 'definitionArg', { name: 'NPM_TOKEN', label: 'ci.yml job test-image step "Build the test stage" (docker build)' })}`,
      `.github/workflows/release.yml:21:13 no-secret-arg ${messageText('no-secret-arg', 'definitionArg', { name: 'GITHUB_TOKEN', label: 'release.yml job image step "Build and push" (docker/build-push-action)' })}`,
    ]);
  });
});

describe('output formats point at the definition files; secrets never printed', () => {
  function withLiteralToken(): { dir: string; token: string } {
    const dir = project('monorepo-compose');
    const token = fakes.githubClassic(7);
    const file = path.join(dir, 'compose.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('NODE_VERSION: "20"', `GH_PAT: ${token}`));
    return { dir, token };
  }

  it('SARIF: results in compose.yaml with repository-relative URIs and regions', async () => {
    const { dir, token } = withLiteralToken();
    const { stdout, code } = await lint(dir, ['-f', 'sarif']);
    expect(code).toBe(1);
    expect(stdout).not.toContain(token);
    const run = JSON.parse(stdout).runs[0];
    const inCompose = run.results.filter((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'compose.yaml');
    expect(inCompose.map((r: { ruleId: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }) => `${r.ruleId}@${r.locations[0]!.physicalLocation.region.startLine}:${r.locations[0]!.physicalLocation.region.startColumn}`)).toEqual([
      'no-secret-arg@9:9',
      'no-hardcoded-secret@9:17',
      'no-secret-arg@10:9',
      'no-secret-arg@11:9',
      'no-hardcoded-secret@11:22',
    ]);
  });

  it.each(['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit'])('%s names compose.yaml and masks the token', async (format) => {
    const { dir, token } = withLiteralToken();
    const { stdout } = await lint(dir, ['-f', format, '--no-color']);
    expect(stdout).toContain('compose.yaml');
    expect(stdout).not.toContain(token);
    expect(stdout).not.toContain(token.slice(4, 20));
  });
});
