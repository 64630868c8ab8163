import { describe, expect, it } from 'vitest';
import { initialize, lintText, noBuildContext, type Finding, type ResolvedConfig } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { rules } from '@dockerlint/rules';
import { at, lint } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-secret-env';
const run = (text: string, options: Parameters<typeof lint>[1] = {}) => lint(text, { rules: [RULE], ...options });
const brief = (f: Finding) => `${at(f)} ${f.severity}`;

describe('no-secret-env: invalid', () => {
  it('reports a literal secret under a secret-like name as an error on the pair', async () => {
    const findings = await run('FROM ruby:3.3\nENV DB_PASSWORD=Sup3rS3cret!\n');
    expect(findings.map(brief)).toEqual(['no-secret-env@2:5-2:29 error']);
    expectMessage(findings[0]!, 'literal', { name: 'DB_PASSWORD', where: '' });
    expect(findings[0]!.message).not.toContain('Sup3rS3cret');
  });

  it('reports an ENV copied from a secret-like ARG, with the ARG as related location', async () => {
    const findings = await run('FROM node:20\nARG NPM_TOKEN\nENV NODE_AUTH_TOKEN=$NPM_TOKEN\nRUN npm ci\n');
    expect(findings.map(brief)).toEqual(['no-secret-env@3:5-3:31 error']);
    expectMessage(findings[0]!, 'derived', { name: 'NODE_AUTH_TOKEN', source: 'build arg NPM_TOKEN', where: '' });
    expect(findings[0]!.related).toEqual([{ line: 2, column: 5, message: 'build arg NPM_TOKEN is declared here' }]);
    expect(findings[0]!.help).toContain('RUN --mount=type=secret,id=npm_token,env=NODE_AUTH_TOKEN');
  });

  it('reports ENV SECRET_KEY_BASE=$SECRET_KEY_BASE', async () => {
    const findings = await run('FROM ruby:3.3\nARG SECRET_KEY_BASE\nENV SECRET_KEY_BASE=${SECRET_KEY_BASE}\n');
    expect(findings.map(brief)).toEqual(['no-secret-env@3:5-3:39 error']);
  });

  it('reports any ENV that interpolates a secret-like variable', async () => {
    const findings = await run('FROM python:3.12\nARG DB_USER\nARG DB_PASS\nENV DATABASE_URL=postgres://${DB_USER}:${DB_PASS}@db/app\n');
    expect(findings.map(brief)).toEqual(['no-secret-env@4:5-4:57 error']);
    expectMessage(findings[0]!, 'derived', { name: 'DATABASE_URL', source: 'build arg DB_PASS', where: '' });
  });

  it('reports a literal that only looks weak (guest2) as an error', async () => {
    expect((await run('FROM rabbitmq:3\nENV RABBITMQ_DEFAULT_PASS=guest2\n')).map(brief)).toEqual(['no-secret-env@2:5-2:33 error']);
  });

  it.each([
    ['ENV DB_PASSWORD=changeme', 'no-secret-env@2:5-2:25'],
    ['ENV MYSQL_ROOT_PASSWORD=root', 'no-secret-env@2:5-2:29'],
    ['ENV POSTGRES_PASSWORD postgres', 'no-secret-env@2:5-2:31'],
    ['ENV API_KEY=<your-api-key>', 'no-secret-env@2:5-2:27'],
  ])('reports a weak placeholder default as a warning: %s', async (line, position) => {
    const findings = await run(`FROM alpine\n${line}\n`);
    expect(findings.map(brief)).toEqual([`${position} warning`]);
    expect(findings[0]!.messageId).toBe('weakDefault');
  });

  it('reports provider tokens under secret names, legacy syntax and multi-pair ENV', async () => {
    const key = fakes.openaiKey(3);
    const findings = await run(`FROM python:3.12\nENV LANG=C.UTF-8 OPENAI_API_KEY=${key}\nENV HF_TOKEN ${fakes.huggingfaceToken(2)}\n`);
    expect(findings.map(brief)).toEqual([`no-secret-env@2:18-2:${33 + key.length} error`, 'no-secret-env@3:5-3:51 error']);
  });

  it('reports ENV of a stage the final stage inherits FROM', async () => {
    const text = 'FROM node:20 AS base\nENV API_TOKEN=t0k3n-abc-123\nFROM base\nCMD ["node", "server.js"]\n';
    expect((await run(text)).map(at)).toEqual(['no-secret-env@2:5-2:28']);
  });

  it('reports ONBUILD ENV as it applies in child images', async () => {
    const findings = await run('FROM node:20\nARG NPM_TOKEN\nONBUILD ENV NPM_TOKEN=$NPM_TOKEN\n');
    expect(findings.map(at)).toEqual(['no-secret-env@3:13-3:33']);
    expect(findings[0]!.message).toContain('ONBUILD');
  });

  it('handles lower-case instructions, continuation lines and the escape directive', async () => {
    const text = '# escape=`\nFROM alpine\nenv A=1 `\n    JWT_SECRET=9f8e7d6c5b4a `\n    B=2\n';
    expect((await run(text)).map(at)).toEqual(['no-secret-env@4:5-4:28']);
  });
});

describe('no-secret-env: valid', () => {
  it.each([
    'ENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305',
    'ENV GPG_KEYS=1729F83938DA44E27BA0F4D3DBDB397470D12172 B1B44D8F021E4E2D6021E995DC9FF8D3EE5AF27F',
    'ENV NODE_GPG_KEYS="4ED778F539E3634C779C87C6D7062848A1AB005C 94AE36675C464D64BAFA68DD7434390BDBE9B9C5"',
    'ENV RABBITMQ_PGP_KEY_ID=0x0A9AF2115F4687BD29803A206B73A36E6026DFCA',
    'ENV PYTHON_GET_PIP_SHA256 dfe9fd5c28dc98b5ac17979a953ea550cec37ae1b47a5116007395bfacff2ab9',
    'ENV SSH_AUTH_SOCK=/ssh-agent',
    'ENV POSTGRES_PASSWORD_FILE=/run/secrets/db',
    'ENV TOKENIZERS_PARALLELISM=false',
    'ENV NEXT_PUBLIC_API_KEY=pk_abc123',
    'ENV PASSWORD=',
    'ENV DB_PASSWORD=""',
    'ENV API_TOKEN_HEADER=X-Api-Token',
    'ENV AUTH_HEADER=Authorization',
    'ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes',
    'ENV REQUIRE_MFA_AUTH=true',
    'ENV ACCESS_TOKEN_TTL=3600',
    'ENV TOKEN_URL=https://auth.example.com/oauth/token',
    'ENV DATABASE_URL=postgres://app@db:5432/app',
    'ENV PATH=$PATH:/opt/app/bin',
    'ENV DB_PASSWORD=$DB_PASSWORD',
    'ENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json',
    'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    'ENV NODE_VERSION=22.1.0',
    'ENV KEY=value',
  ])('%s', async (line) => {
    expect(await run(`FROM alpine\n${line}\n`)).toEqual([]);
  });

  it('does not treat a secret mount env as something ENV could copy', async () => {
    expect(await run('FROM alpine\nRUN --mount=type=secret,id=t,env=GH_TOKEN gh api /user\nENV GH_TOKEN_PATH=/run/secrets/t\n')).toEqual([]);
  });

  it('does not report an ENV that uses a global ARG the stage did not re-declare (it expands to empty)', async () => {
    expect(await run('ARG NPM_TOKEN\nFROM node:20\nENV NODE_AUTH_TOKEN=$NPM_TOKEN\n')).toEqual([]);
  });

  it('stays silent in stages that do not ship, unless stages: "all"', async () => {
    const text = 'FROM node:20 AS build\nENV NPM_TOKEN=s3cr3t-npm-value\nRUN npm ci\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n';
    expect(await run(text)).toEqual([]);
    expect((await run(text, { ruleSettings: { [RULE]: { options: { stages: 'all' } } } })).map(at)).toEqual(['no-secret-env@2:5-2:31']);
  });

  it("honours BuildKit's # check=skip=SecretsUsedInArgOrEnv per instruction and per file", async () => {
    const text = [
      'FROM scratch',
      'ENV SUPER_Secret=foo2bar',
      '# check=skip=SecretsUsedInArgOrEnv // allow secret in environment',
      'ENV password=bar2baz',
      '# check=skip=all // is local to only this instruction',
      'ENV alternate_password=bar3qux',
      '',
    ].join('\n');
    expect((await run(text)).map(at)).toEqual(['no-secret-env@2:5-2:25']);
    expect(await run(`# check=skip=SecretsUsedInArgOrEnv\n${text}`)).toEqual([]);
  });

  it('honours dockerlint-disable-next-line and the config allowlist', async () => {
    const text = 'FROM alpine\n# dockerlint-disable-next-line no-secret-env\nENV API_KEY=abc123xyz\nENV APP_SECRET=abc456xyz\n';
    expect((await run(text)).map(at)).toEqual(['no-secret-env@4:5-4:25']);
    await initialize();
    const config: ResolvedConfig = { files: [], rules: {}, ignores: [], allowlist: { names: ['APP_SECRET'], values: [/^abc123/], fingerprints: [] }, context: [] };
    const result = lintText({ filePath: 'Dockerfile', text: 'FROM alpine\nENV API_KEY=abc123xyz\nENV APP_SECRET=abc456xyz\nENV JWT_SECRET=zzz789yyy\n', rules, config, onlyRules: [RULE], buildContext: noBuildContext() });
    expect(result.findings.map(at)).toEqual(['no-secret-env@4:5-4:25']);
  });
});
