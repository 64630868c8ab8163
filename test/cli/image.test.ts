// `dockerlint --image`: every output format, exit codes, usage errors and redaction, on synthetic archives
// (the real-BuildKit scenarios are in test/real-builder/image-scan.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakes } from '@dockerlint/core/testing';
import { runCli } from '../helpers/cli-run.js';
import { classicArchive } from '../helpers/image-archive.js';
import { sarifMultitool, validateSarif } from '../ci/sarif-multitool.js';

const githubToken = fakes.githubClassic(41);
const awsKeyId = fakes.awsAccessKeyId(42);
const awsSecret = fakes.awsSecretAccessKey(42);
const SECRETS = [githubToken, awsKeyId, awsSecret];

let dir: string;
let archive: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dockerlint-cli-image-'));
  mkdirSync(path.join(dir, '.git'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /app\nRUN rm /app/.env\nENV GITHUB_TOKEN=placeholder\n');
  // The context the image was built from (no .dockerignore): static analysis sees the .env, not the token in settings.js.
  writeFileSync(path.join(dir, '.env'), 'AWS_ACCESS_KEY_ID=\n');
  archive = await classicArchive({
    tag: 'svc:1',
    layers: [
      [{ name: 'bin/sh', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]) }],
      [
        { name: 'app/', type: 'directory' },
        { name: 'app/.env', content: `AWS_ACCESS_KEY_ID=${awsKeyId}\nAWS_SECRET_ACCESS_KEY=${awsSecret}\n` },
        { name: 'app/index.js', content: 'require("./lib")\n' },
        { name: 'app/settings.js', content: `exports.token = '${githubToken}'\n` },
      ],
      [{ name: 'app/.wh..env', content: '' }],
    ],
    history: [{ created_by: 'ADD rootfs.tar / # base' }, { created_by: 'COPY . /app # buildkit' }, { created_by: 'RUN /bin/sh -c rm /app/.env # buildkit' }, { created_by: 'ENV GITHUB_TOKEN=…', empty_layer: true }],
    env: ['PATH=/bin', `GITHUB_TOKEN=${githubToken}`],
  });
  writeFileSync(path.join(dir, 'svc.tar'), archive);
  writeFileSync(path.join(dir, 'clean.tar'), await classicArchive({ layers: [[{ name: 'app/index.js', content: 'ok\n' }]] }));
  writeFileSync(path.join(dir, 'not-an-image.tar'), 'hello, I am text\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dockerlint --image: formats', () => {
  it.each(['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit'] as const)('%s: reports the image findings tied to the Dockerfile, redacted, exit 1', async (format) => {
    const out = await runCli(['--image', 'svc.tar', 'Dockerfile', '--format', format], dir);
    expect(out.code, out.stderr).toBe(1);
    expect(out.stderr).toBe('');
    for (const secret of SECRETS) expect(out.stdout).not.toContain(secret);
    expect(out.stdout).toContain('/app/.env');
    expect(out.stdout).toContain('GITHUB_TOKEN');
    if (format !== 'sarif' && format !== 'json' && format !== 'gitlab') expect(out.stdout).toContain('image-sensitive-file');
  });

  it('json: the .env is tied to the COPY line (no-context-secrets and no-secret-deleted-in-later-layer), the Env to the ENV line', async () => {
    const out = await runCli(['--image', 'svc.tar', 'Dockerfile', '--format', 'json'], dir);
    const [result] = JSON.parse(out.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number; message: string }> }>;
    expect(result!.filePath).toBe(path.join(dir, 'Dockerfile'));
    expect(result!.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['image-secret-in-file', 2, 1],
      ['image-sensitive-file', 2, 1],
      ['image-secret-in-config', 4, 5],
    ]);
    expect(result!.messages[0]!.message).toMatch(/\/app\/settings\.js, visible in the final filesystem; written by COPY \. \/app \(line 2\), which no static rule covers$/);
    expect(result!.messages[1]!.message).toContain('prevented by no-context-secrets and no-secret-deleted-in-later-layer');
    expect(result!.messages[2]!.message).toMatch(/^Env GITHUB_TOKEN=ghp_…\S{3} \(40 chars\) \(GitHub personal access token \(classic\)\) is in the image configuration; written by ENV GITHUB_TOKEN=placeholder \(line 4\), prevented by no-secret-env$/);
  });

  it('without a Dockerfile: findings are reported on the archive itself', async () => {
    const out = await runCli(['--image', 'svc.tar', '--format', 'json'], dir);
    const results = JSON.parse(out.stdout) as Array<{ filePath: string; messages: Array<{ line: number }> }>;
    expect(results.map((r) => [r.filePath, r.messages.length])).toEqual([[path.join(dir, 'svc.tar'), 3]]);
  });

  const exe = sarifMultitool();
  it.skipIf(!exe)('SARIF with image findings validates (GitHub rules): logical location for the image, physical for the Dockerfile', async () => {
    const out = await runCli(['--image', 'svc.tar', 'Dockerfile', '--format', 'sarif', '--output-file', 'image.sarif'], dir);
    expect(out.code).toBe(1);
    const problems = validateSarif(exe!, [path.join(dir, 'image.sarif')], dir).filter((r) => r.level === 'error' || r.level === 'warning');
    expect(problems.map((p) => `${p.ruleId}: ${p.text}`)).toEqual([]);
    const noDockerfile = await runCli(['--image', 'svc.tar', '--format', 'sarif', '--output-file', 'image-only.sarif'], dir);
    expect(noDockerfile.code).toBe(1);
    const problemsOnly = validateSarif(exe!, [path.join(dir, 'image-only.sarif')], dir).filter((r) => r.level === 'error' || r.level === 'warning');
    expect(problemsOnly.map((p) => `${p.ruleId}: ${p.text}`)).toEqual([]);
  });
});

describe('dockerlint --image: exit codes and errors', () => {
  it('a clean image exits 0; --quiet and --max-warnings behave as for Dockerfiles', async () => {
    const out = await runCli(['--image', 'clean.tar', '--format', 'json'], dir);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([]);
  });

  it('reads standard input with --image -', async () => {
    const out = await runCli(['--image', '-', '--format', 'json'], dir, () => Readable.from([archive]));
    expect(out.code).toBe(1);
    expect((JSON.parse(out.stdout) as Array<{ filePath: string }>)[0]!.filePath).toBe('<stdin>');
  });

  it.each([
    [['--image', 'not-an-image.tar'], 'dockerlint: --image: not-an-image.tar: not an image archive (neither a tar nor a gzip/zstd-compressed tar)\n'],
    [['--image', 'missing.tar'], 'dockerlint: --image: missing.tar: cannot read (ENOENT)\n'],
    [['--verify'], 'dockerlint: --verify requires --image\n'],
    [['--image', 'svc.tar', '--verify'], 'dockerlint: --verify needs the Dockerfile the image was built from as the path\n'],
    [['--image', 'svc.tar', 'a', 'b'], 'dockerlint: --image takes at most one path: the Dockerfile the image was built from\n'],
    [['--image', 'svc.tar', '--platform', 'amd64'], "dockerlint: --platform expects os/arch[/variant], got 'amd64'\n"],
    [['--image', 'svc.tar', '--image-max-file-size', 'lots'], "dockerlint: --image-max-file-size expects a size such as 1048576, 512k or 4m, got 'lots'\n"],
    [['--image', 'svc.tar', 'Dockerfile.missing'], 'dockerlint: Dockerfile.missing: cannot read (no such file)\n'],
  ])('%j → exit 2 with one line', async (args, stderr) => {
    const out = await runCli(args, dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(stderr);
    expect(out.stdout).toBe('');
  });

  it('--verify lists each static finding with its image status, and what static analysis missed', async () => {
    const out = await runCli(['--image', 'svc.tar', 'Dockerfile', '--verify', '--format', 'json'], dir);
    const [result] = JSON.parse(out.stdout) as Array<{ messages: Array<{ ruleId: string; line: number; message: string }> }>;
    const statuses = result!.messages.map((m) => [m.ruleId, m.line, /\[image: ([a-z -]+?)(?::| in the image|\])/.exec(m.message)?.[1]]);
    expect(statuses).toEqual([
      // A token in a file with an innocent name: no static rule can see it.
      ['image-secret-in-file', 2, 'missed by static analysis'],
      ['no-context-secrets', 2, 'confirmed'],
      ['no-secret-deleted-in-later-layer', 3, 'confirmed'],
      ['no-secret-env', 4, 'confirmed'],
    ]);
    for (const secret of SECRETS) expect(out.stdout).not.toContain(secret);
  });
});
