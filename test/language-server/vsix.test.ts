/**
 * `npm run package:vscode` → a .vsix whose manifest is right and whose bundled server starts on its own
 * (unpacked outside the repository, so nothing can come from node_modules) and reports diagnostics.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ruleIds } from '@dockerlint/rules';
import { cliFindings, fromDiagnostics, LspClient, REPO } from './client.js';

const VSCODE_DIR = path.join(REPO, 'packages/vscode');
const manifestSource = JSON.parse(readFileSync(path.join(VSCODE_DIR, 'package.json'), 'utf8')) as { name: string; version: string };
const VSIX = path.join(VSCODE_DIR, 'dist', `${manifestSource.name}-${manifestSource.version}.vsix`);

let unpacked: string;
const temps: string[] = [];

function unzip(file: string, dest: string): void {
  const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
  if (hasUnzip) execFileSync('unzip', ['-q', '-o', file, '-d', dest]);
  else execFileSync('python3', ['-m', 'zipfile', '-e', file, dest]);
}

beforeAll(() => {
  if (process.env.DOCKERLINT_REUSE_VSIX !== '1' || !existsSync(VSIX)) {
    // What `npm run package:vscode` runs after `tsc -b` (already done by the test command; not repeated here
    // so that no compiled file is rewritten while other test files run).
    expect(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts['package:vscode']).toBe('tsc -b && node packages/vscode/scripts/package.mjs');
    execFileSync(process.execPath, [path.join(VSCODE_DIR, 'scripts/package.mjs')], { cwd: REPO, stdio: 'pipe', timeout: 280_000 });
  }
  unpacked = mkdtempSync(path.join(tmpdir(), 'dockerlint-vsix-'));
  temps.push(unpacked);
  unzip(VSIX, unpacked);
}, 300_000);

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('the .vsix', () => {
  test('contains the manifest, the bundles and the WASM files — and nothing else', () => {
    const ext = path.join(unpacked, 'extension');
    for (const file of ['package.json', 'dist/extension.cjs', 'dist/server/server.cjs', 'dist/server/web-tree-sitter.wasm', 'dist/server/tree-sitter-bash.wasm']) {
      expect(existsSync(path.join(ext, file)), file).toBe(true);
    }
    expect(existsSync(path.join(ext, 'node_modules'))).toBe(false);
    expect(existsSync(path.join(ext, 'src'))).toBe(false);
    expect(readFileSync(path.join(unpacked, 'extension.vsixmanifest'), 'utf8')).toContain('Microsoft.VisualStudio.Code');

    const manifest = JSON.parse(readFileSync(path.join(ext, 'package.json'), 'utf8')) as {
      main: string;
      engines: { vscode: string };
      activationEvents: string[];
      contributes: { languages: { id: string; filenamePatterns?: string[] }[]; configuration: { properties: Record<string, { properties?: Record<string, unknown> }> } };
    };
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(manifest.engines.vscode).toBe('^1.91.0');
    expect(manifest.activationEvents).toContain('onLanguage:dockerfile');
    const language = manifest.contributes.languages.find((l) => l.id === 'dockerfile');
    expect(language?.filenamePatterns).toEqual(expect.arrayContaining(['?*.Dockerfile', '?*.dockerfile', 'Containerfile.?*']));
    const properties = manifest.contributes.configuration.properties;
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['dockerlint.enable', 'dockerlint.rules', 'dockerlint.context', 'dockerlint.target']));
    // Every rule of the catalogue can be configured from the settings UI, and no other.
    expect(Object.keys(properties['dockerlint.rules']!.properties ?? {}).sort()).toEqual([...ruleIds].sort());
  });

  test('the bundles require only Node built-ins (and vscode, for the extension)', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const [file, allowed] of [
      ['dist/server/server.cjs', new Set<string>()],
      ['dist/extension.cjs', new Set(['vscode'])],
    ] as const) {
      const code = readFileSync(path.join(unpacked, 'extension', file), 'utf8');
      const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      const foreign = [...new Set(required.filter((id) => !builtins.has(id) && !allowed.has(id)))];
      expect({ file, foreign }).toEqual({ file, foreign: [] });
    }
  });

  test('the bundled server starts over stdio on its own and reports the same diagnostics as the CLI', async () => {
    const server = path.join(unpacked, 'extension/dist/server/server.cjs');
    const dir = mkdtempSync(path.join(tmpdir(), 'dockerlint-vsix-project-'));
    temps.push(dir);
    const file = path.join(dir, 'Dockerfile');
    writeFileSync(
      file,
      ['FROM node:20', 'ARG NPM_TOKEN=abc123', 'RUN --mount=type=secret,id=npm echo "//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm)" > ~/.npmrc && npm ci', 'COPY . /app', ''].join('\n'),
    );
    writeFileSync(path.join(dir, '.env'), 'DB_PASSWORD=x\n');
    const client = await LspClient.start({ server, mode: 'pull', rootDir: dir });
    try {
      const uri = await client.open(file);
      const items = await client.pull(uri);
      expect(items.length).toBeGreaterThan(0);
      expect(fromDiagnostics(items)).toEqual(cliFindings([file]).get(file));
      expect(client.logs.join('\n')).not.toMatch(/shell parser failed/);
      expect(client.stderr).toBe('');
    } finally {
      await client.stop();
    }
    // Push mode too (a client without pull support).
    const push = await LspClient.start({ server, mode: 'push', rootDir: dir });
    try {
      const uri = await push.open(file);
      const published = await push.waitForPublish(uri, 0);
      expect(fromDiagnostics(published.diagnostics)).toEqual(cliFindings([file]).get(file));
    } finally {
      await push.stop();
    }
  });
});
