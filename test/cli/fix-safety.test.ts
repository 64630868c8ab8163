/** `--fix` with the real rules: it never excludes what a Dockerfile of the context names, keeps the user's file, respects `!`, is idempotent. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../packages/cli/src/main.js';
import { messageText } from '../helpers/messages.js';
import { writeFilesIn } from '../helpers/temp-tree.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-fix-safety-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const write = (files: Record<string, string>): void => writeFilesIn(tmp, files);

async function dockerlint(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: tmp,
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
  });
  return { code, stdout, stderr };
}

const ignoreFile = () => readFileSync(path.join(tmp, '.dockerignore'), 'utf8');
const NODE_APP = {
  'package.json': '{"name":"app","version":"1.0.0"}\n',
  'index.js': 'console.log("up")\n',
  '.env': 'DATABASE_URL=postgres://app:fake-password-for-tests@db:5432/app\n',
  '.git/config': '[core]\n\trepositoryformatversion = 0\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
};

describe('--fix never breaks a build', () => {
  it('the issue-20 case: adds **/.env and .git but not .npmrc; line 3 keeps its secret-mount help; a second --fix changes nothing', async () => {
    write({
      ...NODE_APP,
      '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci && rm .npmrc\nCOPY . .\nCMD ["node", "index.js"]\n',
    });
    const fixed = await dockerlint('--no-config-lookup', '--fix');
    expect(fixed.stderr).toBe('dockerlint: fix: added 2 entries to .dockerignore (created): **/.env, .git\n');
    expect(ignoreFile()).toBe('**/.env\n.git\n');
    // The output is the re-lint after the fix: line 3 (COPY .npmrc) keeps its finding and its secret-mount help,
    // line 5 still reports .npmrc (the only file left) without a fix.
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toContain(`3:6   error    ${messageText('no-secret-file-copy', 'copiesFile', { keyword: 'COPY', source: '.npmrc', what: 'an npm config (may hold an auth token)', detail: '' })}  no-secret-file-copy`);
    expect(fixed.stdout).toContain('help: Mount the file only for the step that needs it: RUN --mount=type=secret,id=npmrc,target=/app/.npmrc <command>, built with docker build --secret id=npmrc,src=.npmrc.');
    expect(fixed.stdout).toContain(`5:6   error    ${messageText('no-context-secrets', 'wouldCopy', { keyword: 'COPY', source: '.', files: '.npmrc', reason: 'not excluded by .dockerignore', gitNote: '' })}  no-context-secrets`);
    expect(fixed.stdout).toContain('.npmrc is not added to .dockerignore: COPY .npmrc at line 3 names it, and excluding it would break that build.');

    const json = JSON.parse((await dockerlint('--no-config-lookup', '-f', 'json')).stdout) as { messages: { ruleId: string; line: number }[]; fixableErrorCount: number }[];
    expect(json[0]!.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['3 no-secret-file-copy', '4 no-secret-deleted-in-later-layer', '5 no-context-secrets']);
    expect(json[0]!.fixableErrorCount).toBe(0);

    const again = await dockerlint('--no-config-lookup', '--fix');
    expect(again.stderr).toBe('');
    expect(ignoreFile()).toBe('**/.env\n.git\n');
  });

  it('keeps the user\'s lines, comments, order and CRLF line ends; appends only what is missing', async () => {
    const before = '# dependencies\r\nnode_modules\r\n\r\n# the template is meant to ship\r\n!.env.example\r\n*.log';
    write({ ...NODE_APP, '.env.example': 'DATABASE_URL=\n', '.dockerignore': before, Dockerfile: 'FROM node:20\nCOPY . /srv\n' });
    const fixed = await dockerlint('--no-config-lookup', '--fix');
    expect(fixed.stderr).toBe('dockerlint: fix: added 2 entries to .dockerignore: **/.env, .git\n');
    expect(ignoreFile()).toBe(`${before}\r\n**/.env\r\n.git\r\n`);
    expect(fixed.code).toBe(0);
    await dockerlint('--no-config-lookup', '--fix');
    expect(ignoreFile()).toBe(`${before}\r\n**/.env\r\n.git\r\n`);
  });

  it('a path re-included with ! is reported, not overridden; the rest is still fixed', async () => {
    write({ ...NODE_APP, '.env.local': 'API_KEY=fake-for-tests\n', '.dockerignore': '**/.env*\n!.env.local\n', Dockerfile: 'FROM node:20\nCOPY . /srv\n' });
    const fixed = await dockerlint('--no-config-lookup', '--fix');
    expect(fixed.stderr).toBe('dockerlint: fix: added 1 entry to .dockerignore: .git\n');
    expect(ignoreFile()).toBe('**/.env*\n!.env.local\n.git\n');
    expect(fixed.stdout).toContain(messageText('no-context-secrets', 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env.local', reason: 'not excluded by .dockerignore', gitNote: '' }));
    expect(fixed.stdout).toContain('.env.local is re-included by !.env.local in .dockerignore; dockerlint does not override that line');
    const again = await dockerlint('--no-config-lookup', '--fix');
    expect(again.stderr).toBe('');
    expect(ignoreFile()).toBe('**/.env*\n!.env.local\n.git\n');
  });

  it('Dockerfiles mapped to one context by the config are considered together, even where .dockerignore hides them', async () => {
    write({
      ...NODE_APP,
      'deploy/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\nRkFLRSBLRVkgRk9SIFRFU1RT\n-----END OPENSSH PRIVATE KEY-----\n',
      '.dockerignore': 'docker\n',
      '.dockerlintrc.json': JSON.stringify({ context: { 'docker/*.Dockerfile': '.' } }),
      Dockerfile: 'FROM node:20\nWORKDIR /srv\nCOPY . .\n',
      'docker/deploy.Dockerfile': 'FROM alpine:3.20\nCOPY deploy/id_rsa /root/.ssh/id_rsa\nRUN chmod 600 /root/.ssh/id_rsa\n',
    });
    const fixed = await dockerlint('--fix', '.');
    expect(fixed.stderr).toBe('dockerlint: fix: added 2 entries to .dockerignore: **/.env, .git\n');
    expect(ignoreFile()).toBe('docker\n**/.env\n.git\n');
    expect(fixed.stdout).toContain('deploy/id_rsa is not added to .dockerignore: COPY deploy/id_rsa at docker/deploy.Dockerfile line 2 names it');
  });

  it('✓ without a Dockerfile that names it, the same key is excluded', async () => {
    write({
      ...NODE_APP,
      'deploy/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\nRkFLRSBLRVkgRk9SIFRFU1RT\n-----END OPENSSH PRIVATE KEY-----\n',
      '.dockerignore': 'docker\n',
      Dockerfile: 'FROM node:20\nWORKDIR /srv\nCOPY . .\n',
    });
    const fixed = await dockerlint('--no-config-lookup', '--fix', '.');
    expect(fixed.stderr).toBe('dockerlint: fix: added 3 entries to .dockerignore: **/.env, .git, **/id_rsa\n');
  });
});
