import { describe, expect, it } from 'vitest';
import { inMemoryBuildContext } from '@dockerlint/core';
import { at, lint, type LintCaseOptions } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-secret-file-copy';
const run = (text: string, options: LintCaseOptions = {}) => lint(text, { rules: [RULE], ...options });
const where = async (text: string, options: LintCaseOptions = {}) => (await run(text, options)).map((f) => `${at(f)} ${f.severity}`);

// Fake PEM headers only: no key material.
const FAKE_PRIVATE_PEM = '-----BEGIN RSA PRIVATE KEY-----\nTUlJRmFrZUZha2VGYWtl\n-----END RSA PRIVATE KEY-----\n';
const FAKE_CERT_PEM = '-----BEGIN CERTIFICATE-----\nTUlJRmFrZUZha2VGYWtl\n-----END CERTIFICATE-----\n';

describe('no-secret-file-copy: explicit credential files are reported (✗)', () => {
  it('COPY .npmrc ./', async () => {
    const findings = await run('FROM node:20\nWORKDIR /app\nCOPY .npmrc ./\nRUN npm ci\n');
    expect(findings.map(at)).toEqual(['no-secret-file-copy@3:6-3:12']);
    expect(findings[0]!.severity).toBe('error');
    expectMessage(findings[0]!, 'copiesFile', { keyword: 'COPY', source: '.npmrc', what: 'an npm config (may hold an auth token)', detail: '' });
    expect(findings[0]!.help).toContain('RUN --mount=type=secret,id=npmrc,target=/app/.npmrc');
    expect(findings[0]!.help).toContain('docker build --secret id=npmrc,src=.npmrc');
  });

  it('COPY deploy_key /root/.ssh/ points to --mount=type=ssh', async () => {
    const findings = await run('FROM alpine\nCOPY deploy_key /root/.ssh/\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@2:6-2:16 error']);
    expect(findings[0]!.message).toContain('a deploy key');
    expect(findings[0]!.help).toContain('RUN --mount=type=ssh');
    expect(findings[0]!.help).toContain('docker build --ssh default');
  });

  it('ADD gcp-credentials.json /app/', async () => {
    expect(await where('FROM python:3.12\nADD gcp-credentials.json /app/\n')).toEqual(['no-secret-file-copy@2:5-2:25 error']);
  });

  it('COPY .env /app/.env recommends runtime env files', async () => {
    const findings = await run('FROM node:20\nCOPY .env /app/.env\n');
    expect(findings.map(at)).toEqual(['no-secret-file-copy@2:6-2:10']);
    expectMessage(findings[0]!, 'copiesFile', { keyword: 'COPY', source: '.env', what: 'an environment file', detail: '' });
    expect(findings[0]!.help).toContain('--env-file');
  });

  it('COPY id_rsa /root/.ssh/id_rsa and ADD .ssh/id_rsa', async () => {
    const findings = await run('FROM alpine\nCOPY id_rsa /root/.ssh/id_rsa\nADD .ssh/id_rsa /root/.ssh/id_rsa\n');
    expect(findings.map(at)).toEqual(['no-secret-file-copy@2:6-2:12', 'no-secret-file-copy@3:5-3:16']);
    expectMessage(findings[0], 'copiesFile', { keyword: 'COPY', source: 'id_rsa', what: 'an SSH private key', detail: '' });
    expectMessage(findings[1], 'copiesFile', { keyword: 'ADD', source: '.ssh/id_rsa', what: 'an SSH private key', detail: '' });
  });

  it('one finding per sensitive source of a multi-source COPY', async () => {
    expect(await where('FROM node:20\nCOPY package.json .npmrc .env.production ./\n')).toEqual([
      'no-secret-file-copy@2:19-2:25 error',
      'no-secret-file-copy@2:26-2:41 error',
    ]);
  });

  it('sensitive directories: .aws, .ssh, .git', async () => {
    const findings = await run('FROM alpine\nCOPY .aws /root/.aws\nCOPY .ssh /root/.ssh\nCOPY .git /src/.git\n');
    expect(findings.map(at)).toEqual(['no-secret-file-copy@2:6-2:10', 'no-secret-file-copy@3:6-3:10', 'no-secret-file-copy@4:6-4:10']);
    expectMessage(findings[0]!, 'copiesFile', { keyword: 'COPY', source: '.aws', what: 'the AWS credentials directory (.aws/)', detail: '' });
    expect(findings[2]!.help).toContain('.git');
  });

  it('./-prefixed and --chown/--chmod copies', async () => {
    expect(await where('FROM node:20\nCOPY --chown=node:node --chmod=600 ./.npmrc /home/node/.npmrc\n')).toEqual(['no-secret-file-copy@2:36-2:44 error']);
  });

  it('a variable that resolves to a credential file', async () => {
    expect(await where('FROM node:20\nARG RC=.npmrc\nCOPY ${RC} ./\n')).toEqual(['no-secret-file-copy@3:6-3:11 error']);
  });

  it('a remote ADD of a key file', async () => {
    const findings = await run('FROM alpine\nADD https://files.example.com/keys/id_ed25519?sig=abc /root/.ssh/id_ed25519\n');
    expect(findings.map(at)).toEqual(['no-secret-file-copy@2:5-2:54']);
    expectMessage(findings[0]!, 'downloads', { keyword: 'ADD', source: 'https://files.example.com/keys/id_ed25519', what: 'an SSH private key' });
  });

  it('COPY --from=<external image> of a credential path', async () => {
    const findings = await run('FROM alpine\nCOPY --from=registry.example.com/ci/secrets:1 /root/.docker/config.json /root/.docker/config.json\n');
    expect(findings.map(at)).toEqual(['no-secret-file-copy@2:47-2:72']);
    expectMessage(findings[0]!, 'copiesFromImage', { keyword: 'COPY', image: 'registry.example.com/ci/secrets:1', source: '/root/.docker/config.json', what: 'a Docker registry credentials' });
  });
});

describe('no-secret-file-copy: safe copies stay clean (✓)', () => {
  it.each([
    ['manifests', 'FROM node:20\nCOPY package.json package-lock.json ./\n'],
    ['a stage copy', 'FROM node:20 AS build\nRUN npm run build\nFROM nginx\nCOPY --from=build /app/dist /app\n'],
    ['a public key', 'FROM alpine\nCOPY public.pem /etc/ssl/certs/\nCOPY id_rsa.pub /root/.ssh/\n'],
    ['an env template', 'FROM php:8\nCOPY .env.example .env\nCOPY .env.sample /app/\n'],
    ['CA certificates by name', 'FROM alpine\nCOPY ca.pem /usr/local/share/ca-certificates/\nCOPY certs/fullchain.pem /etc/nginx/\n'],
    ['known_hosts inside .ssh', 'FROM alpine\nCOPY .ssh/known_hosts /root/.ssh/known_hosts\n'],
    ['git HEAD for a version stamp', 'FROM alpine\nCOPY .git/HEAD /app/.git/HEAD\n'],
    ['a heredoc', 'FROM alpine\nCOPY <<EOF /app/.env\nNODE_ENV=production\nEOF\n'],
    ['an unresolved variable', 'FROM alpine\nCOPY ${KEY_FILE} /app/\n'],
    ['a normal ADD URL', 'FROM alpine\nADD https://example.com/app.tar.gz /tmp/\n'],
  ])('%s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});

describe('no-secret-file-copy: content sniffing with a build context', () => {
  const contextWith = (contents: Record<string, string>, dockerignore?: string) =>
    inMemoryBuildContext(Object.keys(contents), dockerignore, { contents });

  it('a .pem holding a CERTIFICATE is fine', async () => {
    expect(await run('FROM alpine\nCOPY ca.pem server.pem /usr/local/share/ca-certificates/\n', { buildContext: contextWith({ 'ca.pem': FAKE_CERT_PEM, 'server.pem': FAKE_CERT_PEM }) })).toEqual([]);
  });

  it('a .pem holding a PRIVATE KEY is an error', async () => {
    const findings = await run('FROM alpine\nCOPY server.pem /etc/ssl/\n', { buildContext: contextWith({ 'server.pem': FAKE_PRIVATE_PEM }) });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@2:6-2:16 error']);
    expectMessage(findings[0]!, 'copiesFile', { keyword: 'COPY', source: 'server.pem', what: 'a private key', detail: ' (the file holds a private key)' });
    expect(findings[0]!.message).not.toContain('TUlJ');
  });

  it('any file whose content is a private key, whatever its name', async () => {
    const findings = await run('FROM alpine\nCOPY signing.txt /opt/\n', { buildContext: contextWith({ 'signing.txt': FAKE_PRIVATE_PEM }) });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@2:6-2:17 error']);
  });

  it('a low-confidence name without a context is a warning', async () => {
    expect(await where('FROM alpine\nCOPY server.pem /etc/ssl/\n')).toEqual(['no-secret-file-copy@2:6-2:16 warning']);
  });

  it('a file the .dockerignore excludes is never sent, so never copied', async () => {
    expect(await run('FROM node:20\nCOPY .npmrc ./\n', { files: ['.npmrc', 'package.json'], dockerignore: '.npmrc\n' })).toEqual([]);
  });

  it('globs: left to no-context-secrets with a context; a warning on credential-looking patterns without one', async () => {
    expect(await run('FROM alpine\nCOPY .env* ./\n', { files: ['.env.production'] })).toEqual([]);
    expect(await where('FROM alpine\nCOPY .env* *.pem ./\nCOPY *.json ./\n')).toEqual(['no-secret-file-copy@2:6-2:11 warning', 'no-secret-file-copy@2:12-2:17 warning']);
  });
});

describe('no-secret-file-copy: stages, ONBUILD, syntax variants, directives', () => {
  it('a builder stage that does not ship is silent unless stages: all', async () => {
    const text = 'FROM node:20 AS build\nCOPY .npmrc ./\nRUN npm ci && npm run build\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n';
    expect(await run(text)).toEqual([]);
    expect(await where(text, { ruleSettings: { [RULE]: { options: { stages: 'all' } } } })).toEqual(['no-secret-file-copy@2:6-2:12 error']);
  });

  it('--target picks the stage that ships', async () => {
    const text = 'FROM node:20 AS dev\nCOPY .env ./\nFROM node:20 AS prod\nCOPY package.json ./\n';
    expect(await run(text)).toEqual([]);
    expect(await where(text, { target: 'dev' })).toEqual(['no-secret-file-copy@2:6-2:10 error']);
  });

  it('a stage the final stage is built FROM ships', async () => {
    expect(await where('FROM node:20 AS base\nCOPY .npmrc /root/.npmrc\nFROM base\nRUN npm ci\n')).toEqual(['no-secret-file-copy@2:6-2:12 error']);
  });

  it('ONBUILD triggers are reported as they apply in the child image', async () => {
    const findings = await run('FROM node:20\nONBUILD COPY .npmrc /root/.npmrc\n');
    expect(findings.map(at)).toEqual(['no-secret-file-copy@2:14-2:20']);
    expectMessage(findings[0]!, 'copiesFile', { keyword: 'ONBUILD COPY', source: '.npmrc', what: 'an npm config (may hold an auth token)', detail: '' });
  });

  it('lower-case instructions, line continuations and the escape directive', async () => {
    expect(await where('from alpine\ncopy id_ed25519 \\\n  /root/.ssh/\n')).toEqual(['no-secret-file-copy@2:6-2:16 error']);
    expect(await where('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY `\n  .npmrc C:/app/\n')).toEqual(['no-secret-file-copy@4:3-4:9 error']);
  });

  it('exec (JSON) form', async () => {
    expect(await where('FROM alpine\nCOPY ["credentials.json", "/app/"]\n')).toEqual(['no-secret-file-copy@2:7-2:25 error']);
  });

  it('honours dockerlint-disable-next-line', async () => {
    expect(await run('FROM alpine\n# dockerlint-disable-next-line no-secret-file-copy -- test key\nCOPY id_rsa /root/.ssh/\n')).toEqual([]);
  });

  it('options: sensitiveFiles adds globs, allowFiles exempts them', async () => {
    expect(await where('FROM alpine\nCOPY config/prod.secret.yaml /app/\n', { ruleSettings: { [RULE]: { options: { sensitiveFiles: ['*.secret.yaml'] } } } }))
      .toEqual(['no-secret-file-copy@2:6-2:29 error']);
    expect(await run('FROM alpine\nCOPY test/fixtures/dev.key /app/\n', { ruleSettings: { [RULE]: { options: { allowFiles: ['test/fixtures/**'] } } } })).toEqual([]);
  });
});

describe('no-secret-file-copy: suggestion', () => {
  it('removes the COPY and mounts the file on the next RUN', async () => {
    const findings = await run('FROM node:20\nWORKDIR /app\nCOPY .npmrc ./\nRUN npm ci\n');
    const suggestion = findings[0]!.suggestions?.[0];
    expect(findings[0]!.fix).toBeUndefined();
    expect(suggestion?.description).toContain('docker build --secret id=npmrc,src=.npmrc');
    expect(suggestion?.edits).toEqual([
      { range: { start: { line: 3, column: 1 }, end: { line: 4, column: 1 } }, text: '' },
      { range: { start: { line: 4, column: 4 }, end: { line: 4, column: 4 } }, text: ' --mount=type=secret,id=npmrc,target=/app/.npmrc' },
    ]);
  });

  it('uses --mount=type=ssh for SSH keys and removes only the word of a multi-source COPY', async () => {
    const findings = await run('FROM alpine\nCOPY app.sh id_rsa /root/\nRUN ./app.sh\n');
    expect(findings[0]!.suggestions?.[0]?.edits).toEqual([
      { range: { start: { line: 2, column: 13 }, end: { line: 2, column: 20 } }, text: '' },
      { range: { start: { line: 3, column: 4 }, end: { line: 3, column: 4 } }, text: ' --mount=type=ssh' },
    ]);
  });
});

describe('no-secret-file-copy: credential files named by variables (Trivy DS-0031)', () => {
  it('GOOGLE_APPLICATION_CREDENTIALS pointing into a directory copied from the context', async () => {
    const findings = await run('FROM busybox\nCOPY /src /app/\nENV GOOGLE_APPLICATION_CREDENTIALS=./app/google-storage-service.json\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@3:36-3:69 error']);
    expectMessage(findings[0]!, 'credentialPath', { name: 'GOOGLE_APPLICATION_CREDENTIALS', path: '/app/google-storage-service.json', keyword: 'COPY', source: '/src', line: '2' });
    expect(findings[0]!.related?.[0]).toMatchObject({ line: 2, column: 6 });
  });

  it('COPY . . and a quoted relative path, and an ARG', async () => {
    expect(await where('FROM busybox\nCOPY . .\nENV GOOGLE_APPLICATION_CREDENTIALS="./news-extraction.json"\n')).toEqual(['no-secret-file-copy@3:36-3:60 error']);
    expect(await where('FROM busybox\nCOPY /src /app/\nARG GOOGLE_APPLICATION_CREDENTIALS=./app/key.json\n')).toEqual(['no-secret-file-copy@3:36-3:50 error']);
  });

  it('✓ a path no COPY fills, a secret mount path, or a file missing from the context (mounted at run time)', async () => {
    expect(await run('FROM busybox\nCOPY /src /src\nENV GOOGLE_APPLICATION_CREDENTIALS=./app/google-storage-service.json\n')).toEqual([]);
    expect(await run('FROM busybox\nENV GOOGLE_APPLICATION_CREDENTIALS=/credentials/google-storage-service.json\n')).toEqual([]);
    expect(await run('FROM busybox\nCOPY . .\nENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp\n')).toEqual([]);
    expect(await run('FROM node:20\nWORKDIR /app\nCOPY . .\nENV GOOGLE_APPLICATION_CREDENTIALS=/app/key.json\n', { files: ['src/index.js'] })).toEqual([]);
    expect(await where('FROM node:20\nWORKDIR /app\nCOPY . .\nENV GOOGLE_APPLICATION_CREDENTIALS=/app/key.json\n', { files: ['key.json'] })).toEqual(['no-secret-file-copy@4:36-4:49 error']);
  });

  it('COPY into $AWS_CONFIG_FILE', async () => {
    const findings = await run('FROM busybox\nCOPY ./config $AWS_CONFIG_FILE\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@2:6-2:14 error']);
    expectMessage(findings[0]!, 'copiesToCredentialPath', { keyword: 'COPY', source: './config', variable: 'AWS_CONFIG_FILE' });
  });
});

describe('no-secret-file-copy: *.env files are judged by their content', () => {
  it('✓ without content (meta.env is metadata as often as not)', async () => {
    expect(await run('FROM alpine\nCOPY library-scripts/meta.env /usr/local/etc/\n')).toEqual([]);
  });

  it('✗ a *.env that assigns a secret-named variable a literal', async () => {
    const contents = { 'prod.env': 'APP_NAME=demo\nDB_PASSWORD=fake-db-password-for-tests\n', 'meta.env': 'VERSION=1.2\nDEFINITION_ID=cpp\n', 'ci.env': 'API_TOKEN=${API_TOKEN}\n' };
    const buildContext = inMemoryBuildContext(Object.keys(contents), undefined, { contents });
    const findings = await run('FROM alpine\nCOPY prod.env meta.env ci.env /etc/app/\n', { buildContext });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@2:6-2:14 error']);
    expectMessage(findings[0]!, 'copiesFile', { keyword: 'COPY', source: 'prod.env', what: 'an environment file', detail: ' (it assigns secret-named variables)' });
    expect(findings[0]!.message).not.toContain('fake-db-password');
  });
});
