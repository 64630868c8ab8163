/** Reading compose, bake and workflow files: context, dockerfile, target, args and secrets, with their positions. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definitionFilesAround, interpolateCompose, plannedBuilds, readBuildDefinitions, splitCommands, dockerBuildCommand, type BuildDefinition } from '@dockerlint/core';
import { writeFileIn } from '../helpers/temp-tree.js';

const FIXTURES = path.resolve(__dirname, '../fixtures/build-definitions');
let tmp: string;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-defs-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const write = (rel: string, text: string): string => writeFileIn(tmp, rel, text);

const at = (range: { start: { line: number; column: number }; end: { line: number; column: number } }) => `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
const byLabel = (definitions: BuildDefinition[], label: string) => {
  const found = definitions.find((definition) => definition.label === label);
  if (!found) throw new Error(`no definition ${label}: ${definitions.map((d) => d.label).join(' | ')}`);
  return found;
};

describe('compose interpolation (no environment is read)', () => {
  it.each([
    ['${API_TARGET:-runtime}', 'runtime', []],
    ['${API_TARGET-runtime}', 'runtime', []],
    ['${NPM_TOKEN}', '', ['NPM_TOKEN']],
    ['$NPM_TOKEN/x', '/x', ['NPM_TOKEN']],
    ['$$HOME and $${X}', '$HOME and ${X}', []],
    ['${A:-${B:-nested}}', 'nested', []],
    ['${A:+set}', '', []],
    ['${A:?must be set}', '', ['A']],
    ['plain ./services/api', 'plain ./services/api', []],
  ])('%s → %j', (input, value, unresolved) => {
    expect(interpolateCompose(input)).toEqual({ value, unresolved });
  });
});

describe('compose', () => {
  it('monorepo: services/api/Dockerfile built with the repository root as context, target from a default', async () => {
    const root = path.join(FIXTURES, 'monorepo-compose');
    const set = await readBuildDefinitions(definitionFilesAround(root));
    expect(set.problems).toEqual([]);
    const api = byLabel(set.definitions, 'compose.yaml service api');
    expect(api.contextDir).toBe(root);
    expect(api.dockerfile).toBe(path.join(root, 'services/api/Dockerfile'));
    expect(api.target).toBe('runtime');
    expect(api.args.map((arg) => [arg.name, arg.value, at(arg.range)])).toEqual([
      ['NODE_VERSION', '20', '9:9-9:21'],
      ['NPM_TOKEN', '${NPM_TOKEN}', '10:9-10:18'],
      ['DB_PASSWORD', 'q7Vz2KpL9wXr4TmB', '11:9-11:20'],
    ]);
    expect(api.secrets.map((secret) => [secret.id, at(secret.range)])).toEqual([['npm_token', '13:11-13:20']]);
    const worker = byLabel(set.definitions, 'compose.yaml service worker');
    expect(worker.contextDir).toBe(path.join(root, 'services/worker'));
    expect(worker.dockerfile).toBe(path.join(root, 'services/worker/Dockerfile'));
    expect(worker.target).toBeUndefined();
  });

  it('list-form args, long-form secrets (target is the id), overrides merged over the base file', async () => {
    write('compose.yaml', ['services:', '  app:', '    build:', '      context: app', '      args:', '        - GITHUB_TOKEN', '        - "VERSION=1.2"', '      secrets:', '        - source: gh', '          target: github_token', ''].join('\n'));
    write('compose.override.yaml', ['services:', '  app:', '    build:', '      target: dev', '      args:', '        - NPM_TOKEN=abc', ''].join('\n'));
    const set = await readBuildDefinitions([path.join(tmp, 'compose.yaml'), path.join(tmp, 'compose.override.yaml')]);
    const base = byLabel(set.definitions, 'compose.yaml service app');
    expect(base.target).toBeUndefined();
    expect(base.args.map((arg) => [arg.name, arg.value, at(arg.range)])).toEqual([
      ['GITHUB_TOKEN', undefined, '6:11-6:23'],
      ['VERSION', '1.2', '7:12-7:19'],
    ]);
    expect(base.secrets.map((secret) => secret.id)).toEqual(['github_token']);
    const merged = byLabel(set.definitions, 'compose.yaml + compose.override.yaml service app');
    expect(merged.target).toBe('dev');
    expect(merged.contextDir).toBe(path.join(tmp, 'app'));
    expect(merged.args.map((arg) => `${arg.name}@${path.basename(arg.file)}`)).toEqual(['GITHUB_TOKEN@compose.yaml', 'VERSION@compose.yaml', 'NPM_TOKEN@compose.override.yaml']);
  });

  it('remote, unresolved and inline builds have no Dockerfile on disk; bad YAML is a problem, not a crash', async () => {
    write('compose.yaml', ['services:', '  git:', '    build: https://github.com/example/repo.git#main', '  env:', '    build:', '      context: ${APP_DIR}', '  inline:', '    build:', '      context: .', '      dockerfile_inline: |', '        FROM alpine', ''].join('\n'));
    write('sub/docker-compose.yml', 'services: [unclosed\n');
    const set = await readBuildDefinitions([path.join(tmp, 'compose.yaml'), path.join(tmp, 'sub/docker-compose.yml')]);
    expect(byLabel(set.definitions, 'compose.yaml service git').dockerfile).toBeUndefined();
    expect(byLabel(set.definitions, 'compose.yaml service env').contextDir).toBeUndefined();
    const inline = byLabel(set.definitions, 'compose.yaml service inline');
    expect(inline.inlineDockerfile).toBe(true);
    expect(inline.dockerfile).toBeUndefined();
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]!.file).toBe(path.join(tmp, 'sub/docker-compose.yml'));
    expect(set.problems[0]!.message).toMatch(/^not valid YAML: /);
  });
});

describe('bake', () => {
  it('groups, inherits and a dev target; abstract targets are not builds', async () => {
    const root = path.join(FIXTURES, 'bake-project');
    const set = await readBuildDefinitions([path.join(root, 'docker-bake.hcl')]);
    expect(set.problems).toEqual([]);
    expect(set.definitions.map((definition) => definition.label).sort()).toEqual(['docker-bake.hcl target app', 'docker-bake.hcl target app-dev']);
    const dev = byLabel(set.definitions, 'docker-bake.hcl target app-dev');
    expect(dev.contextDir).toBe(root);
    expect(dev.dockerfile).toBe(path.join(root, 'docker/app.Dockerfile'));
    expect(dev.target).toBe('dev');
    expect(dev.args.map((arg) => [arg.name, arg.value, at(arg.range)])).toEqual([
      ['NODE_ENV', 'production', '18:5-18:13'],
      ['NPM_TOKEN', '${NPM_TOKEN}', '19:5-19:14'],
    ]);
    expect(dev.secrets.map((secret) => [secret.id, at(secret.range)])).toEqual([['npm_token', '27:17-27:45']]);
    expect(byLabel(set.definitions, 'docker-bake.hcl target app').target).toBeUndefined();
  });

  it('variables (defaults only), templates, override files and JSON bake files', async () => {
    write('docker-bake.hcl', ['variable "SRC" {', '  default = "services"', '}', 'target "api" {', '  context = "${SRC}/api"', '  dockerfile = "Dockerfile.prod"', '  args = { "API_KEY" = "k-${SRC}" }', '  secret = ["type=env,id=aws,env=AWS_SECRET_ACCESS_KEY", "src=${SRC}/npmrc"]', '}', ''].join('\n'));
    write('docker-bake.override.hcl', 'target "api" {\n  target = "debug"\n}\n');
    write('json/docker-bake.json', JSON.stringify({ variable: { DIR: { default: 'web' } }, target: { web: { context: '${DIR}', target: 'prod', args: { SENTRY_AUTH_TOKEN: 'x' } } } }, null, 2));
    const set = await readBuildDefinitions([path.join(tmp, 'docker-bake.hcl'), path.join(tmp, 'docker-bake.override.hcl'), path.join(tmp, 'json/docker-bake.json')]);
    expect(set.problems).toEqual([]);
    const api = byLabel(set.definitions, 'docker-bake.hcl + docker-bake.override.hcl target api');
    expect(api.contextDir).toBe(path.join(tmp, 'services/api'));
    expect(api.dockerfile).toBe(path.join(tmp, 'services/api/Dockerfile.prod'));
    expect(api.target).toBe('debug');
    expect(api.args.map((arg) => [arg.name, arg.value])).toEqual([['API_KEY', 'k-${SRC}']]);
    expect(api.secrets.map((secret) => secret.id)).toEqual(['aws', 'npmrc']);
    const web = byLabel(set.definitions, 'docker-bake.json target web');
    expect(web.contextDir).toBe(path.join(tmp, 'json/web'));
    expect(web.target).toBe('prod');
    expect(web.args.map((arg) => [arg.name, at(arg.range)])).toEqual([['SENTRY_AUTH_TOKEN', '12:9-12:28']]);
  });

  it('an HCL syntax error is a problem with a position; what parsed is still read', async () => {
    write('docker-bake.hcl', 'target "a" {\n  context = "."\n}\ntarget "b" {\n  context = \n');
    const set = await readBuildDefinitions([path.join(tmp, 'docker-bake.hcl')]);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]!.message).toMatch(/^HCL /);
    expect(set.definitions.map((definition) => definition.label)).toContain('docker-bake.hcl target a');
  });
});

describe('GitHub workflows', () => {
  it('build-push-action: context, file, target, build-args and secrets with positions', async () => {
    const root = path.join(FIXTURES, 'workflow-project');
    const set = await readBuildDefinitions(['ci.yml', 'release.yml'].map((name) => path.join(root, '.github/workflows', name)));
    const step = byLabel(set.definitions, 'release.yml job image step "Build and push" (docker/build-push-action)');
    expect(step.contextDir).toBe(root);
    expect(step.dockerfile).toBe(path.join(root, 'deploy/Dockerfile'));
    expect(step.target).toBe('release');
    expect(step.args.map((arg) => [arg.name, arg.value, at(arg.range)])).toEqual([
      ['APP_VERSION', '${{ github.ref_name }}', '20:13-20:24'],
      ['GITHUB_TOKEN', '${{ secrets.GITHUB_TOKEN }}', '21:13-21:25'],
    ]);
    expect(step.secrets.map((secret) => [secret.id, at(secret.range)])).toEqual([['npm', '23:13-23:16']]);
  });

  it('a docker buildx build command line in run:', async () => {
    const root = path.join(FIXTURES, 'workflow-project');
    const set = await readBuildDefinitions(['ci.yml', 'release.yml'].map((name) => path.join(root, '.github/workflows', name)));
    const step = byLabel(set.definitions, 'ci.yml job test-image step "Build the test stage" (docker build)');
    expect(step.contextDir).toBe(root);
    expect(step.dockerfile).toBe(path.join(root, 'deploy/Dockerfile'));
    expect(step.target).toBe('test');
    expect(step.args.map((arg) => [arg.name, arg.value, at(arg.range)])).toEqual([['NPM_TOKEN', '$NPM_TOKEN', '15:25-15:34']]);
    expect(step.secrets.map((secret) => secret.id)).toEqual(['npm']);
  });

  it('command lines: working-directory, --flag=value, quotes, other commands ignored', async () => {
    write('.github/workflows/build.yaml', [
      'jobs:',
      '  b:',
      '    defaults:',
      '      run:',
      '        working-directory: services',
      '    steps:',
      '      - run: echo docker build . && docker build --file=api/Dockerfile.ci --target=ci "--build-arg=PYPI_PASSWORD=${{ secrets.PYPI }}" api',
      '      - run: docker compose build',
      '      - run: docker buildx build - < Dockerfile',
      '',
    ].join('\n'));
    const set = await readBuildDefinitions([path.join(tmp, '.github/workflows/build.yaml')]);
    expect(set.definitions).toHaveLength(2);
    const [first, stdin] = set.definitions;
    expect(first!.contextDir).toBe(path.join(tmp, 'services/api'));
    expect(first!.dockerfile).toBe(path.join(tmp, 'services/api/Dockerfile.ci'));
    expect(first!.target).toBe('ci');
    expect(first!.args.map((arg) => [arg.name, arg.value])).toEqual([['PYPI_PASSWORD', '${{ secrets.PYPI }}']]);
    expect(stdin!.contextDir).toBeUndefined();
    expect(stdin!.dockerfile).toBeUndefined();
  });

  it('splits scripts into commands and reads docker build flags', () => {
    const [command] = splitCommands('sudo docker image build -t x:1 -fci.Dockerfile --secret id=a,src=a.txt \\\n  --build-arg X ./ctx');
    const build = dockerBuildCommand(command!)!;
    expect(build.file?.text).toBe('ci.Dockerfile');
    expect(build.context?.text).toBe('./ctx');
    expect(build.buildArgs.map((word) => word.text)).toEqual(['X']);
    expect(build.secrets.map((word) => word.text)).toEqual(['id=a,src=a.txt']);
    expect(dockerBuildCommand(splitCommands('docker run --rm x')[0]!)).toBeUndefined();
  });
});

describe('definition files around a Dockerfile folder', () => {
  it('parents up to the repository root and its workflows; outside a repository only up to the given folder', () => {
    write('repo/compose.yaml', 'services: {}\n');
    write('repo/.github/workflows/ci.yml', 'jobs: {}\n');
    write('repo/services/api/docker-bake.hcl', '');
    write('repo/services/api/notes.yaml', '');
    write('compose.yaml', 'services: {}\n');
    const api = path.join(tmp, 'repo/services/api');
    expect(definitionFilesAround(api, tmp).map((file) => path.relative(tmp, file))).toEqual(['repo/compose.yaml', 'repo/services/api/docker-bake.hcl', 'compose.yaml'].sort());
    mkdirSync(path.join(tmp, 'repo/.git'));
    expect(definitionFilesAround(api, tmp).map((file) => path.relative(tmp, file))).toEqual(['repo/.github/workflows/ci.yml', 'repo/compose.yaml', 'repo/services/api/docker-bake.hcl']);
    expect(definitionFilesAround(path.join(tmp, 'repo')).map((file) => path.relative(tmp, file))).toEqual(['repo/.github/workflows/ci.yml', 'repo/compose.yaml']);
  });
});

describe('planned builds', () => {
  it('one build per distinct (context, target); explicit context/target win and merge builds', async () => {
    write('compose.yaml', ['services:', '  a:', '    build: .', '  b:', '    build: .', '  c:', '    build:', '      context: .', '      target: dev', ''].join('\n'));
    write('Dockerfile', 'FROM alpine\n');
    const set = await readBuildDefinitions([path.join(tmp, 'compose.yaml')]);
    const dockerfile = path.join(tmp, 'Dockerfile');
    const builds = plannedBuilds(set.definitions, dockerfile);
    expect(builds.map((build) => [build.label, build.target])).toEqual([
      ['compose.yaml service a, compose.yaml service b', undefined],
      ['compose.yaml service c', 'dev'],
    ]);
    const forced = plannedBuilds(set.definitions, dockerfile, { target: 'prod', contextDir: '/elsewhere' });
    expect(forced).toHaveLength(1);
    expect(forced[0]).toMatchObject({ target: 'prod', contextDir: '/elsewhere' });
    expect(plannedBuilds(set.definitions, path.join(tmp, 'other/Dockerfile'))).toEqual([]);
  });
});
