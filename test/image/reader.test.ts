// The image reader and scanner on synthetic archives: every layout (docker-save classic, OCI dir, OCI tar,
// stream), every layer compression, whiteouts and opaque directories, config and history, limits, redaction.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanImage, type ImageFinding, type ImageScanResult } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { classicArchive, ociMembers, ociTar, writeMembers, type ImageSpec } from '../helpers/image-archive.js';

/** An environment file is reported when it assigns a literal to a secret-like name (not for `PORT=3000`). */
const ENV_WITH_SECRET = 'DB_PASSWORD=Vq7pLm2xR9tKw4Zs\n';

const npmToken = fakes.npmToken(11);
const githubToken = fakes.githubClassic(12);
const awsKeyId = fakes.awsAccessKeyId(13);
const awsSecret = fakes.awsSecretAccessKey(13);
const ALL_SECRETS = [npmToken, githubToken, awsKeyId, awsSecret];

const spec: ImageSpec = {
  tag: 'app:latest',
  layers: [
    [
      { name: 'app/', type: 'directory' },
      { name: 'app/.env', content: `AWS_ACCESS_KEY_ID=${awsKeyId}\nAWS_SECRET_ACCESS_KEY=${awsSecret}\n` },
      { name: 'app/.env.example', content: 'AWS_ACCESS_KEY_ID=\n' },
      { name: 'app/server.js', content: 'console.log("hi")\n' },
      { name: 'keys/id_rsa', content: 'not really a key but named like one\n' },
      { name: 'app/config.js', content: `module.exports = { token: "${githubToken}" }\n` },
    ],
    [
      { name: 'app/.wh..env', content: '' },
      { name: 'keys/.wh..wh..opq', content: '' },
      { name: 'app/config.js', content: 'module.exports = {}\n' },
      { name: 'root/.npmrc', content: 'registry=https://registry.npmjs.org/\n' },
      { name: 'home/ci/.npmrc', content: `//registry.npmjs.org/:_authToken=${npmToken}\n` },
    ],
  ],
  history: [
    { created_by: 'COPY . . # buildkit' },
    { created_by: 'ARG NPM_TOKEN', empty_layer: true },
    { created_by: `RUN |1 NPM_TOKEN=${npmToken} /bin/sh -c rm .env # buildkit` },
  ],
  env: ['PATH=/usr/bin', `GITHUB_TOKEN=${githubToken}`, 'LOG_LEVEL=debug'],
  labels: { maintainer: 'team@example.com' },
};

/** Findings without the parts that legitimately differ between layouts (none should). */
function summary(result: ImageScanResult): string[] {
  return result.findings.map((f) => `${f.kind} ${f.location.kind} ${f.location.layer ?? ''} ${f.location.path ?? f.location.field ?? ''} ${f.visibility ?? ''} ${f.fingerprint}`);
}

let dir: string;
let classic: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockerlint-image-reader-'));
  classic = await classicArchive(spec);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scanImage: docker-save classic archive', () => {
  let result: ImageScanResult;
  let byPath: (path: string) => ImageFinding | undefined;
  beforeAll(async () => {
    const file = join(dir, 'classic.tar');
    await writeFile(file, classic);
    result = await scanImage(file);
    byPath = (path) => result.findings.find((f) => f.location.path === path);
  });

  it('reports the .env of layer 1 as deleted by layer 2 (whiteout), with its layer digest and history entry', () => {
    const env = byPath('/app/.env')!;
    expect(env).toMatchObject({
      kind: 'sensitive-file',
      severity: 'error',
      visibility: 'deleted-later',
      hiddenBy: 2,
      what: 'environment file',
      location: { kind: 'layer', image: 'app:latest', layer: 1, historyIndex: 0, createdBy: 'COPY . . # buildkit' },
    });
    expect(env.location.layerDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(env.message).toContain('environment file holding an AWS access key ID (+1 more) in layer 1');
    expect(env.message).toContain('deleted by layer 2 but still in this layer');
  });

  it('reports a file under an opaque directory as deleted, and an overwritten file as replaced', () => {
    expect(byPath('/keys/id_rsa')).toMatchObject({ kind: 'sensitive-file', visibility: 'deleted-later', hiddenBy: 2, what: 'SSH private key' });
    expect(byPath('/app/config.js')).toMatchObject({ kind: 'secret-in-file', visibility: 'overwritten-later', what: 'GitHub personal access token (classic)' });
  });

  it('reports an .npmrc only when it holds a credential, and never a template', () => {
    expect(byPath('/home/ci/.npmrc')).toMatchObject({ kind: 'sensitive-file', visibility: 'final', location: { layer: 2, historyIndex: 2 } });
    expect(byPath('/home/ci/.npmrc')!.message).toContain('npm config (may hold an auth token) holding an npm access token in layer 2');
    expect(byPath('/root/.npmrc')).toBeUndefined();
    expect(byPath('/app/.env.example')).toBeUndefined();
    expect(byPath('/app/server.js')).toBeUndefined();
  });

  it('reports the build arg recorded in history and the token in Env, not the innocent Env entries', () => {
    const arg = result.findings.find((f) => f.kind === 'build-arg-in-history')!;
    expect(arg).toMatchObject({ name: 'NPM_TOKEN', location: { kind: 'history', historyIndex: 2 } });
    expect(arg.location.createdBy).toMatch(/^RUN \|1 NPM_TOKEN=npm_…\S+ \(40 chars\) \/bin\/sh -c rm \.env # buildkit$/);
    const env = result.findings.filter((f) => f.kind === 'secret-in-config');
    expect(env.map((f) => f.location.field)).toEqual(['Env GITHUB_TOKEN']);
    expect(result.images[0]!.buildArgs).toEqual([{ name: 'NPM_TOKEN', historyIndex: 2, empty: false }]);
  });

  it('maps history entries to layers (empty_layer entries make none)', () => {
    expect(result.images[0]!.layers.map((l) => [l.number, l.historyIndex, l.compression])).toEqual([
      [1, 0, 'none'],
      [2, 2, 'none'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('never holds a secret value anywhere in its result', () => {
    const text = JSON.stringify(result);
    for (const secret of ALL_SECRETS) expect(text).not.toContain(secret);
  });
});

describe('scanImage: the same image in every layout and compression gives identical findings', () => {
  let expected: string[];
  beforeAll(async () => {
    const file = join(dir, 'classic-2.tar');
    await writeFile(file, classic);
    expected = summary(await scanImage(file));
    expect(expected.length).toBe(6);
  });

  it.each(['none', 'gzip', 'zstd'] as const)('OCI layout directory, %s layers', async (compression) => {
    const layout = await writeMembers(join(dir, `oci-${compression}`), await ociMembers([spec], compression));
    const result = await scanImage(layout);
    expect(summary(result)).toEqual(expected);
    expect(result.images[0]!.layers.map((l) => l.compression)).toEqual([compression, compression]);
  });

  it('OCI layout tar with zstd layers, nested index', async () => {
    const file = join(dir, 'oci-nested.tar');
    await writeFile(file, await ociTar(await ociMembers([spec], 'zstd', true)));
    expect(summary(await scanImage(file))).toEqual(expected);
  });

  it('a stream (docker save | dockerlint --image -), also gzip-compressed as a whole', async () => {
    expect(summary(await scanImage({ stream: Readable.from([classic]), name: '<stdin>' }))).toEqual(expected);
    const chunks = [];
    const gz = gzipSync(classic);
    for (let i = 0; i < gz.length; i += 1000) chunks.push(gz.subarray(i, i + 1000));
    expect(summary(await scanImage({ stream: Readable.from(chunks), name: '<stdin>' }))).toEqual(expected);
  });
});

describe('scanImage: multi-platform index', () => {
  const amd: ImageSpec = { tag: 'multi:1', platform: { os: 'linux', architecture: 'amd64' }, layers: [[{ name: 'amd/.env', content: ENV_WITH_SECRET }]] };
  const arm: ImageSpec = { tag: 'multi:1', platform: { os: 'linux', architecture: 'arm64' }, layers: [[{ name: 'arm/.git-credentials', content: 'https://u:p@x\n' }]] };

  it('scans every platform by default and names the platform of each finding', async () => {
    const layout = await writeMembers(join(dir, 'multi'), await ociMembers([amd, arm], 'gzip'));
    const result = await scanImage(layout);
    expect(result.findings.map((f) => [f.location.platform, f.location.path])).toEqual([
      ['linux/amd64', '/amd/.env'],
      ['linux/arm64', '/arm/.git-credentials'],
    ]);
    const armOnly = await scanImage(layout, { platform: 'linux/arm64' });
    expect(armOnly.findings.map((f) => f.location.path)).toEqual(['/arm/.git-credentials']);
    expect(armOnly.findings[0]!.location.platform).toBeUndefined();
  });
});

describe('scanImage: file size limit', () => {
  it('scans text content up to maxFileSize only; larger files are classified by name', async () => {
    const big = `${'x'.repeat(2000)}\n${githubToken}\n`;
    const file = join(dir, 'big.tar');
    await writeFile(file, await classicArchive({ layers: [[{ name: 'srv/notes.txt', content: big }, { name: 'srv/.env', content: big }]] }));
    const small = await scanImage(file, { maxFileSize: 1000 });
    expect(small.findings.map((f) => [f.kind, f.location.path])).toEqual([['sensitive-file', '/srv/.env']]);
    expect(small.stats.skippedLarge).toBe(2);
    const large = await scanImage(file, { maxFileSize: 4000 });
    expect(large.findings.map((f) => [f.kind, f.location.path])).toEqual([
      ['secret-in-file', '/srv/notes.txt'],
      ['sensitive-file', '/srv/.env'],
    ]);
  });
});

describe('scanImage: environment files', () => {
  it('reports an env file that assigns a literal to a secret-like name, not a template or plain settings', async () => {
    const file = join(dir, 'env-files.tar');
    await writeFile(file, await classicArchive({
      layers: [[
        { name: 'a/.env', content: 'APP_KEY=\nDB_PASSWORD=\n' },
        { name: 'b/.env', content: 'PORT=3000\nLOG_LEVEL=debug\n' },
        { name: 'c/.env', content: 'PORT=3000\nDB_PASSWORD=Vq7pLm2xR9tKw4Zs\n' },
        { name: 'd/.env.production', content: 'export SESSION_SECRET="k8Jd0qLw2mZx9Rt4"\n' },
        { name: 'e/.env', content: 'DB_PASSWORD=${DB_PASSWORD}\nAPI_KEY=changeme\n' },
      ]],
    }));
    const result = await scanImage(file);
    expect(result.findings.map((f) => [f.location.path, f.message.replace(/ in layer.*/, '')])).toEqual([
      ['/c/.env', 'environment file with credentials'],
      ['/d/.env.production', 'environment file with credentials'],
    ]);
  });
});
