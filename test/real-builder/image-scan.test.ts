// End to end on images built by the real BuildKit (Debian's docker.io, own socket, no network, busybox base):
// `dockerlint --image` finds what the image holds and ties it to the Dockerfile line and rule; `--verify` marks
// each static finding; the classic `docker save` archive and its OCI conversions (Debian's skopeo) agree.
import { execFile } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanImage, type ImageScanResult } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { runCli } from '../helpers/cli-run.js';
import { BASE_IMAGE, startRealBuilder, type RealBuilder, type RealBuilderStart } from '../helpers/real-builder.js';

const run = promisify(execFile);
const start: RealBuilderStart = await startRealBuilder();
if (start.skip) console.warn(`[skip] ${start.skip}`);
const SKOPEO = '/usr/bin/skopeo';

const awsKeyId = fakes.awsAccessKeyId(21);
const awsSecret = fakes.awsSecretAccessKey(21);
const npmToken = fakes.npmToken(22);
const builderToken = fakes.npmToken(23);
const SECRETS = [awsKeyId, awsSecret, npmToken, builderToken];

interface JsonMessage { ruleId: string; severity: number; message: string; line: number; column: number }
interface JsonResult { filePath: string; messages: JsonMessage[] }

function messagesOf(stdout: string): JsonMessage[] {
  return (JSON.parse(stdout) as JsonResult[]).flatMap((r) => r.messages);
}

function expectRedacted(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe.skipIf(start.skip !== undefined)('real BuildKit: dockerlint --image on built images', () => {
  const builder = start.builder as RealBuilder;
  let root: string;
  const archives: Record<string, string> = {};

  async function scenario(name: string, files: Record<string, string>, options: { buildArgs?: Record<string, string>; secrets?: Record<string, string>; tag?: string } = {}): Promise<string> {
    const dir = join(root, name);
    for (const [file, content] of Object.entries(files)) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), content);
    }
    const tag = options.tag ?? `scan-${name}`;
    const built = await builder.build(dir, { tag, ...(options.buildArgs ? { buildArgs: options.buildArgs } : {}), ...(options.secrets ? { secrets: options.secrets } : {}) });
    expect(built.ok, built.output).toBe(true);
    archives[tag] = await builder.save(tag, join(root, `${tag}.tar`));
    return dir;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dockerlint-image-e2e-'));
    await writeFile(join(root, 'secret-npmrc'), `//registry.npmjs.org/:_authToken=${npmToken}\n`);
    await writeFile(join(root, 'secret-builder-npmrc'), `//registry.npmjs.org/:_authToken=${builderToken}\n`);
    await scenario('seed', {
      Dockerfile: `FROM ${BASE_IMAGE}\nWORKDIR /app\nCOPY . .\nRUN rm .env\nCMD ["sh"]\n`,
      '.env': `AWS_ACCESS_KEY_ID=${awsKeyId}\nAWS_SECRET_ACCESS_KEY=${awsSecret}\n`,
      'server.js': 'console.log("up")\n',
    });
    await scenario('buildarg', { Dockerfile: `FROM ${BASE_IMAGE}\nARG NPM_TOKEN\nRUN echo install\n` }, { buildArgs: { NPM_TOKEN: npmToken } });
    const notPassed = join(root, 'buildarg');
    const built = await builder.build(notPassed, { tag: 'scan-buildarg-empty' });
    expect(built.ok, built.output).toBe(true);
    archives['scan-buildarg-empty'] = await builder.save('scan-buildarg-empty', join(root, 'scan-buildarg-empty.tar'));
    await scenario(
      'npmrc',
      { Dockerfile: `FROM ${BASE_IMAGE}\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc\nRUN echo installed\n` },
      { secrets: { npmrc: join(root, 'secret-npmrc') } },
    );
    await scenario(
      'builder',
      {
        Dockerfile:
          `FROM ${BASE_IMAGE} AS build\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && echo built > /out.txt\n` +
          `FROM ${BASE_IMAGE}\nCOPY --from=build /out.txt /out.txt\n`,
      },
      { secrets: { npmrc: join(root, 'secret-builder-npmrc') } },
    );
  }, 240_000);

  afterAll(async () => {
    await builder.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('seed scenario: the .env of COPY . . is in the lower layer, deleted later, tied to the COPY line and both rules', async () => {
    const dir = join(root, 'seed');
    const out = await runCli(['--image', archives['scan-seed']!, 'Dockerfile', '--format', 'json'], dir);
    expect(out.code, out.stderr).toBe(1);
    const messages = messagesOf(out.stdout);
    expect(messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['image-sensitive-file', 3, 1]]);
    expect(messages[0]!.message).toMatch(
      /^environment file holding an AWS access key ID \(\+1 more\) in layer 3 \(sha256:[a-f0-9]{12}\) \/app\/\.env, deleted by layer 4 but still in this layer \(docker save extracts it\); written by COPY \. \. \(line 3\), prevented by no-context-secrets and no-secret-deleted-in-later-layer$/,
    );
    expectRedacted(out.stdout + out.stderr);
  });

  it('seed scenario in SARIF: the image location is a logical location, the Dockerfile line the physical one', async () => {
    const dir = join(root, 'seed');
    const out = await runCli(['--image', archives['scan-seed']!, 'Dockerfile', '--format', 'sarif'], dir);
    interface SarifResult {
      ruleId: string;
      locations: Array<{ physicalLocation: { region: object }; logicalLocations: Array<{ name: string; kind: string; fullyQualifiedName: string }> }>;
      properties: { image: object };
    }
    const sarif = JSON.parse(out.stdout) as { runs: Array<{ results: SarifResult[]; tool: { driver: { rules: Array<{ id: string }> } } }> };
    const [result] = sarif.runs[0]!.results;
    expect(result!.ruleId).toBe('image-sensitive-file');
    expect(result!.locations[0].physicalLocation.region).toMatchObject({ startLine: 3, startColumn: 1 });
    expect(result!.locations[0].logicalLocations[0]).toMatchObject({ name: '/app/.env', kind: 'resource' });
    expect(result!.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^scan-seed:latest\/layer\/3@sha256:[a-f0-9]{64}\/app\/\.env$/);
    expect(result!.properties.image).toMatchObject({ kind: 'layer', layer: 3, path: '/app/.env', visibility: 'deleted-later' });
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('image-sensitive-file');
  });

  it('seed scenario --verify: both static findings are confirmed in the image', async () => {
    const out = await runCli(['--image', archives['scan-seed']!, 'Dockerfile', '--verify', '--format', 'json'], join(root, 'seed'));
    const messages = messagesOf(out.stdout);
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['no-context-secrets', 3],
      ['no-secret-deleted-in-later-layer', 4],
    ]);
    for (const m of messages) expect(m.message).toMatch(/\[image: confirmed in the image: scan-seed:latest layer 3 \(sha256:[a-f0-9]{12}\) \/app\/\.env\]$/);
  });

  it('build arg: the token recorded in the RUN history entry is tied to the ARG line', async () => {
    const dir = join(root, 'buildarg');
    const out = await runCli(['--image', archives['scan-buildarg']!, 'Dockerfile', '--format', 'json'], dir);
    const messages = messagesOf(out.stdout);
    expect(messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['image-build-arg-in-history', 2, 5]]);
    expect(messages[0]!.message).toMatch(/^build arg NPM_TOKEN=npm_…\S{3} \(40 chars\) \(npm access token\) is recorded in history entry \d+; written by ARG NPM_TOKEN \(line 2\), prevented by no-secret-arg$/);
    expectRedacted(out.stdout + out.stderr);

    const verify = await runCli(['--image', archives['scan-buildarg']!, 'Dockerfile', '--verify', '--format', 'json'], dir);
    const verified = messagesOf(verify.stdout);
    expect(verified.map((m) => [m.ruleId, m.line])).toEqual([['no-secret-arg', 2]]);
    expect(verified[0]!.message).toMatch(/\[image: confirmed in the image: scan-buildarg:latest history entry \d+\]$/);
  });

  it('build arg not passed: no image finding; --verify marks the ARG not observed (empty in history, still a risk)', async () => {
    const dir = join(root, 'buildarg');
    const out = await runCli(['--image', archives['scan-buildarg-empty']!, 'Dockerfile', '--format', 'json'], dir);
    expect(messagesOf(out.stdout)).toEqual([]);
    expect(out.code).toBe(0);
    const verify = await runCli(['--image', archives['scan-buildarg-empty']!, 'Dockerfile', '--verify', '--format', 'json'], dir);
    const [arg] = messagesOf(verify.stdout);
    expect(arg!.ruleId).toBe('no-secret-arg');
    expect(arg!.message).toMatch(/\[image: not observed: history entry \d+ records NPM_TOKEN= empty \(not passed in this build\) — still a risk when it is\]$/);
  });

  it('secret mount copied to ~/.npmrc: found in the layer of that RUN, tied to no-persisted-secret; --verify confirms', async () => {
    const dir = join(root, 'npmrc');
    const out = await runCli(['--image', archives['scan-npmrc']!, 'Dockerfile', '--format', 'json'], dir);
    expect(out.code, out.stderr).toBe(1);
    const messages = messagesOf(out.stdout);
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['image-sensitive-file', 2]]);
    expect(messages[0]!.message).toMatch(
      /^npm config \(may hold an auth token\) holding an npm access token in layer 2 \(sha256:[a-f0-9]{12}\) \/root\/\.npmrc, visible in the final filesystem; written by RUN --mount=type=secret,id=npmrc cp \/run\/secrets\/npmrc \/root\/\.npmrc \(line 2\), prevented by no-persisted-secret$/,
    );
    expectRedacted(out.stdout + out.stderr);
    const verify = await runCli(['--image', archives['scan-npmrc']!, 'Dockerfile', '--verify', '--format', 'json'], dir);
    const verified = messagesOf(verify.stdout);
    expect(verified.map((m) => [m.ruleId, m.line, m.message.replace(/^.*\[image: (\w[\w -]*?)[:\]].*$/, '$1')])).toEqual([['no-persisted-secret', 2, 'confirmed in the image']]);
  });

  it('a builder-stage secret that is not copied is absent from the image, and --verify has nothing to confirm', async () => {
    const dir = join(root, 'builder');
    const scan = await scanImage(archives['scan-builder']!);
    expect(scan.findings).toEqual([]);
    expect(scan.images[0]!.layers.length).toBe(2);
    const out = await runCli(['--image', archives['scan-builder']!, 'Dockerfile', '--verify', '--format', 'json'], dir);
    expect(out.code, out.stderr).toBe(0);
    expect(messagesOf(out.stdout)).toEqual([]);
  });

  it('docker save | dockerlint --image - reads the same image from standard input', async () => {
    const out = await runCli(['--image', '-', '--format', 'json'], root, () => createReadStream(archives['scan-seed']!));
    const messages = messagesOf(out.stdout);
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['image-sensitive-file', 1]]);
    expect((JSON.parse(out.stdout) as JsonResult[])[0]!.filePath).toBe('<stdin>');
  });

  describe.skipIf(!existsSync(SKOPEO))('classic archive vs OCI layout (skopeo copy docker-archive: → oci:)', () => {
    const comparable = (scan: ImageScanResult) => JSON.stringify({ findings: scan.findings, history: scan.images.map((i) => i.history), layers: scan.images.map((i) => i.layers.map((l) => [l.number, l.digest, l.historyIndex, l.files])) });

    it.each(['scan-seed', 'scan-buildarg', 'scan-npmrc', 'scan-builder'])('%s: identical findings from the classic archive and the gzip and zstd OCI layouts', async (tag) => {
      const classic = await scanImage(archives[tag]!);
      for (const format of ['gzip', 'zstd'] as const) {
        const layout = join(root, `${tag}-oci-${format}`);
        await run(SKOPEO, ['copy', '--quiet', '--dest-compress-format', format, `docker-archive:${archives[tag]}`, `oci:${layout}:${tag}:latest`], { timeout: 60_000 });
        const oci = await scanImage(layout);
        expect(oci.images[0]!.layers.every((l) => l.compression === format)).toBe(true);
        expect(comparable(oci)).toBe(comparable(classic));
      }
    });
  });
});
