/**
 * End-to-end: the real server binary over stdio, spoken to with vscode-jsonrpc. Diagnostics are compared
 * with the real CLI (`--format json`) generically, so the comparisons keep holding as rules gain findings.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';
import { cliFindings, fromDiagnostics, LspClient, type Diagnostic } from './client.js';

const CORPUS = '/work/shared/corpus/real';
const DOCKERFILE_NAME = /^(?:(?:dockerfile|containerfile)(?:\..+)?|.+\.(?:dockerfile|containerfile))$/i;
const SECRET = 'ghp_' + 'R2d2C3poBb8Yoda7Luke9Leia0Han1Solo2Chew';

function findDockerfiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') walk(p);
      } else if (entry.isFile() && DOCKERFILE_NAME.test(entry.name) && !/ignore$/i.test(entry.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** ~20 deterministic Dockerfiles from the real-world corpus (every n-th of the manifest, sorted). */
function corpusSample(count = 20): string[] {
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  const files = readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((cols) => cols[1] === 'dockerfile' && cols[0])
    .map((cols) => path.join(CORPUS, cols[0]!))
    .filter((file) => existsSync(file) && statSync(file).size < 256 * 1024)
    .sort();
  const step = Math.max(1, Math.floor(files.length / count));
  return files.filter((_, i) => i % step === 0).slice(0, count);
}

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockerlint-ls-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const temps: string[] = [];
function project(files: Record<string, string>): string {
  const dir = tempProject(files);
  temps.push(dir);
  return dir;
}

afterAll(() => {
  cleanupFixtures();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const LEAKY = [
  'FROM node:20 AS build',
  'ARG NPM_TOKEN=abc123',
  `ENV API_KEY=${SECRET}`,
  'COPY . /app',
  '  RUN npm ci',
  '',
].join('\n');

describe('diagnostics equal the CLI', () => {
  let fixtureRoot: string;
  let files: string[] = [];
  beforeAll(() => {
    fixtureRoot = materializeFixture(fixturePath());
    files = findDockerfiles(fixtureRoot);
  });

  for (const mode of ['pull', 'push'] as const) {
    test(`test/fixtures/** (${mode})`, async () => {
      expect(files.length).toBeGreaterThan(0);
      // The editor's workspace folder is the CLI's working directory (how far up build definitions are looked for).
      const expected = cliFindings(files, [], fixtureRoot);
      const client = await LspClient.start({ mode, rootDir: fixtureRoot });
      try {
        let total = 0;
        for (const file of files) {
          const since = client.published.length;
          const uri = await client.open(file);
          const items = mode === 'pull' ? await client.pull(uri) : (await client.waitForPublish(uri, since)).diagnostics;
          const want = expected.get(file) ?? [];
          total += want.length;
          expect({ file: path.relative(fixtureRoot, file), got: fromDiagnostics(items) }).toEqual({ file: path.relative(fixtureRoot, file), got: want });
          for (const d of items) {
            expect(d.source).toBe('dockerlint');
            expect(d.codeDescription?.href).toMatch(new RegExp(`/${String(d.code)}\\.md$`));
          }
          await client.close(uri);
        }
        // Not an assertion on rule behaviour: just make the log say how much was compared.
        console.log(`compared ${files.length} fixture Dockerfiles, ${total} findings (${mode})`);
      } finally {
        await client.stop();
      }
    });
  }

  test('real-world corpus sample (read-only)', async (ctx) => {
    const sample = corpusSample();
    if (sample.length === 0) ctx.skip();
    const expected = cliFindings(sample);
    const client = await LspClient.start({ mode: 'pull', rootDir: CORPUS });
    try {
      for (const file of sample) {
        const uri = await client.open(file);
        const got = fromDiagnostics(await client.pull(uri));
        expect({ file, got }).toEqual({ file, got: expected.get(file) ?? [] });
        await client.close(uri);
      }
    } finally {
      await client.stop();
    }
  });

  test('leaky real-world Dockerfiles (corpus/wild, read-only)', async (ctx) => {
    const manifest = '/work/shared/corpus/wild/MANIFEST.tsv';
    if (!existsSync(manifest)) ctx.skip();
    const files = readFileSync(manifest, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t')[0])
      .filter((rel): rel is string => !!rel)
      .map((rel) => path.join('/work/shared/corpus/wild', rel))
      .filter((file) => existsSync(file))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const expected = cliFindings(files);
    const client = await LspClient.start({ mode: 'pull', rootDir: '/work/shared/corpus/wild' });
    try {
      let total = 0;
      for (const file of files) {
        const uri = await client.open(file);
        const got = fromDiagnostics(await client.pull(uri));
        total += got.length;
        expect({ file, got }).toEqual({ file, got: expected.get(file) ?? [] });
        await client.close(uri);
      }
      console.log(`compared ${files.length} wild Dockerfiles, ${total} findings`);
    } finally {
      await client.stop();
    }
  });

  test('related information points into the document', async () => {
    const dir = project({ Dockerfile: 'FROM alpine\nCOPY id_rsa /root/.ssh/id_rsa\nRUN rm /root/.ssh/id_rsa\n', id_rsa: 'x\n', '.dockerignore': 'node_modules\n' });
    const file = path.join(dir, 'Dockerfile');
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(file);
      const items = await client.pull(uri);
      expect(fromDiagnostics(items)).toEqual(cliFindings([file]).get(file));
      for (const d of items) for (const info of d.relatedInformation ?? []) expect(info.location.uri).toBe(uri);
    } finally {
      await client.stop();
    }
  });
});

describe('quick fixes', () => {
  test('the .dockerignore fix creates the file, and the finding goes away after the watcher event', async () => {
    const dir = project({ Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n', '.env': 'DB_PASSWORD=hunter2\n', 'index.js': '\n' });
    const file = path.join(dir, 'Dockerfile');
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(file);
      const before = await client.pull(uri);
      expect(fromDiagnostics(before)).toEqual(cliFindings([file]).get(file));
      const target = before.find((d) => d.code === 'no-context-secrets');
      expect(target, 'no-context-secrets reports COPY . with a .env and no .dockerignore').toBeDefined();
      const actions = await client.codeActions(uri, target!.range, [target!]);
      const fix = actions.find((a) => a.isPreferred && JSON.stringify(a.edit).includes('.dockerignore'));
      expect(fix, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
      expect(fix!.kind).toBe('quickfix');
      expect(fix!.edit!.documentChanges!.some((c) => 'kind' in c && c.kind === 'create')).toBe(true);
      const touched = await client.applyEdit(fix!.edit!);
      expect(touched).toContain(path.join(dir, '.dockerignore'));
      const refreshes = client.refreshes;
      await client.changedFiles([{ file: path.join(dir, '.dockerignore'), type: 1 }]);
      await client.waitFor(() => client.refreshes > refreshes, 5000, 'workspace/diagnostic/refresh');
      const after = await client.pull(uri);
      expect(after.filter((d) => d.code === 'no-context-secrets')).toEqual([]);
      expect(fromDiagnostics(after)).toEqual(cliFindings([file]).get(file));
    } finally {
      await client.stop();
    }
  });

  test('the .dockerignore fix leaves out files a Dockerfile of the context copies by name (issue 20)', async () => {
    const dir = project({
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci && rm .npmrc\nCOPY . .\n',
      'Dockerfile.deploy': 'FROM alpine:3.20\nCOPY id_ed25519 /root/.ssh/id_ed25519\n',
      '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
      '.env': 'DB_PASSWORD=fake-for-tests\n',
      id_ed25519: '-----BEGIN OPENSSH PRIVATE KEY-----\nRkFLRSBLRVkgRk9SIFRFU1RT\n-----END OPENSSH PRIVATE KEY-----\n',
      'package.json': '{}\n',
    });
    const file = path.join(dir, 'Dockerfile');
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(file);
      const before = await client.pull(uri);
      const target = before.find((d) => d.code === 'no-context-secrets');
      expect(target?.range.start.line, 'COPY . . on line 5').toBe(4);
      for (const leak of ['.env', '.npmrc', 'id_ed25519']) expect(target!.message).toContain(leak);
      const actions = await client.codeActions(uri, target!.range, [target!]);
      const fix = actions.find((a) => a.isPreferred && JSON.stringify(a.edit).includes('.dockerignore'));
      // .npmrc is copied on line 3, id_ed25519 by Dockerfile.deploy (same context): only .env is added.
      expect(fix?.title).toBe('Add **/.env to .dockerignore');
      await client.applyEdit(fix!.edit!);
      expect(readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe('**/.env\n');
    } finally {
      await client.stop();
    }
  });

  test('"disable for this instruction" inserts the directive with the indentation and silences the finding', async () => {
    const dir = project({ Dockerfile: LEAKY, '.dockerignore': '**/.env*\n.git\n' });
    const file = path.join(dir, 'Dockerfile');
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(file, 'FROM node:20\n    ARG NPM_TOKEN=abc123\nRUN echo hi\n');
      const before = await client.pull(uri);
      const target = before.find((d) => d.range.start.line === 1);
      expect(target, 'a finding on the ARG line').toBeDefined();
      const id = String(target!.code);
      const actions = await client.codeActions(uri, target!.range, [target!]);
      const disable = actions.find((a) => a.title === `Disable ${id} for this instruction`);
      expect(disable).toBeDefined();
      await client.applyEdit(disable!.edit!);
      expect(client.document(uri).getText()).toBe(`FROM node:20\n    # dockerlint-disable-next-line ${id}\n    ARG NPM_TOKEN=abc123\nRUN echo hi\n`);
      const after = await client.pull(uri);
      expect(after.filter((d) => d.code === id)).toEqual([]);
      // A second disable on the same instruction extends the directive instead of stacking another one.
      const rest = after.find((d) => d.range.start.line === 2);
      if (rest) {
        const more = await client.codeActions(uri, rest.range, [rest]);
        const second = more.find((a) => a.title.startsWith('Disable '));
        await client.applyEdit(second!.edit!);
        expect(client.document(uri).getText().split('\n')[1]).toBe(`    # dockerlint-disable-next-line ${id}, ${String(rest.code)}`);
        expect((await client.pull(uri)).filter((d) => d.range.start.line === 2)).toEqual([]);
      }
    } finally {
      await client.stop();
    }
  });

  test('a suggested rewrite (ARG secret → RUN --mount=type=secret) is offered as a quick fix and removes the finding', async () => {
    const dir = project({ '.dockerignore': '**/.env*\n' });
    const file = path.join(dir, 'Dockerfile');
    const text = 'FROM node:20\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /tmp/x && npm ci && rm /tmp/x\n';
    writeFileSync(file, text);
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(file);
      const before = await client.pull(uri);
      expect(fromDiagnostics(before)).toEqual(cliFindings([file]).get(file));
      const target = before.find((d) => d.code === 'no-secret-arg');
      expect(target).toBeDefined();
      const actions = await client.codeActions(uri, target!.range, [target!]);
      const suggestion = actions.find((a) => !a.isPreferred && !a.title.startsWith('Disable '));
      expect(suggestion, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
      expect(suggestion!.kind).toBe('quickfix');
      await client.applyEdit(suggestion!.edit!);
      expect(client.document(uri).getText()).toContain('--mount=type=secret');
      const after = await client.pull(uri);
      expect(after.filter((d) => d.code === 'no-secret-arg')).toEqual([]);
      // The rewritten text lints the same in the CLI.
      writeFileSync(file, client.document(uri).getText());
      expect(fromDiagnostics(after)).toEqual(cliFindings([file]).get(file));
    } finally {
      await client.stop();
    }
  });

  test('every action offered for the leaky file applies cleanly and never shows the secret', async () => {
    const dir = project({ Dockerfile: LEAKY, '.env': 'X=1\n' });
    const file = path.join(dir, 'Dockerfile');
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(file);
      const items = await client.pull(uri);
      expect(items.length).toBeGreaterThan(0);
      const all = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, items);
      expect(all.filter((a) => a.title.startsWith('Disable ')).length).toBe(items.filter((d) => d.code !== 'parse-error').length);
      for (const action of all) expect(action.title).not.toContain(SECRET);
      for (const d of items) expect(JSON.stringify(d)).not.toContain(SECRET);
      // Suggestions (if the core offers any) are quick fixes too, never preferred.
      for (const action of all) expect(action.kind).toBe('quickfix');
    } finally {
      await client.stop();
    }
  });
});

describe('re-lint on external changes', () => {
  for (const mode of ['pull', 'push'] as const) {
    test(`editing .dockerignore on disk refreshes diagnostics (${mode})`, async () => {
      const dir = project({ Dockerfile: 'FROM node:20\nCOPY . /srv\n', '.env': 'TOKEN=x\n', '.dockerignore': 'node_modules\n' });
      const file = path.join(dir, 'Dockerfile');
      const client = await LspClient.start({ mode, rootDir: dir, initializationOptions: { debounceMs: 50 } });
      try {
        const since = client.published.length;
        const uri = await client.open(file);
        const before = mode === 'pull' ? await client.pull(uri) : (await client.waitForPublish(uri, since)).diagnostics;
        expect(fromDiagnostics(before)).toEqual(cliFindings([file]).get(file));
        expect(before.some((d) => d.code === 'no-context-secrets')).toBe(true);

        writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n**/.env*\n');
        const refreshes = client.refreshes;
        const mark = client.published.length;
        await client.changedFiles([{ file: path.join(dir, '.dockerignore'), type: 2 }]);
        let after: Diagnostic[];
        if (mode === 'pull') {
          await client.waitFor(() => client.refreshes > refreshes, 5000, 'refresh');
          after = await client.pull(uri);
        } else {
          after = (await client.waitForPublish(uri, mark)).diagnostics;
        }
        expect(after.some((d) => d.code === 'no-context-secrets')).toBe(false);
        expect(fromDiagnostics(after)).toEqual(cliFindings([file]).get(file));

        // A Dockerfile-specific ignore file (which wins over .dockerignore) brings it back.
        writeFileSync(path.join(dir, 'Dockerfile.dockerignore'), 'node_modules\n');
        const mark2 = client.published.length;
        const refreshes2 = client.refreshes;
        await client.changedFiles([{ file: path.join(dir, 'Dockerfile.dockerignore'), type: 1 }]);
        let again: Diagnostic[];
        if (mode === 'pull') {
          await client.waitFor(() => client.refreshes > refreshes2, 5000, 'refresh');
          again = await client.pull(uri);
        } else {
          again = (await client.waitForPublish(uri, mark2)).diagnostics;
        }
        expect(fromDiagnostics(again)).toEqual(cliFindings([file]).get(file));
        expect(again.some((d) => d.code === 'no-context-secrets')).toBe(true);
      } finally {
        await client.stop();
      }
    });
  }

  test('registers watchers for ignore files, config files and the build context', async () => {
    const client = await LspClient.start({ mode: 'pull' });
    try {
      await client.waitFor(() => client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 5000, 'registration');
      const watchers = (client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
      expect(watchers).toEqual(expect.arrayContaining(['**/.dockerignore', '**/*.dockerignore', '**/.dockerlintrc.json', '**/.dockerlintrc.yaml', '**/*']));
    } finally {
      await client.stop();
    }
  });

  test('a config file change (.dockerlintrc.json) is picked up', async () => {
    const dir = project({ Dockerfile: LEAKY, '.dockerignore': '**/.env*\n' });
    const file = path.join(dir, 'Dockerfile');
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(file);
      const before = await client.pull(uri);
      const ids = [...new Set(before.map((d) => String(d.code)))];
      expect(ids.length).toBeGreaterThan(0);
      const off = ids[0]!;
      writeFileSync(path.join(dir, '.dockerlintrc.json'), JSON.stringify({ root: true, rules: { [off]: 'off' } }));
      const refreshes = client.refreshes;
      await client.changedFiles([{ file: path.join(dir, '.dockerlintrc.json'), type: 1 }]);
      await client.waitFor(() => client.refreshes > refreshes, 5000, 'refresh');
      const after = await client.pull(uri);
      expect(after.some((d) => d.code === off)).toBe(false);
      expect(fromDiagnostics(after)).toEqual(cliFindings([file]).get(file));
    } finally {
      await client.stop();
    }
  });
});

describe('config problems', () => {
  test('a broken .dockerlintrc.json is one window/showMessage notification per change of the file, never a request', async () => {
    const dir = project({ Dockerfile: LEAKY, 'Dockerfile.dev': LEAKY, '.dockerlintrc.json': '{ "rules": { "no-secret-arg": "loud" } }' });
    const client = await LspClient.start({ rootDir: dir });
    try {
      const first = await client.open(path.join(dir, 'Dockerfile'));
      const second = await client.open(path.join(dir, 'Dockerfile.dev'));
      // Linted with the default configuration meanwhile: diagnostics still come.
      expect((await client.pull(first)).length).toBeGreaterThan(0);
      await client.pull(second);
      await client.change(first, `${LEAKY}# edited\n`);
      await client.pull(first);
      await client.waitFor(() => client.shownMessages.length > 0, 5000, 'showMessage');
      expect(client.shownMessages).toEqual([{ type: 1, message: expect.stringMatching(/^dockerlint: .*\.dockerlintrc\.json.*no-secret-arg.*\(linting with the default configuration\)$/) }]);

      // The file changes (still broken): shown once more; fixed: nothing more.
      writeFileSync(path.join(dir, '.dockerlintrc.json'), '{ "rules": { "no-secret-arg": "loud" }, "extra": 1 }');
      let refreshes = client.refreshes;
      await client.changedFiles([{ file: path.join(dir, '.dockerlintrc.json'), type: 2 }]);
      await client.waitFor(() => client.refreshes > refreshes, 5000, 'refresh');
      await client.pull(first);
      await client.pull(second);
      await client.waitFor(() => client.shownMessages.length > 1, 5000, 'second showMessage');
      writeFileSync(path.join(dir, '.dockerlintrc.json'), '{ "rules": { "no-secret-arg": "warn" } }');
      refreshes = client.refreshes;
      await client.changedFiles([{ file: path.join(dir, '.dockerlintrc.json'), type: 2 }]);
      await client.waitFor(() => client.refreshes > refreshes, 5000, 'refresh');
      await client.pull(first);
      await client.pull(second);
      expect(client.shownMessages).toHaveLength(2);
      expect(client.messageRequests).toEqual([]);
    } finally {
      await client.stop();
    }
  });
});

describe('configuration', () => {
  for (const mode of ['pull', 'push'] as const) {
    test(`workspace/configuration severities, rules off and enable (${mode})`, async () => {
      const dir = project({ Dockerfile: LEAKY, '.env': 'X=1\n' });
      const file = path.join(dir, 'Dockerfile');
      const client = await LspClient.start({ mode, rootDir: dir, initializationOptions: { debounceMs: 20 } });
      const diagnostics = async (uri: string, mark: number, refreshes: number): Promise<Diagnostic[]> => {
        if (mode === 'pull') {
          if (refreshes >= 0) await client.waitFor(() => client.refreshes > refreshes, 5000, 'refresh');
          return client.pull(uri);
        }
        return (await client.waitForPublish(uri, mark)).diagnostics;
      };
      try {
        const uri = await client.open(file);
        const before = await diagnostics(uri, 0, -1);
        expect(fromDiagnostics(before)).toEqual(cliFindings([file]).get(file));
        expect(client.configurationRequests).toBeGreaterThan(0);
        const errors = before.filter((d) => d.severity === 1);
        expect(errors.length).toBeGreaterThan(0);
        const toWarn = String(errors[0]!.code);
        const ids = [...new Set(before.map((d) => String(d.code)))];
        const toOff = ids.find((id) => id !== toWarn);

        let mark = client.published.length;
        let refreshes = client.refreshes;
        await client.changeConfiguration({ rules: { [toWarn]: 'warning', ...(toOff ? { [toOff]: 'off' } : {}) } });
        const after = await diagnostics(uri, mark, refreshes);
        expect(after.filter((d) => d.code === toWarn).every((d) => d.severity === 2)).toBe(true);
        expect(after.some((d) => d.code === toWarn)).toBe(true);
        if (toOff) expect(after.some((d) => d.code === toOff)).toBe(false);
        // Same as the CLI with the same severities in a config file.
        writeFileSync(path.join(dir, 'cli-config.json'), JSON.stringify({ rules: { [toWarn]: 'warning', ...(toOff ? { [toOff]: 'off' } : {}) } }));
        expect(fromDiagnostics(after)).toEqual(cliFindings([file], ['--config', path.join(dir, 'cli-config.json')]).get(file));

        mark = client.published.length;
        refreshes = client.refreshes;
        await client.changeConfiguration({ enable: false });
        expect(await diagnostics(uri, mark, refreshes)).toEqual([]);

        mark = client.published.length;
        refreshes = client.refreshes;
        await client.changeConfiguration({});
        expect(fromDiagnostics(await diagnostics(uri, mark, refreshes))).toEqual(fromDiagnostics(before));
      } finally {
        await client.stop();
      }
    });
  }

  test('the context setting overrides the build context', async () => {
    const dir = project({ Dockerfile: 'FROM node:20\nCOPY . /srv\n', '.dockerignore': '**/.env*\n' });
    const other = project({ '.env': 'TOKEN=x\n', 'id_rsa': 'k\n' });
    const file = path.join(dir, 'Dockerfile');
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(file);
      const before = await client.pull(uri);
      expect(fromDiagnostics(before)).toEqual(cliFindings([file]).get(file));
      const refreshes = client.refreshes;
      await client.changeConfiguration({ context: other });
      await client.waitFor(() => client.refreshes > refreshes, 5000, 'refresh');
      const after = await client.pull(uri);
      expect(fromDiagnostics(after)).toEqual(cliFindings([file], ['--context', other]).get(file));
    } finally {
      await client.stop();
    }
  });
});

describe('hover', () => {
  test('on a finding: the rule, why, fix and docs link — never the secret', async () => {
    const dir = project({ Dockerfile: LEAKY, '.env': 'X=1\n' });
    const client = await LspClient.start({ rootDir: dir });
    try {
      const uri = await client.open(path.join(dir, 'Dockerfile'));
      const items = await client.pull(uri);
      expect(items.length).toBeGreaterThan(0);
      for (const d of items) {
        const hover = await client.hover(uri, d.range.start);
        expect(hover).not.toBeNull();
        expect(hover!.contents.kind).toBe('markdown');
        expect(hover!.contents.value).toContain(String(d.code));
        expect(hover!.contents.value).toContain(d.codeDescription!.href);
        expect(hover!.contents.value).toContain('**Fix:**');
        expect(hover!.contents.value).not.toContain(SECRET);
      }
      expect(await client.hover(uri, { line: 0, character: 0 })).toBeNull();
    } finally {
      await client.stop();
    }
  });
});

describe('robustness', () => {
  test('close clears diagnostics (push and pull clients)', async () => {
    for (const mode of ['pull', 'push'] as const) {
      const dir = project({ Dockerfile: LEAKY });
      const client = await LspClient.start({ mode, rootDir: dir });
      try {
        const uri = await client.open(path.join(dir, 'Dockerfile'));
        if (mode === 'push') await client.waitForPublish(uri, 0, (p) => p.diagnostics.length > 0);
        else expect((await client.pull(uri)).length).toBeGreaterThan(0);
        const mark = client.published.length;
        await client.close(uri);
        await client.waitForPublish(uri, mark, (p) => p.diagnostics.length === 0);
        expect(await client.pull(uri).catch(() => [])).toEqual([]);
      } finally {
        await client.stop();
      }
    }
  });

  test('garbage documents never kill the server', async () => {
    const client = await LspClient.start({ mode: 'pull', initializationOptions: { debounceMs: 0 } });
    try {
      let seed = 42;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const tokens = ['FROM', 'RUN', 'COPY', 'ARG', 'ENV', '<<EOF', 'EOF', '\\', '\n', ' ', '$(', '${', '}', '"', "'", '--mount=type=secret', '#', '=', 'ONBUILD', '\t', '\r\n', '\u0000', '😀', 'ghp_', '&&', '|', '>'];
      const docs = [
        '',
        '\u0000\u0001\u0002 binary',
        'not a dockerfile at all',
        'FROM alpine\nRUN <<EOF\nunterminated heredoc',
        'FROM alpine\nRUN echo $(((((((((((((((((',
        'FROM\nCOPY\nARG\nENV =\nLABEL ==\n',
        '# escape=`\nFROM alpine\nRUN echo `\n  hi',
        'FROM alpine\n' + 'RUN '.padEnd(200_000, 'x') + '\n',
        ...Array.from({ length: 40 }, () => Array.from({ length: 1 + Math.floor(random() * 60) }, () => tokens[Math.floor(random() * tokens.length)]).join('')),
      ];
      let i = 0;
      for (const text of docs) {
        const uri = pathToFileURL(path.join(tmpdir(), `garbage-${i++}`, 'Dockerfile')).href;
        await client.open(uri, text);
        await client.pull(uri);
        await client.hover(uri, { line: 0, character: 1 });
        await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, []);
        await client.change(uri, text + '\nRUN x');
        await client.pull(uri);
        await client.close(uri);
      }
      // Unknown documents and malformed settings do not hurt either.
      expect(await client.pull('file:///nowhere/Dockerfile')).toEqual([]);
      await client.changeConfiguration({ rules: 'nonsense', enable: 'maybe', context: 42 } as unknown as Record<string, unknown>);
      const uri = await client.open('untitled:Untitled-1', LEAKY);
      const items = await client.pull(uri);
      expect(items.length).toBeGreaterThan(0);
      expect(client.exited).toBeUndefined();
    } finally {
      await client.stop();
    }
  });

  test('stale versions are dropped: rapid edits publish only the latest version', async () => {
    const dir = project({ Dockerfile: LEAKY });
    const client = await LspClient.start({ mode: 'push', rootDir: dir, initializationOptions: { debounceMs: 150 } });
    try {
      const uri = await client.open(path.join(dir, 'Dockerfile'));
      await client.waitForPublish(uri, 0);
      const mark = client.published.length;
      let version = 1;
      for (let n = 0; n < 10; n++) version = await client.edit(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: `RUN echo ${n}\n` }]);
      const last = await client.waitForPublish(uri, mark, (p) => p.version === version);
      expect(client.published.slice(mark).filter((p) => p.uri === uri).map((p) => p.version)).toEqual([version]);
      expect(fromDiagnostics(last.diagnostics).length).toBeGreaterThan(0);
    } finally {
      await client.stop();
    }
  });

  test('a pull for a version that changed while it was being served is cancelled with retrigger', async () => {
    const dir = project({ Dockerfile: LEAKY });
    const client = await LspClient.start({ mode: 'pull', rootDir: dir });
    try {
      const uri = await client.open(path.join(dir, 'Dockerfile'));
      await client.pull(uri);
      // Settings are re-read after a configuration change: the pull waits for the client, the edit overtakes it.
      void client.changeConfiguration({});
      const stale = client.pull(uri).then(
        () => undefined,
        (error: { code?: number; data?: unknown }) => error,
      );
      void client.change(uri, LEAKY + 'RUN echo later\n');
      const error = await stale;
      expect(error).toMatchObject({ code: -32802, data: { retriggerRequest: true } });
      // The retriggered pull gets the current version.
      expect(fromDiagnostics(await client.pull(uri)).length).toBeGreaterThan(0);
    } finally {
      await client.stop();
    }
  });

  test('a non-Dockerfile document (.dockerignore) gets no diagnostics', async () => {
    const client = await LspClient.start({ mode: 'pull' });
    try {
      const uri = await client.open('file:///tmp/x/.dockerignore', 'FROM alpine\nENV API_KEY=abcdef123456\n', 'ignore');
      expect(await client.pull(uri)).toEqual([]);
    } finally {
      await client.stop();
    }
  });
});
