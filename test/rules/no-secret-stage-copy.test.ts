import { describe, expect, it } from 'vitest';
import { at, lint } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-secret-stage-copy';
const run = (text: string, options: Parameters<typeof lint>[1] = {}) => lint(text, { rules: [RULE], ...options });
const brief = async (text: string, options: Parameters<typeof lint>[1] = {}) => (await run(text, options)).map((f) => `${at(f)} ${f.severity}`);

const BUILDER = [
  'FROM node:20 AS build',
  'ARG NPM_TOKEN',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci',
  'COPY src ./src',
  'RUN npm run build',
  '',
].join('\n');

describe('no-secret-stage-copy: invalid', () => {
  it('the workdir of a builder that wrote .npmrc is copied wholesale (✗ reported)', async () => {
    const findings = await run(`${BUILDER}FROM node:20-slim\nCOPY --from=build /app /app\n`);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@9:19-9:23 error`]);
    expectMessage(findings[0]!, 'copied', { stage: 'build', source: '/app', file: '/app/.npmrc', what: 'written from build arg NPM_TOKEN', adder: 'RUN (echo) in stage build', line: '5' });
    expect(findings[0]!.related).toEqual([{ line: 5, column: 56, endLine: 5, endColumn: 64, message: '/app/.npmrc is put into stage build here' }]);
    expect(findings[0]!.help).toContain('COPY --from=build /app/dist /app/dist');
  });

  it('the whole filesystem, a parent directory, a glob, the file itself', async () => {
    expect(await brief(`${BUILDER}FROM scratch\nCOPY --from=build / /\n`)).toEqual([`${RULE}@9:19-9:20 error`]);
    expect(await brief(`${BUILDER}FROM node:20-slim\nCOPY --from=build /app/ /srv/\n`)).toEqual([`${RULE}@9:19-9:24 error`]);
    expect(await brief(`${BUILDER}FROM node:20-slim\nCOPY --from=build /app/.np* /srv/\n`)).toEqual([`${RULE}@9:19-9:28 error`]);
    expect(await brief(`${BUILDER}FROM node:20-slim\nCOPY --from=build /app/.npmrc /root/.npmrc\n`)).toEqual([`${RULE}@9:19-9:30 error`]);
  });

  it('a credential command in the builder home, copied through /root', async () => {
    const text = 'FROM node:20 AS deps\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN && npm ci -g some-cli\nFROM node:20-slim\nCOPY --from=deps /root /root\n';
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@5:18-5:23 error`]);
    expect(findings[0]!.message).toContain('npm config set …:_authToken writes the credential to /root/.npmrc');
    expect(findings[0]!.help).toContain('--mount=type=secret,id=npmrc,target=/root/.npmrc');
  });

  it('a copy of a secret mount, and a git clone with a token', async () => {
    expect(await brief('FROM alpine AS b\nRUN --mount=type=secret,id=aws cp /run/secrets/aws /root/.aws/credentials\nFROM alpine\nCOPY --from=b /root/.aws /root/.aws\n')).toEqual([`${RULE}@4:15-4:25 error`]);
    expect(await brief('FROM alpine/git AS src\nARG GIT_TOKEN\nWORKDIR /src\nRUN git clone https://x:${GIT_TOKEN}@github.com/org/app.git\nFROM alpine\nCOPY --from=src /src/app /app\n')).toEqual([`${RULE}@6:17-6:25 error`]);
  });

  it('a sensitive file copied from the build context into the builder', async () => {
    const text = 'FROM node:20 AS build\nWORKDIR /app\nCOPY .npmrc ./\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\n';
    expect(await brief(text)).toEqual([`${RULE}@6:19-6:23 error`]);
  });

  it('COPY . in the builder with a context that holds .env', async () => {
    const text = 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app /app\n';
    const findings = await run(text, { files: ['.env', 'package.json', 'src/index.ts'] });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@6:19-6:23 error`]);
    expect(findings[0]!.message).toContain('/app/.env (environment file)');
    expect(await run(text, { files: ['.env', 'package.json'], dockerignore: '.env\n' })).toEqual([]);
  });

  it('follows the source stage FROM chain and stage-to-stage copies', async () => {
    expect(await brief(`${BUILDER}FROM build AS test\nRUN npm test\nFROM node:20-slim\nCOPY --from=test /app /app\n`)).toEqual([`${RULE}@11:18-11:22 error`]);
    expect(await brief(`${BUILDER}FROM alpine AS pack\nCOPY --from=build /app /pkg\nFROM alpine\nCOPY --from=pack /pkg /srv\n`)).toEqual([`${RULE}@11:18-11:22 error`]);
  });

  it('an unknown credential (credential.helper store) is a warning', async () => {
    expect(await brief('FROM alpine/git AS b\nRUN git config --global credential.helper store\nFROM alpine\nCOPY --from=b /root/.gitconfig /root/.gitconfig\n')).toEqual([`${RULE}@4:15-4:31 warning`]);
  });

  it('ONBUILD COPY --from and lower-case instructions', async () => {
    expect(await brief(`${BUILDER}from node:20-slim\nonbuild copy --from=build /app /app\n`)).toEqual([`${RULE}@9:27-9:31 error`]);
  });
});

describe('no-secret-stage-copy: valid', () => {
  const safe: Array<[string, string]> = [
    ['only the build output (✓ clean)', `${BUILDER}FROM node:20-slim\nCOPY --from=build /app/dist /app/dist\n`],
    ['removed in the same RUN', 'FROM node:20 AS build\nARG NPM_TOKEN\nWORKDIR /app\nRUN echo "//r/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc\nFROM node:20-slim\nCOPY --from=build /app /app\n'],
    ['removed by a later RUN of the builder', 'FROM node:20 AS build\nARG NPM_TOKEN\nWORKDIR /app\nRUN echo "//r/:_authToken=$NPM_TOKEN" > .npmrc && npm ci\nRUN rm -f .npmrc\nFROM node:20-slim\nCOPY --from=build /app /app\n'],
    ['secret mount at the tool path', 'FROM node:20 AS build\nWORKDIR /app\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\n'],
    ['written below a cache mount', 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN --mount=type=cache,target=/cache echo "$NPM_TOKEN" > /cache/t\nFROM node:20-slim\nCOPY --from=build / /\n'],
    ['an external image', 'FROM node:20-slim\nCOPY --from=docker.io/library/alpine / /alpine\n'],
    ['the secret is outside the copied path', `${BUILDER}FROM node:20-slim\nCOPY --from=build /app/src /app/src\n`],
  ];
  for (const [name, text] of safe) {
    it(name, async () => {
      expect(await run(text)).toEqual([]);
    });
  }

  it('copies into a stage that does not ship are silent unless stages: all', async () => {
    const text = `${BUILDER}FROM alpine AS pack\nCOPY --from=build /app /pkg\nFROM alpine\nRUN true\n`;
    expect(await run(text)).toEqual([]);
    expect(await brief(text, { ruleSettings: { [RULE]: { options: { stages: 'all' } } } })).toEqual([`${RULE}@9:19-9:23 error`]);
  });

  it('honours dockerlint-disable-next-line', async () => {
    expect(await run(`${BUILDER}FROM node:20-slim\n# dockerlint-disable-next-line ${RULE}\nCOPY --from=build /app /app\n`)).toEqual([]);
  });
});
