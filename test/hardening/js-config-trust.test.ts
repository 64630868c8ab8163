/**
 * Trust boundary: `dockerlint.config.js` runs code when loaded, so where the repository is not trusted
 * (`--no-js-config`, DOCKERLINT_NO_JS_CONFIG, the language server's `allowJsConfig: false`) it is never imported:
 * a marker file that the config writes when loaded must never appear, the run says so once, and the findings
 * equal a run with the remaining (JSON/YAML) configuration.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_BIN, LspClient } from '../language-server/client.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dockerlint-js-trust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LEAKY = 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n';

/** A repository with a JSON config at its root and a JS config (that writes `marker`) in the app folder. */
function repository(name: string, marker: string): { root: string; app: string; dockerfile: string } {
  const root = path.join(tmp, name);
  const app = path.join(root, 'app');
  mkdirSync(app, { recursive: true });
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.dockerlintrc.json'), '{ "rules": { "no-secret-in-build-output": "off" } }\n');
  writeFileSync(path.join(app, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    path.join(app, 'dockerlint.config.js'),
    `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { rules: { 'no-secret-arg': 'off' } };\n`,
  );
  const dockerfile = path.join(app, 'Dockerfile');
  writeFileSync(dockerfile, LEAKY);
  return { root, app, dockerfile };
}

function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI_BIN, '--no-color', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DOCKERLINT_NO_JS_CONFIG: '', ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

type JsonResult = { filePath: string; messages: { ruleId: string | null; line: number; column: number; severity: number }[] }[];
const ruleIds = (stdout: string) => (JSON.parse(stdout) as JsonResult).flatMap((r) => r.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`));

describe('CLI: JS config not allowed', () => {
  let marker: string;
  let repo: ReturnType<typeof repository>;
  let n = 0;
  beforeEach(() => {
    n++;
    marker = path.join(tmp, `marker-${n}`);
    repo = repository(`cli-${n}`, marker);
  });

  it('loads dockerlint.config.js by default (it runs code)', () => {
    const run = cli(repo.root, ['--format', 'json', 'app']);
    expect(existsSync(marker)).toBe(true);
    expect(ruleIds(run.stdout)).not.toContain('no-secret-arg@2:5');
    expect(run.stderr).toBe('');
  });

  for (const [how, args, env] of [
    ['--no-js-config', ['--no-js-config'], {}],
    ['DOCKERLINT_NO_JS_CONFIG=1', [], { DOCKERLINT_NO_JS_CONFIG: '1' }],
  ] as const) {
    it(`${how}: never imports it, says so once, and lints with the JSON config`, () => {
      const run = cli(repo.root, ['--format', 'json', ...args, 'app'], env);
      expect(existsSync(marker)).toBe(false);
      const why = how === '--no-js-config' ? '--no-js-config' : 'DOCKERLINT_NO_JS_CONFIG is set';
      expect(run.stderr).toBe(`dockerlint: not loading JS config app/dockerlint.config.js (${why}); linting with the remaining configuration\n`);
      // Identical to linting with the JSON config alone (the JS config removed).
      const withoutJs = repository(`cli-${n}-no-js`, path.join(tmp, `unused-${n}`));
      rmSync(path.join(withoutJs.app, 'dockerlint.config.js'));
      const reference = cli(withoutJs.root, ['--format', 'json', 'app']);
      expect(ruleIds(run.stdout)).toEqual(ruleIds(reference.stdout));
      expect(run.code).toBe(reference.code);
      expect(ruleIds(run.stdout)).toContain('no-secret-arg@2:5');
    });
  }

  it('says so once for many Dockerfiles under the same JS config', () => {
    writeFileSync(path.join(repo.app, 'api.Dockerfile'), LEAKY);
    writeFileSync(path.join(repo.app, 'worker.Dockerfile'), LEAKY);
    const run = cli(repo.root, ['--no-js-config', '--format', 'json', 'app']);
    expect((JSON.parse(run.stdout) as JsonResult)).toHaveLength(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
  });

  it('a JS config named with --config is refused with exit 2, not silently replaced by the defaults', () => {
    const run = cli(repo.root, ['--no-js-config', '--config', 'app/dockerlint.config.js', 'app']);
    expect(existsSync(marker)).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dockerlint: .*app\/dockerlint\.config\.js: \(file\): JS config is not allowed in this run/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('SARIF carries one toolConfigurationNotification', () => {
    const run = cli(repo.root, ['--no-js-config', '--format', 'sarif', 'app']);
    const sarif = JSON.parse(run.stdout) as { runs: { invocations?: { executionSuccessful: boolean; toolConfigurationNotifications?: { descriptor: { id: string }; level: string; message: { text: string } }[] }[] }[] };
    const notifications = sarif.runs[0]!.invocations?.[0]?.toolConfigurationNotifications ?? [];
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.descriptor.id).toBe('js-config-not-loaded');
    expect(notifications[0]!.message.text).toContain('app/dockerlint.config.js');
  });

  it('--print-config lists the skipped JS config and does not run it', () => {
    const run = cli(repo.root, ['--no-js-config', '--print-config', 'app/Dockerfile']);
    expect(existsSync(marker)).toBe(false);
    const printed = JSON.parse(run.stdout) as { files: string[]; skippedJsConfigs?: string[] };
    expect(printed.files).toEqual([path.join(repo.root, '.dockerlintrc.json')]);
    expect(printed.skippedJsConfigs).toEqual([path.join(repo.app, 'dockerlint.config.js')]);
  });
});

describe('language server: allowJsConfig', () => {
  it('an untrusted workspace never imports it, shows one notification, and trusting it lifts that without a restart', async () => {
    const marker = path.join(tmp, 'marker-ls');
    const repo = repository('ls', marker);
    const client = await LspClient.start({ rootDir: repo.root, initializationOptions: { allowJsConfig: false } });
    try {
      const uri = await client.open(repo.dockerfile);
      const untrusted = await client.pull(uri);
      expect(existsSync(marker)).toBe(false);
      expect(untrusted.map((d) => d.code)).toContain('no-secret-arg');
      await client.waitFor(() => client.shownMessages.length > 0, 5000, 'showMessage');
      // A second lint of the same document does not announce it again.
      await client.change(uri, `${LEAKY}RUN echo again\n`);
      await client.pull(uri);
      expect(client.shownMessages).toEqual([
        { type: 3, message: `dockerlint: not loading JS config ${path.join(repo.app, 'dockerlint.config.js')} (the workspace is not trusted); linting with the remaining configuration` },
      ]);
      expect(client.messageRequests).toEqual([]);

      const refreshes = client.refreshes;
      await client.sendNotification('dockerlint/setJsConfigAllowed', { allowed: true });
      await client.waitFor(() => client.refreshes > refreshes, 5000, 'refresh');
      const trusted = await client.pull(uri);
      expect(existsSync(marker)).toBe(true);
      expect(trusted.map((d) => d.code)).not.toContain('no-secret-arg');
    } finally {
      await client.stop();
    }
  });

  it('DOCKERLINT_NO_JS_CONFIG in the server environment disallows it without an initialization option', async () => {
    const marker = path.join(tmp, 'marker-ls-env');
    const repo = repository('ls-env', marker);
    const previous = process.env.DOCKERLINT_NO_JS_CONFIG;
    process.env.DOCKERLINT_NO_JS_CONFIG = '1'; // inherited by the spawned server
    const client = await LspClient.start({ rootDir: repo.root });
    try {
      const uri = await client.open(repo.dockerfile);
      const diagnostics = await client.pull(uri);
      expect(existsSync(marker)).toBe(false);
      expect(diagnostics.map((d) => d.code)).toContain('no-secret-arg');
    } finally {
      await client.stop();
      if (previous === undefined) delete process.env.DOCKERLINT_NO_JS_CONFIG;
      else process.env.DOCKERLINT_NO_JS_CONFIG = previous;
    }
  });
});
