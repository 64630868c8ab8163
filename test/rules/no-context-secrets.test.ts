import { describe, expect, it } from 'vitest';
import { inMemoryBuildContext } from '@dockerlint/core';
import { at, lint, type LintCaseOptions } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-context-secrets';
const run = (text: string, options: LintCaseOptions = {}) => lint(text, { rules: [RULE], ...options });
const where = async (text: string, options: LintCaseOptions = {}) => (await run(text, options)).map((f) => `${at(f)} ${f.severity}`);

const APP = ['package.json', 'package-lock.json', 'src/index.js', 'src/routes/users.js', 'README.md'];
const COPY_ALL = 'FROM node:20-slim\nWORKDIR /srv\nCOPY . /srv\nCMD ["node", "src/index.js"]\n';

describe('no-context-secrets with a build context', () => {
  it('✗ COPY . /srv with a .dockerignore of node_modules and a .env in the context', async () => {
    const findings = await run(COPY_ALL, { files: [...APP, '.env', 'node_modules/x/index.js'], dockerignore: 'node_modules\n' });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@3:6-3:7 error']);
    expectMessage(findings[0]!, 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env', reason: 'not excluded by .dockerignore', gitNote: '' });
  });

  it('lists every leak: .env, .git/ (directory shown once), keys', async () => {
    const findings = await run(COPY_ALL, { files: [...APP, '.env', '.git/config', '.git/HEAD', '.git/objects/ab/cdef', 'deploy/server.key'] });
    expect(findings.map(at)).toEqual(['no-context-secrets@3:6-3:7']);
    expectMessage(findings[0]!, 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env, .git/, deploy/server.key', reason: 'there is no .dockerignore', gitNote: '' });
  });

  it('✓ a .dockerignore with **/.env*, .git and *.pem (nothing sensitive left)', async () => {
    expect(await run(COPY_ALL, { files: [...APP, '.env', '.env.local', 'src/.env.test', '.git/config', 'cert.key.pem'], dockerignore: '**/.env*\n.git\n*.pem\n' })).toEqual([]);
  });

  it('✓ a .dockerignore that starts with * and re-includes only !src and !package.json', async () => {
    expect(await run(COPY_ALL, { files: [...APP, '.env', '.git/config', 'id_rsa', '.npmrc'], dockerignore: '*\n!src\n!package.json\n' })).toEqual([]);
  });

  it('✗ a re-included directory that holds a secret', async () => {
    const findings = await run(COPY_ALL, { files: [...APP, 'src/.env'], dockerignore: '*\n!src\n!package.json\n' });
    expectMessage(findings[0]!, 'wouldCopy', { keyword: 'COPY', source: '.', files: 'src/.env', reason: 'not excluded by .dockerignore', gitNote: '' });
    expect(findings[0]!.fix?.edits).toEqual([
      { file: '/context/.dockerignore', range: { start: { line: 4, column: 1 }, end: { line: 4, column: 1 } }, text: '**/.env\n' },
    ]);
  });

  it('✓ a context without sensitive files', async () => {
    expect(await run(COPY_ALL, { files: APP })).toEqual([]);
  });

  it('✓ public halves and templates are not reported', async () => {
    expect(await run(COPY_ALL, { files: [...APP, '.env.example', 'keys/id_rsa.pub', '.ssh/known_hosts', 'certs/ca.pem'] })).toEqual([]);
  });

  it('mentions when .gitignore excludes a file that .dockerignore does not', async () => {
    const buildContext = inMemoryBuildContext([...APP, '.env', 'secrets/prod.key'], 'node_modules\n', { gitignore: '.env\nnode_modules\n' });
    const findings = await run(COPY_ALL, { buildContext });
    expectMessage(findings[0]!, 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env, secrets/prod.key', reason: 'not excluded by .dockerignore', gitNote: '; .gitignore excludes .env but Docker does not read .gitignore' });
  });

  it('content sniffing: a .pem certificate is fine, a .pem private key is reported and excluded by its exact path', async () => {
    const contents = {
      'package.json': '{}',
      'certs/ca-bundle.pem': '-----BEGIN CERTIFICATE-----\nRkFLRQ==\n-----END CERTIFICATE-----\n',
      'certs/server.pem': '-----BEGIN PRIVATE KEY-----\nRkFLRQ==\n-----END PRIVATE KEY-----\n',
    };
    const buildContext = inMemoryBuildContext(Object.keys(contents), '', { contents });
    const findings = await run(COPY_ALL, { buildContext });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@3:6-3:7 error']);
    expect(findings[0]!.message).toContain('would copy certs/server.pem into the image');
    expect(findings[0]!.fix?.edits[0]?.text).toBe('certs/server.pem\n');
  });

  it('a low-confidence file alone (unknown .pem content) is a warning', async () => {
    expect(await where(COPY_ALL, { files: [...APP, 'server.pem'] })).toEqual(['no-context-secrets@3:6-3:7 warning']);
  });

  it('broad sources: ./, *, ./*, a directory, a glob', async () => {
    const files = [...APP, '.env', 'src/config/credentials.json', 'credentials-prod.json'];
    expect(await where('FROM node:20\nCOPY ./ /srv/\n', { files })).toEqual(['no-context-secrets@2:6-2:8 error']);
    expect(await where('FROM node:20\nCOPY * /srv/\n', { files })).toEqual(['no-context-secrets@2:6-2:7 error']);
    expect(await where('FROM node:20\nCOPY ./* /srv/\n', { files })).toEqual(['no-context-secrets@2:6-2:9 error']);
    const dir = await run('FROM node:20\nCOPY src/ /srv/src/\n', { files });
    expect(dir.map(at)).toEqual(['no-context-secrets@2:6-2:10']);
    expectMessage(dir[0]!, 'wouldCopy', { keyword: 'COPY', source: 'src/', files: 'src/config/credentials.json', reason: 'there is no .dockerignore', gitNote: '' });
    const glob = await run('FROM node:20\nCOPY *.json ./\n', { files });
    expectMessage(glob[0]!, 'wouldCopy', { keyword: 'COPY', source: '*.json', files: 'credentials-prod.json', reason: 'there is no .dockerignore', gitNote: '' });
  });

  it('✓ narrow copies: files, clean directories, globs matching nothing sensitive', async () => {
    const files = [...APP, '.env', '.git/config'];
    expect(await run('FROM node:20\nCOPY package*.json ./\nCOPY src/ ./src/\nCOPY README.md /doc/\n', { files })).toEqual([]);
  });

  it('a source naming a credential directory itself is left to no-secret-file-copy', async () => {
    expect(await run('FROM alpine\nCOPY .ssh /root/.ssh\n', { files: ['.ssh/id_rsa'] })).toEqual([]);
  });

  it('COPY --exclude removes files from the copy', async () => {
    const files = [...APP, '.env', '.git/config'];
    expect(await run('# syntax=docker/dockerfile:1.7-labs\nFROM node:20\nCOPY --exclude=.env --exclude=.git . /srv\n', { files })).toEqual([]);
    expect(await where('# syntax=docker/dockerfile:1.7-labs\nFROM node:20\nCOPY --exclude=.git . /srv\n', { files })).toEqual(['no-context-secrets@3:21-3:22 error']);
  });

  it('✓ --from copies do not read the build context', async () => {
    expect(await run('FROM node:20 AS build\nRUN npm run build\nFROM nginx\nCOPY --from=build /srv /srv\nCOPY --from=alpine:3 . /x\n', { files: ['.env'] })).toEqual([]);
  });
});

describe('no-context-secrets: fix', () => {
  it('appends the missing entries at the end of the .dockerignore', async () => {
    const findings = await run(COPY_ALL, { files: [...APP, '.env', '.env.production', '.git/config', 'node_modules/a.js'], dockerignore: 'node_modules\n# logs\n*.log' });
    expect(findings[0]!.fix).toEqual({
      description: 'Add **/.env, **/.env.*, .git to .dockerignore',
      edits: [{ file: '/context/.dockerignore', range: { start: { line: 3, column: 6 }, end: { line: 3, column: 6 } }, text: '\n**/.env\n**/.env.*\n.git\n' }],
    });
  });

  it('creates the .dockerignore when there is none (range 1:1-1:1)', async () => {
    const findings = await run(COPY_ALL, { files: [...APP, 'config/.npmrc', '.aws/credentials'] });
    expectMessage(findings[0]!, 'wouldCopy', { keyword: 'COPY', source: '.', files: '.aws/, config/.npmrc', reason: 'there is no .dockerignore', gitNote: '' });
    expect(findings[0]!.fix?.edits).toEqual([
      { file: '/context/.dockerignore', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, text: '**/.aws\n**/.npmrc\n' },
    ]);
  });

  it('a nested .git gets a recursive entry', async () => {
    const findings = await run(COPY_ALL, { files: [...APP, 'vendor/lib/.git/config'], dockerignore: '.git\n' });
    expect(findings[0]!.fix?.edits[0]?.text).toBe('**/.git\n');
  });
});

describe('no-context-secrets: the fix never breaks a build (issue 20)', () => {
  const ISSUE_20 = 'FROM node:20\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci && rm .npmrc\nCOPY . .\nCMD ["node", "index.js"]\n';

  it('✗ .npmrc copied by name on line 3 stays in the finding without a fix; .env and .git are fixed', async () => {
    const findings = await run(ISSUE_20, { files: ['package.json', 'index.js', '.env', '.git/config', '.npmrc'] });
    expect(findings.map(at)).toEqual(['no-context-secrets@5:6-5:7']);
    expectMessage(findings[0]!, 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env, .git/, .npmrc', reason: 'there is no .dockerignore', gitNote: '' });
    expect(findings[0]!.fix).toEqual({
      description: 'Add **/.env, .git to .dockerignore',
      edits: [{ file: '/context/.dockerignore', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, text: '**/.env\n.git\n' }],
    });
    expect(findings[0]!.help).toBe(
      'Add **/.env, .git to .dockerignore (dockerlint --fix writes them), or copy only what the build needs instead of COPY . '
        + '(e.g. COPY package*.json ./ then COPY src/ ./src/). .npmrc is not added to .dockerignore: COPY .npmrc at line 3 names it, '
        + 'and excluding it would break that build. Replace that copy with a secret mount for the step that needs it '
        + '(RUN --mount=type=secret,id=npmrc,target=/app/.npmrc <command>, built with docker build --secret id=npmrc,src=.npmrc), '
        + 'then add .npmrc to .dockerignore.',
    );
  });

  it('✗ nothing left to add: no fix at all, the help says why', async () => {
    const findings = await run('FROM a\nCOPY --chown=app:app deploy/id_ed25519 /home/app/.ssh/\nCOPY . /srv\n', { files: [...APP, 'deploy/id_ed25519'] });
    const finding = findings.find((f) => f.ruleId === 'no-context-secrets')!;
    expect(at(finding)).toBe('no-context-secrets@3:6-3:7');
    expectMessage(finding, 'wouldCopy', { keyword: 'COPY', source: '.', files: 'deploy/id_ed25519', reason: 'there is no .dockerignore', gitNote: '' });
    expect(finding.fix).toBeUndefined();
    expect(finding.help).toContain('Copy only what the build needs instead of COPY . ');
    expect(finding.help).toContain('deploy/id_ed25519 is not added to .dockerignore: COPY deploy/id_ed25519 at line 2 names it');
    expect(finding.help).toContain('RUN --mount=type=secret,id=id_ed25519,target=/home/app/.ssh/id_ed25519 <command>');
  });

  it('✗ a glob source (ADD secrets/*.pem) and a bind mount keep the files they name', async () => {
    const text = 'FROM a\nADD secrets/*.pem /etc/ssl/private/\nRUN --mount=type=bind,source=.npmrc,target=/root/.npmrc npm ci\nCOPY . /srv\n';
    const findings = await run(text, { files: [...APP, 'secrets/tls.pem', '.npmrc', '.env'], contents: { 'secrets/tls.pem': '-----BEGIN PRIVATE KEY-----\nx\n' } });
    const finding = findings.find((f) => f.line === 4)!;
    expect(finding.fix?.edits[0]?.text).toBe('**/.env\n');
    expect(finding.help).toContain('secrets/tls.pem is not added to .dockerignore: ADD secrets/*.pem at line 2 names it');
    expect(finding.help).toContain('.npmrc is not added to .dockerignore: RUN --mount .npmrc at line 3 names it');
  });

  it('✓ --from copies do not protect a context file', async () => {
    const findings = await run('FROM a AS build\nFROM b\nCOPY --from=build /app/.env /srv/.env\nCOPY . /srv\n', { files: [...APP, '.env'] });
    expect(findings[0]!.fix?.edits[0]?.text).toBe('**/.env\n');
  });

  it('✗ a file re-included with ! is reported, not overridden', async () => {
    const findings = await run(COPY_ALL, { files: [...APP, '.env.local', '.env.production'], dockerignore: '**/.env*\n!.env.local\n' });
    expectMessage(findings[0]!, 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env.local', reason: 'not excluded by .dockerignore', gitNote: '' });
    expect(findings[0]!.fix).toBeUndefined();
    expect(findings[0]!.help).toContain('.env.local is re-included by !.env.local in .dockerignore; dockerlint does not override that line (remove it if the image does not need .env.local).');
  });
});

describe('no-context-secrets without a context on disk', () => {
  it('warns on a whole-context copy when no .dockerignore is known', async () => {
    const findings = await run(COPY_ALL);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@3:6-3:7 warning']);
    expectMessage(findings[0]!, 'noIgnoreFile', { keyword: 'COPY', source: '.' });
    expect(findings[0]!.fix).toBeUndefined();
    expect(findings[0]!.help).toContain('.dockerignore');
  });

  it('says nothing about narrow copies it cannot check', async () => {
    expect(await run('FROM node:20\nCOPY src/ /srv/\nCOPY *.json ./\n')).toEqual([]);
  });
});

describe('no-context-secrets: stages, ONBUILD, syntax variants, directives', () => {
  it('a builder stage that does not ship is silent unless stages: all', async () => {
    const text = 'FROM node:20 AS build\nCOPY . .\nRUN npm run build\nFROM nginx\nCOPY --from=build /dist /usr/share/nginx/html\n';
    const options = { files: [...APP, '.env'] };
    expect(await run(text, options)).toEqual([]);
    expect(await where(text, { ...options, ruleSettings: { [RULE]: { options: { stages: 'all' } } } })).toEqual(['no-context-secrets@2:6-2:7 error']);
  });

  it('--target selects the shipping stage', async () => {
    const text = 'FROM node:20 AS dev\nCOPY . .\nFROM node:20 AS prod\nCOPY package.json ./\n';
    expect(await run(text, { files: ['.env', 'package.json'] })).toEqual([]);
    expect(await where(text, { files: ['.env', 'package.json'], target: 'dev' })).toEqual(['no-context-secrets@2:6-2:7 error']);
  });

  it('ONBUILD COPY . warns about the child image context', async () => {
    const findings = await run('FROM node:20\nONBUILD COPY . /usr/src/app\n', { files: ['package.json'] });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@2:14-2:15 warning']);
    expectMessage(findings[0], 'onbuild', { kind: 'COPY', source: '.' });
  });

  it('ADD, lower case, continuation lines, escape directive, exec form', async () => {
    const options = { files: [...APP, '.env'] };
    expect(await where('from node:20\nadd . /srv\n', options)).toEqual(['no-context-secrets@2:5-2:6 error']);
    expect(await where('FROM node:20\nCOPY --chown=node \\\n   . \\\n   /srv\n', options)).toEqual(['no-context-secrets@3:4-3:5 error']);
    expect(await where('# escape=`\nFROM node:20\nCOPY `\n  . /srv\n', options)).toEqual(['no-context-secrets@4:3-4:4 error']);
    expect(await where('FROM node:20\nCOPY [".", "/srv"]\n', options)).toEqual(['no-context-secrets@2:7-2:10 error']);
  });

  it('honours dockerlint-disable-next-line', async () => {
    expect(await run('FROM node:20\n# dockerlint-disable-next-line no-context-secrets\nCOPY . /srv\n', { files: ['.env'] })).toEqual([]);
  });

  it('options: sensitiveFiles and allowFiles', async () => {
    const files = [...APP, 'config/prod.secret.yaml', 'test/fixtures/fake.key'];
    const findings = await run(COPY_ALL, { files, ruleSettings: { [RULE]: { options: { sensitiveFiles: ['*.secret.yaml'], allowFiles: ['test/fixtures/**'] } } } });
    expect(findings.map(at)).toEqual(['no-context-secrets@3:6-3:7']);
    expectMessage(findings[0]!, 'wouldCopy', { keyword: 'COPY', source: '.', files: 'config/prod.secret.yaml', reason: 'there is no .dockerignore', gitNote: '' });
    expect(findings[0]!.fix?.edits[0]?.text).toBe('**/*.secret.yaml\n');
  });
});
