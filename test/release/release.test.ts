/**
 * The release plumbing without a registry (that is `npm run release:check`): lockstep versions, the docs' marked
 * install blocks, and the staged npm packages — manifests a user may install, and a bundled core that lints with
 * the WebAssembly files it ships.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM scripts without types
import { block, commands, configFile, docBlocks, RELEASE_CHECK_BLOCKS } from '../../scripts/release/doc-blocks.mjs';
// @ts-expect-error plain ESM scripts without types
import { INSTALL_SCRIPTS, packAll } from '../../scripts/release/pack.mjs';
// @ts-expect-error plain ESM scripts without types
import { PUBLISHED, releaseVersion } from '../../scripts/release/packages.mjs';
// @ts-expect-error plain ESM scripts without types
import { pinVersions, syncPlan } from '../../scripts/release/version.mjs';

interface Manifest {
  name: string;
  version: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  files?: string[];
  license?: string;
  repository?: { directory?: string };
  engines?: { node?: string };
}
const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

describe('lockstep version', () => {
  it('every package, @dockerlint/* dependency and pinned doc version is the root version', () => {
    expect(syncPlan(releaseVersion()).problems).toEqual([]);
  });

  it('a new version reaches every manifest and doc pin', () => {
    const { problems } = syncPlan('9.8.7') as { problems: string[] };
    for (const { dir } of PUBLISHED as { dir: string }[]) expect(problems).toContain(`${dir}/package.json: version ${releaseVersion()}, expected 9.8.7`);
    expect(problems).toContain('README.md: pins a version other than 9.8.7');
  });

  it('no shipped source hard-codes the version (it is read from package.json)', () => {
    const version = releaseVersion() as string;
    const roots = ['packages/core/src', 'packages/cli/src', 'packages/cli/bin', 'packages/eslint-plugin/src', 'packages/language-server/src', 'packages/language-server/bin', 'rules'];
    const offenders: string[] = [];
    for (const root of roots) {
      const dir = new URL(`../../${root}/`, import.meta.url);
      for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
        if (!/\.(ts|cts|js)$/.test(rel) || rel.includes('dist/') || rel.includes('node_modules')) continue;
        if (readFileSync(new URL(rel, dir), 'utf8').match(new RegExp(`['"\`]${version.replace(/\./g, '\\.')}['"\`]`))) offenders.push(`${root}/${rel}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('pins dockerlint versions and nothing else', () => {
    const text = [
      '  - uses: dockerlint/dockerlint@v0.1.0',
      '  - uses: actions/checkout@v4',
      '    rev: v0.1.0',
      '    - npm install --global @dockerlint/cli@0.1.0',
      'uses: dockerlint/dockerlint@0123456789abcdef0123456789abcdef01234567 # v0.1.0',
      '  image: node:24-alpine',
      'ESLint v9.39.0 and eslint@9',
      '',
    ].join('\n');
    expect(pinVersions(text, '2.0.0-rc.1')).toBe(
      [
        '  - uses: dockerlint/dockerlint@v2.0.0-rc.1',
        '  - uses: actions/checkout@v4',
        '    rev: v2.0.0-rc.1',
        '    - npm install --global @dockerlint/cli@2.0.0-rc.1',
        'uses: dockerlint/dockerlint@0123456789abcdef0123456789abcdef01234567 # v2.0.0-rc.1',
        '  image: node:24-alpine',
        'ESLint v9.39.0 and eslint@9',
        '',
      ].join('\n'),
    );
  });
});

describe('install blocks in the docs', () => {
  const blocks = docBlocks();

  it('every block the release check runs is marked exactly once', () => {
    for (const id of RELEASE_CHECK_BLOCKS as string[]) expect(() => block(blocks, id)).not.toThrow();
    expect(() => block(blocks, 'no-such-block')).toThrow(/no <!-- release-check: no-such-block -->/);
  });

  it('the install commands are the published package names; config blocks name their file', () => {
    expect(commands(block(blocks, 'cli-install'))).toEqual(['npm install --save-dev @dockerlint/cli', 'npx dockerlint']);
    expect(commands(block(blocks, 'cli-npx'))[0]).toMatch(/^npx --yes @dockerlint\/cli\b/);
    expect(commands(block(blocks, 'eslint-install'))[0]).toContain('@dockerlint/eslint-plugin');
    expect(configFile(block(blocks, 'eslint-config-esm')).name).toBe('eslint.config.js');
    expect(configFile(block(blocks, 'eslint-config-cjs')).name).toBe('eslint.config.cjs');
    expect(configFile(block(blocks, 'eslint-config-cjs')).text).toContain("require('@dockerlint/eslint-plugin')");
    expect(configFile(block(blocks, 'eslint-config-eslintrc')).name).toBe('.eslintrc.cjs');
    expect(commands(block(blocks, 'language-server-install'))[0]).toBe('npm install --global @dockerlint/language-server');
  });

  it('README says the bare `npx dockerlint` is ours only once installed', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/bare `npx dockerlint` means this linter only once `@dockerlint\/cli` is installed/);
  });
});

describe('staged npm packages (scripts/release/pack.mjs)', () => {
  let root: string;
  let staged: string[];
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dockerlint-pack-'));
    staged = (await packAll(root)) as string[];
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stages every published package with the fields npm and users need, and nothing that runs at install', () => {
    expect(staged.map((dir) => readManifest(dir).name)).toEqual([
      '@dockerlint/core',
      '@dockerlint/rules',
      '@dockerlint/cli',
      '@dockerlint/eslint-plugin',
      '@dockerlint/language-server',
    ]);
    for (const dir of staged) {
      const pkg = readManifest(dir);
      expect(pkg.version).toBe(releaseVersion());
      expect(pkg.license).toBe('MIT');
      expect(pkg.repository?.directory).toBeTruthy();
      expect(pkg.engines?.node).toBe('>=20');
      expect(pkg.devDependencies).toBeUndefined();
      for (const script of INSTALL_SCRIPTS as string[]) expect(pkg.scripts?.[script]).toBeUndefined();
      expect(existsSync(path.join(dir, 'README.md')) && existsSync(path.join(dir, 'LICENSE'))).toBe(true);
      const files = readdirSync(dir, { recursive: true }) as string[];
      expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    }
  });

  it('core ships both WASM files and depends on neither tree-sitter package; the ESLint plugin only on core + rules', () => {
    const [core, , , plugin] = staged as [string, string, string, string];
    expect(Object.keys(readManifest(core).dependencies ?? {}).sort()).toEqual(['minimatch', 'yaml']);
    expect(readdirSync(path.join(core, 'wasm')).sort()).toEqual(['tree-sitter-bash.wasm', 'tree-sitter-hcl.wasm', 'web-tree-sitter.wasm']);
    expect(readFileSync(path.join(core, 'THIRD-PARTY-NOTICES.md'), 'utf8')).toMatch(/## web-tree-sitter .*\(MIT\)/);
    expect(Object.keys(readManifest(plugin).dependencies ?? {}).sort()).toEqual(['@dockerlint/core', '@dockerlint/rules']);
  });

  it('the bundled core parses shell with the WASM files of its own wasm/ folder', async () => {
    const core = (await import(pathToFileURL(path.join(staged[0]!, 'dist/index.js')).href)) as typeof import('@dockerlint/core');
    expect(core.isShellParserReady()).toBe(false); // a separate module instance from the development build
    await core.initialize();
    const script = core.parseShell('echo "$NPM_TOKEN" > /root/.npmrc && npm ci', (offset) => ({ line: 1, column: offset + 1 }));
    expect(script.commands.map((command) => command.name.value)).toEqual(['echo', 'npm']);
  });

  it('the CLI and the language server are one self-contained bundle each: no dependencies, the WASM files in wasm/, typed imports as optional peers', () => {
    const [, , cli, , server] = staged as [string, string, string, string, string];
    for (const [dir, peers] of [[cli, ['@dockerlint/core']], [server, ['@dockerlint/core', 'vscode-languageserver']]] as const) {
      const pkg = readManifest(dir);
      expect(pkg.dependencies, pkg.name).toBeUndefined();
      expect(Object.keys(pkg.peerDependencies ?? {}).sort(), pkg.name).toEqual(peers);
      expect(Object.values(pkg.peerDependenciesMeta ?? {}).every((meta) => meta.optional === true), pkg.name).toBe(true);
      expect(pkg.files, pkg.name).toEqual(['dist', 'bin', 'wasm', 'THIRD-PARTY-NOTICES.md']);
      expect(readdirSync(path.join(dir, 'wasm')).sort(), pkg.name).toEqual(['tree-sitter-bash.wasm', 'tree-sitter-hcl.wasm', 'web-tree-sitter.wasm']);
      // Flat: the bundled core looks for ../wasm/ from whichever file it landed in.
      expect((readdirSync(path.join(dir, 'dist'), { recursive: true }) as string[]).filter((file) => file.endsWith('.js') && file.includes(path.sep)), pkg.name).toEqual([]);
      const notices = readFileSync(path.join(dir, 'THIRD-PARTY-NOTICES.md'), 'utf8');
      for (const bundled of ['dockerfile-ast', 'web-tree-sitter', 'tree-sitter-bash', 'yaml']) expect(notices, `${pkg.name}: ${bundled}`).toMatch(new RegExp(`^## ${bundled} `, 'm'));
    }
  });

  it('the staged CLI lints outside any node_modules with its own bundle: the same report as the repository bin, YAML config included', () => {
    const cli = staged[2]!;
    const project = path.join(root, 'project');
    mkdirSync(path.join(project, '.git'), { recursive: true });
    writeFileSync(path.join(project, 'Dockerfile'), 'FROM alpine\nARG NPM_TOKEN\nRUN echo "$NPM_TOKEN" > /root/.npmrc && npm ci\nENV API_KEY=abc123\n');
    writeFileSync(path.join(project, '.dockerlintrc.yaml'), 'rules:\n  no-secret-env: off\n');
    const lint = (bin: string) => spawnSync(process.execPath, [bin, '--format', 'json', '.'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const published = lint(path.join(cli, 'bin/dockerlint.js'));
    const repository = lint(path.resolve(import.meta.dirname, '../../packages/cli/bin/dockerlint.js'));
    expect(published.stderr).toBe('');
    expect(published.status).toBe(repository.status);
    expect(published.stdout).toBe(repository.stdout);
    const ruleIds = (JSON.parse(published.stdout) as { messages: { ruleId: string }[] }[]).flatMap((file) => file.messages.map((m) => m.ruleId));
    expect(ruleIds).toContain('no-secret-arg');
    expect(ruleIds).not.toContain('no-secret-env'); // turned off by the YAML config: the yaml chunk loaded
  });

  it('the bundled core reads a bake file with the HCL grammar of its own wasm/ folder', async () => {
    const core = (await import(pathToFileURL(path.join(staged[0]!, 'dist/index.js')).href)) as typeof import('@dockerlint/core');
    const problems: unknown[] = [];
    const bakeFile = path.join(root, 'docker-bake.hcl');
    const builds = await core.readBakeDirectory([{ path: bakeFile, text: 'target "app" {\n  context = "."\n  target = "runtime"\n}\n' }], problems as never);
    expect(problems).toEqual([]);
    expect(builds.map((build) => [build.label, build.contextDir, build.target])).toEqual([[expect.stringContaining('app'), root, 'runtime']]);
  });
});

describe('the pre-commit hook package (the private root package, installed by pre-commit from a git checkout)', () => {
  it('declares every package that the unbundled core, rules and CLI import at run time', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const manifest = (dir: string) => JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const declared = new Set([
      ...Object.keys(manifest('.').dependencies ?? {}),
      ...['packages/core', 'rules', 'packages/cli'].flatMap((dir) => Object.keys(manifest(dir).dependencies ?? {})),
    ]);
    const imported = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
          for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'([^'.][^']*)'/gm)) {
            const specifier = match[1]!;
            if (specifier.startsWith('node:')) continue;
            imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
          }
        }
      }
    };
    for (const dir of ['packages/core/src', 'rules', 'packages/cli/src']) walk(path.join(root, dir));
    const missing = [...imported].filter((name) => !declared.has(name) && !name.startsWith('@dockerlint/')).sort();
    expect(missing).toEqual([]);
  });
});
