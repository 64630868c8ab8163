import { describe, expect, it } from 'vitest';
import { initialize, lintText, noBuildContext, type Finding, type ResolvedConfig, type TextEdit } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { rules } from '@dockerlint/rules';
import { at, lint } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-secret-arg';
const run = (text: string, options: Parameters<typeof lint>[1] = {}) => lint(text, { rules: [RULE], ...options });

/** Applies text edits (Dockerfile positions) to `text`, last edit first. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; column: number }) => (starts[p.line - 1] ?? text.length) + p.column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.text + out.slice(offset(edit.range.end));
  return out;
}

describe('no-secret-arg: invalid', () => {
  it('reports ARG NPM_TOKEN followed by a RUN as an error naming that RUN (the value is in its history entry)', async () => {
    const findings = await run('FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n');
    expect(findings.map((f) => `${at(f)} ${f.severity} ${f.messageId}`)).toEqual(['no-secret-arg@2:5-2:14 error secretArgInHistory']);
    const [finding] = findings as [Finding];
    expectMessage(finding, 'secretArgInHistory', { name: 'NPM_TOKEN', runs: 'the RUN at line 3', where: '' });
    expect(finding.related).toEqual([{ line: 3, column: 1, message: 'NPM_TOKEN is recorded in the history entry of this RUN' }]);
    expect(finding.help).toContain('RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN');
    expect(finding.help).toContain('docker build --secret id=npm_token,env=NPM_TOKEN');
  });

  it('counts every later RUN of the stage, referenced or not, and names the first', async () => {
    const text = 'FROM python:3.12\nRUN echo before\nARG PYPI_TOKEN\nCOPY . .\nRUN pip install --extra-index-url https://__token__:${PYPI_TOKEN}@pypi.example.com/simple -r req.txt\nRUN echo done\n';
    const [finding, ...rest] = await run(text);
    expect(rest).toEqual([]);
    expect(`${at(finding!)} ${finding!.severity}`).toBe('no-secret-arg@3:5-3:15 error');
    expectMessage(finding!, 'secretArgInHistory', { name: 'PYPI_TOKEN', runs: 'the 2 RUNs after it (the first at line 5)', where: '' });
    expect(finding!.related?.map((r) => r.line)).toEqual([5, 6]);
  });

  it('reports an ARG with no RUN after it as a warning (provenance only)', async () => {
    const findings = await run('FROM node:20\nRUN npm ci\nARG NPM_TOKEN\nCOPY . .\nCMD ["node", "index.js"]\n');
    expect(findings.map((f) => `${at(f)} ${f.severity} ${f.messageId}`)).toEqual(['no-secret-arg@3:5-3:14 warning secretArgProvenance']);
    expectMessage(findings[0]!, 'secretArgProvenance', { name: 'NPM_TOKEN', where: '' });
    expect(findings[0]!.related).toBeUndefined();
  });

  it('does not count RUNs of another stage, even one built FROM the ARG\'s stage (ARGs are stage-scoped)', async () => {
    const text = 'FROM node:20 AS base\nARG NPM_TOKEN\nFROM base\nRUN npm ci\n';
    expect((await run(text)).map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@2:5-2:14 warning']);
  });

  it('is an error for basic-auth and curl credentials fed by a build arg', async () => {
    const text = 'FROM debian:12\nARG NEXUS_USER\nARG NEXUS_PASS\nRUN curl -fsSu "$NEXUS_USER:$NEXUS_PASS" -o /tmp/app.tgz https://nexus.example.com/app.tgz\n';
    expect((await run(text)).map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@3:5-3:15 error']);
  });

  it('reports a literal default as an error (without echoing the value)', async () => {
    const token = fakes.githubClassic(7);
    const findings = await run(`FROM alpine\nARG GITHUB_TOKEN=${token}\n`);
    expect(findings.map(at)).toEqual(['no-secret-arg@2:5-2:17']);
    expect(findings[0]!.severity).toBe('error');
    expectMessage(findings[0]!, 'secretArgDefault', { name: 'GITHUB_TOKEN', where: '' });
    expect(JSON.stringify(findings)).not.toContain(token);
  });

  it.each([
    ['PGPASSWORD'], ['GITHUB_PAT'], ['DB_PASS'], ['CLIENT_SECRET'], ['DOCKER_AUTH_CONFIG'], ['AWS_SECRET_ACCESS_KEY'],
    ['SSH_PRIVATE_KEY'], ['npmAuthToken'], ['MYSQL_PWD'], ['GPG_PASSPHRASE'], ['SECRET_PASSPHRASE'], ['super_duper_secret_token'],
  ])('reports ARG %s', async (name) => {
    const findings = await run(`FROM alpine\nARG ${name}\n`);
    expect(findings.map(at)).toEqual([`no-secret-arg@2:5-2:${5 + name.length}`]);
  });

  it.each([
    ['ARG DB_PASSWORD=', 'empty'],
    ['ARG DB_PASSWORD=${DEFAULT_PW}', 'reference'],
    ['ARG DB_PASSWORD=changeme', 'placeholder'],
    ['ARG DB_PASSWORD="<your-password>"', 'bracketed placeholder'],
    ['ARG DB_PASSWORD=postgres', 'well-known default'],
  ])('keeps %s a warning (%s)', async (line) => {
    const findings = await run(`FROM alpine\n${line}\n`);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@2:5-2:16 warning']);
    // …until a RUN follows: whatever the default, the passed value is in that RUN's history entry.
    const followed = await run(`FROM alpine\n${line}\nRUN ./setup.sh\n`);
    expect(followed.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@2:5-2:16 error']);
  });

  it('reports a global ARG only where a shipping stage re-declares it, with the global default', async () => {
    const text = 'ARG NPM_TOKEN=abc123secretvalue\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci\n';
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@3:5-3:14 error']);
    expect(await run('ARG NPM_TOKEN\nFROM node:20\nRUN npm ci\n')).toEqual([]);
  });

  it('reports every secret declaration of a multi-declaration ARG (BuildKit case)', async () => {
    const findings = await run('FROM scratch\nARG super_duper_secret_token=foo auth=bar\n');
    // `auth` alone is ambiguous and not reported; `foo` is a placeholder word → warning.
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@2:5-2:29 warning']);
  });

  it('reports lower-case instructions and ARGs on continuation lines, with the escape directive', async () => {
    const text = '# escape=`\nFROM alpine\narg NODE_ENV=production `\n    NPM_TOKEN\n';
    expect((await run(text)).map(at)).toEqual(['no-secret-arg@4:5-4:14']);
  });

  it('reports ONBUILD ARG + ONBUILD RUN as an error: both apply in every child image', async () => {
    const findings = await run('FROM node:20\nONBUILD ARG NPM_TOKEN\nONBUILD RUN npm ci\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@2:13-2:22 error']);
    expectMessage(findings[0]!, 'secretArgInHistory', { name: 'NPM_TOKEN', runs: 'the ONBUILD RUN at line 3', where: ' of every image built FROM this one (ONBUILD)' });
  });

  it('keeps ONBUILD ARG a warning when only plain RUNs follow (they run in this image, where the ARG does not apply)', async () => {
    const findings = await run('FROM node:20\nONBUILD ARG NPM_TOKEN\nRUN npm ci\nONBUILD COPY . /app\n');
    expect(findings.map((f) => `${at(f)} ${f.severity} ${f.messageId}`)).toEqual(['no-secret-arg@2:13-2:22 warning secretArgProvenance']);
    // …and a plain ARG is not recorded by ONBUILD RUNs (they run in the child, where the ARG is not declared).
    const plain = await run('FROM node:20\nARG NPM_TOKEN\nONBUILD RUN npm ci\n');
    expect(plain.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@2:5-2:14 warning']);
  });

  it('points related locations at every RUN whose history records the value', async () => {
    const findings = await run('FROM node:20\nARG NPM_TOKEN\nRUN echo hi\nRUN npm ci --token=$NPM_TOKEN\nRUN echo ${NPM_TOKEN}\n');
    expect(findings[0]!.related?.map((r) => r.line)).toEqual([3, 4, 5]);
  });
});

describe('no-secret-arg: valid', () => {
  it.each([
    'ARG TOKENIZER_PATH=/models/tok',
    'ARG PASSWORD_MIN_LENGTH=12',
    'ARG KEYBOARD=us',
    'ARG PUBLIC_KEY',
    'ARG public_token',
    'ARG SESSION_SECRET_FILE=/run/secrets/s',
    'ARG SECRET_PASSPHRASE_FILE',
    'ARG TOKEN_URL=https://auth.example.com/token',
    'ARG NODE_VERSION=22',
    'ARG AUTH_MODULE_VERSION',
    'ARG SSH_AUTH_SOCK',
    'ARG BUILDKIT_INLINE_CACHE=1',
    'ARG TARGETPLATFORM',
    'ARG GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
    'ARG MAX_NEW_TOKENS=512',
    'ARG AWS_ACCESS_KEY_ID',
    'ARG KEY',
  ])('%s', async (line) => {
    expect(await run(`FROM alpine\n${line}\n`)).toEqual([]);
  });

  it('stays silent in stages that do not ship, unless stages: "all"', async () => {
    const text = 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN npm ci\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n';
    expect(await run(text)).toEqual([]);
    // stages: "all" says intermediate stages are pushed too (a cache export with mode=max): then it is an error.
    const all = await run(text, { ruleSettings: { [RULE]: { options: { stages: 'all' } } } });
    expect(all.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@2:5-2:14 error']);
    expect((await run(text, { target: 'build' })).map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@2:5-2:14 error']);
  });

  it('reports in a stage the final stage inherits FROM', async () => {
    const text = 'FROM node:20 AS base\nARG NPM_TOKEN\nFROM base\nRUN npm ci\n';
    expect((await run(text)).map(at)).toEqual(['no-secret-arg@2:5-2:14']);
  });

  it("honours BuildKit's # check=skip=SecretsUsedInArgOrEnv (file level and per instruction)", async () => {
    expect(await run('# check=skip=SecretsUsedInArgOrEnv\nFROM alpine\nARG NPM_TOKEN\n')).toEqual([]);
    const text = [
      'FROM scratch',
      '# check=skip=SecretsUsedInArgOrEnv // allow secret in arg',
      'ARG password',
      '# check=skip=all // is local to only this instruction',
      'ARG alternate_password',
      'ARG SECRET_PASSPHRASE',
      '',
    ].join('\n');
    expect((await run(text)).map(at)).toEqual(['no-secret-arg@6:5-6:22']);
  });

  it('honours dockerlint-disable-next-line', async () => {
    const text = 'FROM alpine\n# dockerlint-disable-next-line no-secret-arg -- passed with --secret in CI\nARG NPM_TOKEN\nARG GH_TOKEN\n';
    expect((await run(text)).map(at)).toEqual(['no-secret-arg@4:5-4:13']);
  });

  it('honours the config name allowlist', async () => {
    await initialize();
    const config: ResolvedConfig = {
      files: [],
      rules: {},
      ignores: [],
      allowlist: { names: ['npm_token'], values: [], fingerprints: [] },
      context: [],
    };
    const result = lintText({ filePath: 'Dockerfile', text: 'FROM alpine\nARG NPM_TOKEN\nARG GH_TOKEN\n', rules, config, onlyRules: [RULE], buildContext: noBuildContext() });
    expect(result.findings.map(at)).toEqual(['no-secret-arg@3:5-3:13']);
  });
});

describe('no-secret-arg: suggestion', () => {
  it('removes the ARG and adds a secret mount to every RUN that uses it', async () => {
    const text = 'FROM node:20\nWORKDIR /app\nARG NPM_TOKEN\nCOPY package*.json ./\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\nRUN npm run build\n';
    const [finding] = await run(text);
    expect(finding?.fix).toBeUndefined();
    const suggestion = finding!.suggestions![0]!;
    expect(suggestion.description).toContain('docker build --secret id=npm_token,env=NPM_TOKEN');
    expect(applyEdits(text, suggestion.edits)).toBe(
      'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\nRUN npm run build\n',
    );
  });

  it('removes only the declaration from a multi-declaration ARG', async () => {
    const text = 'FROM alpine\nARG NODE_ENV=production NPM_TOKEN APP=web\nRUN NPM_TOKEN=$NPM_TOKEN ./install.sh\n';
    const [finding] = await run(text);
    expect(applyEdits(text, finding!.suggestions![0]!.edits)).toBe(
      'FROM alpine\nARG NODE_ENV=production APP=web\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN NPM_TOKEN=$NPM_TOKEN ./install.sh\n',
    );
  });

  it('does not add a mount a RUN already has', async () => {
    const text = 'FROM alpine\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci\n';
    const [finding] = await run(text);
    expect(applyEdits(text, finding!.suggestions![0]!.edits)).toBe('FROM alpine\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci\n');
  });
});

describe('no-secret-arg: odd input', () => {
  it('treats regex characters in names literally and never throws', async () => {
    await initialize();
    const text = 'FROM alpine\nARG db.password\nARG x(\nRUN echo $dbXpassword\nRUN echo ${db.password}\n';
    const result = lintText({ filePath: 'Dockerfile', text, rules, onlyRules: [RULE], buildContext: noBuildContext() });
    expect(result.ruleErrors).toEqual([]);
    expect(result.findings.map(at)).toEqual(['no-secret-arg@2:5-2:16']);
    // `.` must not match the X of $dbXpassword: only the RUN that really names db.password gets a secret mount.
    const mounts = result.findings[0]!.suggestions![0]!.edits.filter((edit) => edit.text.includes('--mount'));
    expect(mounts.map((edit) => edit.range.start.line)).toEqual([5]);
  });
});
