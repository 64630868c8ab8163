/** The language server lints an open Dockerfile with the context and target of its build definitions (real server over stdio). */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fromDiagnostics, LspClient } from './client.js';
import { messageText } from '../helpers/messages.js';

const FIXTURES = path.resolve(__dirname, '../fixtures/build-definitions');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function project(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dockerlint-ls-defs-')), name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  temps.push(path.dirname(dir));
  return dir;
}

describe('language server and build definitions', () => {
  test('services/api/Dockerfile open in the editor uses the compose context (repository root) and target', async () => {
    const dir = project('monorepo-compose');
    const client = await LspClient.start({ mode: 'pull', rootDir: dir });
    try {
      const uri = await client.open(path.join(dir, 'services/api/Dockerfile'));
      const got = fromDiagnostics(await client.pull(uri)).map((d) => `${d.line}:${d.character} ${d.ruleId}`);
      // 0-based LSP positions: line 12 col 6 of the file is 11:5.
      expect(got).toEqual(['9:4 no-secret-arg', '11:5 no-context-secrets']);
    } finally {
      await client.stop();
    }
  });

  test('with dockerlint.context set, the setting wins over the compose file', async () => {
    const dir = project('monorepo-compose');
    const client = await LspClient.start({ mode: 'pull', rootDir: dir, settings: { context: path.join(dir, 'services/api') } });
    try {
      const uri = await client.open(path.join(dir, 'services/api/Dockerfile'));
      const got = fromDiagnostics(await client.pull(uri)).map((d) => d.ruleId);
      expect(got).not.toContain('no-context-secrets');
    } finally {
      await client.stop();
    }
  });

  test('a bake file with a dev target: the finding only that build has, labelled as in the CLI', async () => {
    const dir = project('bake-project');
    const client = await LspClient.start({ mode: 'pull', rootDir: dir });
    try {
      const uri = await client.open(path.join(dir, 'docker/app.Dockerfile'));
      const got = fromDiagnostics(await client.pull(uri)).map((d) => `${d.line}:${d.character} ${d.ruleId} ${d.message}`);
      expect(got).toEqual([`7:5 no-secret-file-copy ${messageText('no-secret-file-copy', 'copiesFile', { keyword: 'COPY', source: '.npmrc', what: 'an npm config (may hold an auth token)', detail: '' })} [build: docker-bake.hcl target app-dev]`]);
    } finally {
      await client.stop();
    }
  });
});
