import { describe, expect, it } from 'vitest';
import { fakes } from '@dockerlint/core/testing';
import { at, lint } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-secret-deleted-in-later-layer';
const run = (text: string, options: Parameters<typeof lint>[1] = {}) => lint(text, { rules: [RULE], ...options });
const brief = async (text: string, options: Parameters<typeof lint>[1] = {}) => (await run(text, options)).map((f) => `${at(f)} ${f.severity}`);

describe('no-secret-deleted-in-later-layer: invalid', () => {
  it('COPY of a client key, removed by a later RUN (✗ reported)', async () => {
    const text = 'FROM alpine\nCOPY certs/client.key /tmp/\nRUN use-it && rm /tmp/client.key\n';
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@3:18-3:33 error`]);
    expectMessage(findings[0]!, 'deleted', { remover: 'rm', file: '/tmp/client.key', what: 'private key', adder: 'COPY', line: '2' });
    expect(findings[0]!.related).toEqual([{ line: 2, column: 6, endLine: 2, endColumn: 22, message: '/tmp/client.key was added to a layer here (COPY)' }]);
    expect(findings[0]!.help).toContain('RUN --mount=type=secret,id=<id>,target=/tmp/client.key');
  });

  it('.npmrc copied, used by npm ci, removed later', async () => {
    const text = 'FROM node:20\nWORKDIR /root\nCOPY .npmrc /root/.npmrc\nRUN npm ci\nRUN rm /root/.npmrc\n';
    expect(await brief(text)).toEqual([`${RULE}@5:8-5:20 error`]);
  });

  it('relative paths against WORKDIR, and `COPY .npmrc .`', async () => {
    expect(await brief('FROM node:16-alpine\nWORKDIR /app\nCOPY .npmrc .\nRUN npm ci --only=prod\nRUN rm -f .npmrc\n')).toEqual([`${RULE}@5:11-5:17 error`]);
  });

  it('a renamed copy: COPY .npmrc-ci .npmrc', async () => {
    expect(await brief('FROM node:14\nWORKDIR /usr/src/app\nCOPY .npmrc-ci .npmrc\nRUN npm install\nRUN rm -f .npmrc\n')).toEqual([`${RULE}@5:11-5:17 error`]);
  });

  it('a file written from a build arg in one RUN, removed in another', async () => {
    const text = 'FROM golang:1.22\nARG SSH_KEY\nRUN mkdir -p /root/.ssh\nRUN echo "$SSH_KEY" > /root/.ssh/id_rsa\nRUN go mod download\nRUN rm /root/.ssh/id_rsa\n';
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@6:8-6:25 error`]);
    expectMessage(findings[0]!, 'deleted', { remover: 'rm', file: '/root/.ssh/id_rsa', what: 'written from build arg SSH_KEY', adder: 'RUN (echo)', line: '4' });
  });

  it('a heredoc file holding a token, removed later', async () => {
    const token = fakes.githubClassic(5);
    const text = `FROM alpine\nCOPY <<EOF /opt/token.txt\n${token}\nEOF\nRUN rm /opt/token.txt\n`;
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@5:8-5:22 error`]);
    expect(JSON.stringify(findings)).not.toContain(token);
  });

  it('a directory or glob removal covering the file', async () => {
    expect(await brief('FROM alpine\nCOPY id_ed25519 /root/.ssh/id_ed25519\nRUN rm -rf /root/.ssh\n')).toEqual([`${RULE}@3:12-3:22 error`]);
    expect(await brief('FROM alpine\nCOPY server.key /etc/ssl/private/\nRUN rm -f /etc/ssl/private/*.key\n')).toEqual([`${RULE}@3:11-3:33 error`]);
  });

  it('shred -u and unlink', async () => {
    expect(await brief('FROM alpine\nCOPY .env /app/.env\nRUN shred -u /app/.env\n')).toEqual([`${RULE}@3:14-3:23 error`]);
    expect(await brief('FROM alpine\nCOPY .env /app/.env\nRUN unlink /app/.env\n')).toEqual([`${RULE}@3:12-3:21 error`]);
  });

  it('a credential stored by one RUN, taken out by a logout in a later RUN', async () => {
    const text = 'FROM docker:27\nARG REGISTRY_PASSWORD\nRUN echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.com\nRUN docker pull registry.example.com/base && docker logout registry.example.com\n';
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@4:46-4:80 error`]);
    expectMessage(findings[0], 'rewritten', { remover: 'docker logout', file: '/root/.docker/config.json', what: 'written from build arg REGISTRY_PASSWORD', adder: 'RUN (docker)', line: 3 });
  });

  it('added in a base stage, removed in the child stage', async () => {
    const text = 'FROM node:20 AS base\nWORKDIR /app\nCOPY .npmrc ./\nRUN npm ci\nFROM base\nRUN rm -f /app/.npmrc\n';
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@6:11-6:22 error`]);
    expect(findings[0]!.related?.[0]?.line).toBe(3);
  });

  it('COPY . without a build context on disk, then rm of a sensitive name', async () => {
    expect(await brief('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN rm /app/.npmrc\nRUN yarn\n')).toEqual([`${RULE}@4:8-4:19 error`]);
  });

  it('COPY . with a build context: only files that really were copied', async () => {
    const text = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN rm -rf .git .env && npm ci\n';
    const findings = await run(text, { files: ['.git/config', '.env', 'package.json'], dockerignore: '.git\n' });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@4:17-4:21 error`]);
    expect(await run(text, { files: ['package.json'] })).toEqual([]);
  });

  it('a sensitive file brought from another stage, removed later', async () => {
    const text = 'FROM alpine AS keys\nCOPY deploy_key /keys/deploy_key\nFROM alpine\nCOPY --from=keys /keys /keys\nRUN rm -rf /keys\n';
    expect(await brief(text)).toEqual([`${RULE}@5:12-5:17 error`]);
  });

  it('ONBUILD triggers, as a child image runs them', async () => {
    const text = 'FROM node:20\nONBUILD COPY .npmrc /app/.npmrc\nONBUILD RUN npm ci && rm /app/.npmrc\n';
    expect(await brief(text)).toEqual([`${RULE}@3:26-3:37 error`]);
  });

  it('lower-case instructions, continuations, escape directive', async () => {
    expect(await brief('from alpine\ncopy .env /app/.env\nrun echo hi && \\\n    rm /app/.env\n')).toEqual([`${RULE}@4:8-4:17 error`]);
    expect(await brief('# escape=`\nFROM alpine\nCOPY .env /app/.env\nRUN echo hi && `\n    rm /app/.env\n')).toEqual([`${RULE}@5:8-5:17 error`]);
  });
});

describe('no-secret-deleted-in-later-layer: valid', () => {
  const safe: Array<[string, string, Parameters<typeof lint>[1]?]> = [
    ['same RUN (✓ clean)', 'FROM alpine\nRUN --mount=type=secret,id=x,env=X echo "$X" > /tmp/k && use /tmp/k && rm /tmp/k\n'],
    ['apt lists are not sensitive', 'FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n'],
    ['rm before the copy', 'FROM node:20\nWORKDIR /app\nRUN rm -f .npmrc\nCOPY . .\n'],
    ['a public certificate', 'FROM alpine\nCOPY ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates && rm /usr/local/share/ca-certificates/ca.crt\n'],
    ['secret mounted for the RUN', 'FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nRUN rm -f /root/.npmrc\n'],
    ['known_hosts is public', 'FROM alpine\nRUN ssh-keyscan github.com >> /root/.ssh/known_hosts\nRUN rm -rf /root/.ssh\n'],
    ['a shell glob does not match dotfiles', 'FROM alpine\nCOPY .env /app/.env\nRUN rm -rf /app/*\n'],
    ['written to a tmpfs mount', 'FROM alpine\nARG API_TOKEN\nRUN --mount=type=tmpfs,target=/scratch echo "$API_TOKEN" > /scratch/t\nRUN rm -f /scratch/t\n'],
    ['a builder stage that does not ship', 'FROM alpine AS build\nCOPY id_rsa /root/.ssh/id_rsa\nRUN rm /root/.ssh/id_rsa\nFROM alpine\nRUN true\n'],
    ['a template .env written as literal text', 'FROM alpine\nRUN echo "PORT=8080" > /app/.env\nRUN rm /app/.env\n'],
    ['COPY . with a context where the file does not exist', 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN rm -f .npmrc\n', { files: ['package.json', 'src/index.js'] }],
  ];
  for (const [name, text, options] of safe) {
    it(name, async () => {
      expect(await run(text, options)).toEqual([]);
    });
  }

  it('stages: all reports in builder stages too', async () => {
    const text = 'FROM alpine AS build\nCOPY id_rsa /root/.ssh/id_rsa\nRUN rm /root/.ssh/id_rsa\nFROM alpine\nRUN true\n';
    expect(await brief(text, { ruleSettings: { [RULE]: { options: { stages: 'all' } } } })).toEqual([`${RULE}@3:8-3:25 error`]);
    expect(await brief(text, { target: 'build' })).toEqual([`${RULE}@3:8-3:25 error`]);
  });

  it('honours dockerlint-disable-next-line', async () => {
    expect(await run('FROM alpine\nCOPY .env /app/.env\n# dockerlint-disable-next-line no-secret-deleted-in-later-layer\nRUN rm /app/.env\n')).toEqual([]);
  });
});
