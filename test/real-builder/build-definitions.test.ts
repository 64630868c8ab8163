// Cross-check of the build definitions reader against a real BuildKit: build the compose-style and the bake-style
// fixture with the context, Dockerfile and target that dockerlint derives from compose.yaml / docker-bake.hcl, and
// compare the files that reached the image with the files dockerlint assumed the build sends.
//
// Debian's 20.10 client has no `compose` or `bake` plugin here (and no buildx), so the real `docker compose build` /
// `docker buildx bake` cannot run: the client's `docker build` is driven with the derived context/file/target instead.
// Its builtin Dockerfile frontend rejects `RUN --mount=type=secret,…,env=` ("unexpected key 'env'": Dockerfile 1.10; no `# syntax=` image
// can be pulled without a network), so the copies built here mount the secret as a file: that changes no path.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCKER_CLIENT, BASE_IMAGE, startRealBuilder, type RealBuilder, type RealBuilderStart } from '../helpers/real-builder.js';
import { initialize, lintText, loadBuildContext, plannedBuilds, readBuildDefinitions, definitionFilesAround, type PlannedBuild } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';

const run = promisify(execFile);
const FIXTURES = path.resolve(__dirname, '../fixtures/build-definitions');

const start: RealBuilderStart = await startRealBuilder();
if (start.skip) console.warn(`[skip] ${start.skip}`);

const temps: string[] = [];
function project(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dockerlint-defs-real-')), name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  temps.push(path.dirname(dir));
  return dir;
}

/** Without `env=` (see the header): the secret is mounted at /run/secrets/<id> instead. */
function withFileSecretMounts(dockerfile: string): void {
  writeFileSync(dockerfile, readFileSync(dockerfile, 'utf8').replace(/,env=[A-Z_]+/g, ''));
}

/** Paths of the regular files under `dir` in a built image (`docker cp` streams a tar; only its headers are read). */
async function filesInImage(builder: RealBuilder, image: string, dir: string): Promise<string[]> {
  const { stdout: id } = await builder.docker(['create', image]);
  const container = id.trim();
  try {
    const { stdout } = await run(DOCKER_CLIENT, ['cp', `${container}:${dir}`, '-'], { env: builder.env, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
    const files: string[] = [];
    for (let offset = 0; offset + 512 <= stdout.length; ) {
      const header = stdout.subarray(offset, offset + 512);
      const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      if (name === '') break;
      const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
      const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
      const type = String.fromCharCode(header[156]!);
      const full = prefix ? `${prefix}/${name}` : name;
      if (type === '0' || type === '\0') files.push(full.split('/').slice(1).join('/'));
      offset += 512 + Math.ceil(size / 512) * 512;
    }
    return files.sort();
  } finally {
    await builder.docker(['rm', container]).catch(() => undefined);
  }
}

async function buildsOf(root: string, dockerfile: string): Promise<PlannedBuild[]> {
  const set = await readBuildDefinitions(definitionFilesAround(root));
  return plannedBuilds(set.definitions, dockerfile);
}

describe.skipIf(start.skip !== undefined)('real BuildKit: context and target derived from build definitions', () => {
  const builder = start.builder as RealBuilder;
  const secretFile = path.join(mkdtempSync(path.join(tmpdir(), 'dockerlint-defs-secret-')), 'npm_token');
  writeFileSync(secretFile, 'fake-npm-token-for-a-test\n');
  temps.push(path.dirname(secretFile));

  afterAll(async () => {
    await builder.stop();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it('compose: services/api/Dockerfile built from the repository root, target runtime — the image holds what dockerlint assumed, .env included', async () => {
    const root = project('monorepo-compose');
    const dockerfile = path.join(root, 'services/api/Dockerfile');
    const [build, ...others] = await buildsOf(root, dockerfile);
    expect(others).toEqual([]);
    expect(build).toMatchObject({ contextDir: root, target: 'runtime' });
    withFileSecretMounts(dockerfile);

    const result = await builder.build(build!.contextDir!, { tag: 'defs-compose', file: dockerfile, target: build!.target!, buildArgs: { BASE_IMAGE }, secrets: { npm_token: secretFile } });
    expect(result.ok, result.output).toBe(true);
    const inImage = (await filesInImage(builder, 'defs-compose', '/app')).filter((file) => file !== 'files.txt');

    // What dockerlint assumed `COPY . .` sends: every included file of the derived context.
    const context = loadBuildContext({ contextDir: build!.contextDir!, dockerfilePath: dockerfile });
    const assumed = context.listIncluded().filter((file) => !file.isDirectory).map((file) => file.path).sort();
    expect(inImage).toEqual(assumed);
    expect(inImage).toContain('.env');

    // …and the finding dockerlint gives for this build names that file; the build stage's /src is not in the image.
    await initialize();
    const lint = lintText({ filePath: 'services/api/Dockerfile', text: readFileSync(dockerfile, 'utf8'), rules, absolutePath: dockerfile, contextDir: build!.contextDir!, target: build!.target! });
    expect(lint.findings.find((finding) => finding.ruleId === 'no-context-secrets')?.message).toContain('.env');
    expect(await filesInImage(builder, 'defs-compose', '/src').catch(() => [])).toEqual([]);
  });

  it('bake: target app builds the last stage, target app-dev the dev stage — only the dev image holds /root/.npmrc', async () => {
    const root = project('bake-project');
    const dockerfile = path.join(root, 'docker/app.Dockerfile');
    const builds = await buildsOf(root, dockerfile);
    expect(builds.map((build) => [build.label, build.contextDir, build.target])).toEqual([
      ['docker-bake.hcl target app', root, undefined],
      ['docker-bake.hcl target app-dev', root, 'dev'],
    ]);
    withFileSecretMounts(dockerfile);
    await initialize();
    for (const build of builds) {
      const tag = build.target ? 'defs-bake-dev' : 'defs-bake-app';
      const result = await builder.build(build.contextDir!, { tag, file: dockerfile, ...(build.target ? { target: build.target } : {}), buildArgs: { BASE_IMAGE }, secrets: { npm_token: secretFile } });
      expect(result.ok, result.output).toBe(true);
      const rootFiles = await filesInImage(builder, tag, '/root').catch(() => []);
      const lint = lintText({ filePath: 'docker/app.Dockerfile', text: readFileSync(dockerfile, 'utf8'), rules, absolutePath: dockerfile, contextDir: build.contextDir!, ...(build.target ? { target: build.target } : {}) });
      const npmrcFinding = lint.findings.some((finding) => finding.ruleId === 'no-secret-file-copy');
      // dockerlint's verdict for this build and the real image agree.
      expect({ build: build.label, npmrcInImage: rootFiles.includes('.npmrc'), npmrcFinding }).toEqual({ build: build.label, npmrcInImage: build.target === 'dev', npmrcFinding: build.target === 'dev' });
      const appFiles = await filesInImage(builder, tag, '/app');
      expect(appFiles).toEqual(['package.json', 'src/index.js']);
    }
  });
});
