#!/usr/bin/env node
/**
 * `npm run release:check`: the npm packages, installed the way the docs tell users to, from a real registry.
 *
 * 1. Verdaccio (a real npm registry; pinned in scripts/release/verdaccio/) on 127.0.0.1, storage in a temporary
 *    folder, no uplinks. Every staged package (build/npm/*, `npm run release:pack`) is published to it.
 * 2. Fresh temporary projects whose `.npmrc` sets only `@dockerlint:registry` (everything else comes from the
 *    normal npm registry) run the docs' own commands — the code blocks marked `<!-- release-check: <id> -->` in
 *    README.md and docs/*.md (doc-blocks.mjs) — and check what they do: the CLI in a project and through npx,
 *    ESLint 10/9 (ESM and CommonJS projects) and 8 (.eslintrc), the language server installed globally (help,
 *    version, one LSP round trip), the GitHub Action's run steps from action.yml, docs/ci.md's workflow without
 *    the action, and the GitLab recipe.
 * 3. Budgets: the CLI's installed size (du), what the ESLint plugin adds, the Action's set-up size and time.
 *
 * Exit 0 when everything holds, 1 with the failures listed. Needs the npm registry (ESLint, the packages'
 * dependencies, Verdaccio itself on the first run).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { block, commands, configFile, docBlocks, RELEASE_CHECK_BLOCKS } from './doc-blocks.mjs';
import { INSTALL_SCRIPTS, stageDir } from './pack.mjs';
import { PUBLISHED, readJson, releaseVersion, repoRoot } from './packages.mjs';
import { syncPlan } from './version.mjs';

const { fakes } = await import(pathToFileURL(path.join(repoRoot, 'packages/core/dist/secrets/fakes.js')).href);

/** Budgets from the release requirements. */
const CLI_INSTALL_BUDGET_KB = 6 * 1024;
const ACTION_SETUP_BUDGET_KB = 10 * 1024;
const ACTION_SETUP_BUDGET_MS = 10_000;
const COMMAND_TIMEOUT_MS = 300_000;

const started = Date.now();
const version = releaseVersion();
const blocks = docBlocks();
const work = mkdtempSync(path.join(tmpdir(), 'dockerlint-release-'));
const failures = [];
const figures = [];
const children = new Set();

function log(line) {
  process.stdout.write(`${line}\n`);
}

function check(condition, message) {
  if (!condition) failures.push(message);
  return condition;
}

// ---------------------------------------------------------------------------------------------------- processes

/** The environment of a user's shell: none of the `npm_*` variables `npm run` adds for this repository. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** Runs `command` with bash in `cwd`; resolves with the exit code, output and duration (never rejects). */
function sh(command, { cwd, env, timeout = COMMAND_TIMEOUT_MS } = {}) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ command, code: signal ? `killed (${signal}, ${timeout / 1000} s limit)` : code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

function describe(result) {
  return `\`${result.command}\` exited ${result.code}\n${(result.stdout + result.stderr).trim().split('\n').slice(-15).join('\n')}`;
}

/** Every command run by expectExit, printed at the end (most are the docs' own lines). */
const commandsRun = new Set();

/** Runs a doc command and records a failure unless it exits `expected`. */
async function expectExit(command, expected, options, label) {
  commandsRun.add(command);
  const result = await sh(command, options);
  check(result.code === expected, `${label}: expected exit ${expected}, ${describe(result)}`);
  return result;
}

function duKb(dir) {
  return sh(`du -sk ${JSON.stringify(dir)}`).then((r) => Number(r.stdout.split('\t')[0]));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------- registry

const VERDACCIO_DIR = path.join(repoRoot, 'scripts/release/verdaccio');
const VERDACCIO_CACHE = path.join(repoRoot, 'node_modules/.cache/dockerlint-release/verdaccio');

/** Verdaccio from its own lockfile, installed once into node_modules/.cache (reinstalled when the lockfile changes). */
async function installVerdaccio() {
  const lock = readFileSync(path.join(VERDACCIO_DIR, 'package-lock.json'));
  const stamp = createHash('sha256').update(lock).digest('hex');
  const stampFile = path.join(VERDACCIO_CACHE, '.lock-sha256');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  rmSync(VERDACCIO_CACHE, { recursive: true, force: true });
  mkdirSync(VERDACCIO_CACHE, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(path.join(VERDACCIO_DIR, file), path.join(VERDACCIO_CACHE, file));
  const result = await sh('npm ci --no-audit --no-fund --loglevel=error', { cwd: VERDACCIO_CACHE, env: cleanEnv() });
  if (result.code !== 0) throw new Error(`installing Verdaccio failed: ${describe(result)}`);
  writeFileSync(stampFile, stamp);
}

async function startRegistry() {
  await installVerdaccio();
  const dir = path.join(work, 'registry');
  mkdirSync(dir);
  const port = await freePort();
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
      '    max_users: 1',
      'uplinks: {}', // nothing is proxied: a package that was not published here does not exist here
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: error }',
      '',
    ].join('\n'),
  );
  const pkg = readJson(path.join(VERDACCIO_CACHE, 'node_modules/verdaccio/package.json'));
  const bin = path.join(VERDACCIO_CACHE, 'node_modules/verdaccio', typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.verdaccio);
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited ${child.exitCode}: ${output.slice(-2000)}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Verdaccio did not answer on ${url} within 60 s: ${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const user = await fetch(`${url}-/user/org.couchdb.user:release-check`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'release-check', password: 'release-check-local-only', type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const { token } = await user.json();
  if (!token) throw new Error(`Verdaccio refused the publishing user (HTTP ${user.status})`);
  return { url, token, version: pkg.version };
}

/** The staged packages must be what a user may install: no install scripts, no native tree-sitter-bash. */
function checkStagedManifests() {
  for (const { dir } of PUBLISHED) {
    const staged = stageDir(dir);
    const pkg = readJson(path.join(staged, 'package.json'));
    check(pkg.version === version, `${pkg.name}: staged version ${pkg.version}, expected ${version}`);
    for (const script of INSTALL_SCRIPTS) check(!pkg.scripts?.[script], `${pkg.name}: has an install script (${script})`);
    check(!pkg.devDependencies, `${pkg.name}: staged manifest still lists devDependencies`);
    for (const field of ['license', 'repository', 'engines', 'exports', 'types', 'files']) check(pkg[field] !== undefined, `${pkg.name}: no ${field}`);
    for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
      check(name !== 'tree-sitter-bash', `${pkg.name}: depends on the native tree-sitter-bash package`);
      if (name.startsWith('@dockerlint/')) check(range === version, `${pkg.name}: depends on ${name}@${range}, expected ${version}`);
    }
    check(existsSync(path.join(staged, 'README.md')) && existsSync(path.join(staged, 'LICENSE')), `${pkg.name}: README.md or LICENSE missing`);
  }
  check(existsSync(path.join(stageDir('packages/core'), 'wasm/tree-sitter-bash.wasm')), '@dockerlint/core: wasm/tree-sitter-bash.wasm is not shipped');
}

async function publishAll(registry) {
  const rc = path.join(work, 'publish.npmrc');
  writeFileSync(rc, `registry=${registry.url}\n//${new URL(registry.url).host}/:_authToken=${registry.token}\n`);
  for (const { dir } of PUBLISHED) {
    const result = await sh(`npm publish ${JSON.stringify(stageDir(dir))} --registry ${registry.url} --userconfig ${JSON.stringify(rc)} --loglevel=error`, { cwd: work, env: cleanEnv() });
    if (result.code !== 0) throw new Error(`publishing ${dir} failed: ${describe(result)}`);
  }
}

// ---------------------------------------------------------------------------------------------------- projects

const LEAKY_TOKEN = fakes.githubClassic(13);

const LEAKY = {
  Dockerfile: [
    'FROM node:20',
    'ARG NPM_TOKEN',
    'WORKDIR /app',
    'COPY . .',
    'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci',
    `ENV GITHUB_TOKEN=${LEAKY_TOKEN}`,
    'CMD ["node", "server.js"]',
    '',
  ].join('\n'),
  // no package.json here: `npx dockerlint` in this folder must find the project's install one folder up
  '.env': 'DATABASE_URL=postgres://localhost/app\n',
};
/** Rules the leaky Dockerfile fires whatever their configured severity; each needs a different part of the engine. */
const LEAKY_RULES = ['no-context-secrets', 'no-persisted-secret', 'no-secret-env', 'no-hardcoded-secret', 'no-secret-arg'];

const CLEAN = {
  Dockerfile: [
    '# syntax=docker/dockerfile:1',
    'FROM node:20 AS build',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    'COPY src/ src/',
    'RUN npm run build',
    '',
    'FROM node:20-slim',
    'COPY --from=build /app/dist /app/dist',
    'CMD ["node", "/app/dist/server.js"]',
    '',
  ].join('\n'),
};

function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

/**
 * A fresh project: `.npmrc` with only the @dockerlint scope pointing at the local registry (also used as the
 * user config, so no setting of this machine leaks in), optional package.json, and `leaky/` + `clean/` folders.
 */
function project(name, registry, { packageJson, fixtures = true } = {}) {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, '.npmrc'), `@dockerlint:registry=${registry.url}\n`);
  if (packageJson) writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true, ...packageJson }, null, 2)}\n`);
  if (fixtures) {
    writeFiles(path.join(dir, 'leaky'), LEAKY);
    writeFiles(path.join(dir, 'clean'), CLEAN);
  }
  const env = cleanEnv({ NPM_CONFIG_USERCONFIG: path.join(dir, '.npmrc') });
  return { dir, env };
}

function checkNoSecret(label, text) {
  check(!text.includes(LEAKY_TOKEN.slice(4, 24)), `${label}: the output contains the secret`);
}

function checkLeakyFindings(label, output, prefix = '') {
  for (const rule of LEAKY_RULES) check(output.includes(`${prefix}${rule}`), `${label}: no ${prefix}${rule} finding in\n${output.slice(-3000)}`);
  checkNoSecret(label, output);
}

/** Installed packages (node_modules/.package-lock.json) → name@version, for before/after comparisons. */
function installedPackages(dir) {
  const lock = path.join(dir, 'node_modules/.package-lock.json');
  if (!existsSync(lock)) return new Map();
  return new Map(Object.entries(readJson(lock).packages).map(([key, value]) => [key, value.version]));
}

/** Every package in a tree that could run something at install: install scripts or a node-gyp build. */
function installTimeCode(dir) {
  const found = [];
  for (const [key, value] of Object.entries(existsSync(path.join(dir, 'node_modules/.package-lock.json')) ? readJson(path.join(dir, 'node_modules/.package-lock.json')).packages : {})) {
    if (value.hasInstallScript) found.push(key);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------- scenarios

async function cliInProject(registry) {
  const { dir, env } = project('cli', registry, { packageJson: {} });
  const [install, ...run] = commands(block(blocks, 'cli-install'));
  if ((await expectExit(install, 0, { cwd: dir, env }, 'README cli-install')).code !== 0) return;
  const kb = await duKb(path.join(dir, 'node_modules'));
  figures.push(`CLI installed size (npm install --save-dev @dockerlint/cli; du -sk node_modules): ${kb} KB (budget ${CLI_INSTALL_BUDGET_KB} KB)`);
  check(kb <= CLI_INSTALL_BUDGET_KB, `CLI install is ${kb} KB, over the ${CLI_INSTALL_BUDGET_KB} KB budget`);
  check(installTimeCode(dir).length === 0, `CLI install has packages with install scripts: ${installTimeCode(dir).join(', ')}`);
  check(!existsSync(path.join(dir, 'node_modules/tree-sitter-bash')), 'CLI install contains the native tree-sitter-bash package');
  check(installedPackages(dir).get('node_modules/@dockerlint/cli') === version, `CLI install did not install @dockerlint/cli@${version}`);
  for (const line of run) {
    const leaky = await expectExit(line, 1, { cwd: path.join(dir, 'leaky'), env }, `README \`${line}\` on a leaky Dockerfile`);
    checkLeakyFindings(`README \`${line}\` (leaky)`, leaky.stdout);
    await expectExit(line, 0, { cwd: path.join(dir, 'clean'), env }, `README \`${line}\` on a clean Dockerfile`);
  }
  const versionRun = await expectExit('npx dockerlint --version', 0, { cwd: dir, env }, 'npx dockerlint --version');
  check(versionRun.stdout.trim() === version, `npx dockerlint --version printed ${JSON.stringify(versionRun.stdout.trim())}, expected ${version}`);
  const sarifRun = await expectExit('npx dockerlint --format sarif .', 1, { cwd: path.join(dir, 'leaky'), env }, 'npx dockerlint --format sarif');
  try {
    const sarif = JSON.parse(sarifRun.stdout);
    check(sarif.runs[0].tool.driver.version === version, `SARIF tool.driver.version is ${sarif.runs[0].tool.driver.version}, expected ${version}`);
    check(sarif.runs[0].results.length >= LEAKY_RULES.length, 'SARIF has fewer results than the leaky Dockerfile has findings');
  } catch (error) {
    check(false, `SARIF output does not parse: ${error.message}`);
  }
  checkNoSecret('SARIF', sarifRun.stdout);
}

async function cliThroughNpx(registry) {
  const { dir, env } = project('npx', registry);
  // A cache of its own: npx must download the just-published package, not reuse an earlier run's.
  const npxEnv = { ...env, npm_config_cache: path.join(work, 'npx-cache') };
  for (const line of commands(block(blocks, 'cli-npx'))) {
    const leaky = await expectExit(line, 1, { cwd: path.join(dir, 'leaky'), env: npxEnv }, `README \`${line}\` (nothing installed) on a leaky Dockerfile`);
    checkLeakyFindings(`README \`${line}\` (leaky)`, leaky.stdout);
    await expectExit(line, 0, { cwd: path.join(dir, 'clean'), env: npxEnv }, `README \`${line}\` on a clean Dockerfile`);
    const versionRun = await sh(`${line} --version`, { cwd: dir, env: npxEnv });
    check(versionRun.stdout.trim() === version, `\`${line} --version\` printed ${JSON.stringify(versionRun.stdout.trim())}, expected ${version}`);
  }
}

/** The README's ESLint commands, with `eslint` pinned to one major version (the README names the others). */
function eslintInstall(major) {
  const [line] = commands(block(blocks, 'eslint-install'));
  check(/(^|\s)eslint(\s|$)/.test(line), `README eslint-install does not install eslint: ${line}`);
  return line.replace(/(^|\s)eslint(?=\s|$)/, `$1eslint@${major}`);
}

/** Packages the plugin may add to a project that already has ESLint: its own, core, rules and their dependencies. */
function allowedPluginAdditions(dir) {
  const lock = readJson(path.join(dir, 'node_modules/.package-lock.json')).packages;
  // Every copy of a package in the tree (hoisted or nested) counts: its dependencies are allowed too.
  const dependenciesOf = (name) =>
    Object.entries(lock)
      .filter(([key]) => key.endsWith(`node_modules/${name}`))
      .flatMap(([, entry]) => Object.keys(entry.dependencies ?? {}));
  const allowed = new Set(['@dockerlint/eslint-plugin']);
  const queue = ['@dockerlint/core', '@dockerlint/rules'];
  while (queue.length > 0) {
    const name = queue.pop();
    if (allowed.has(name)) continue;
    allowed.add(name);
    queue.push(...dependenciesOf(name));
  }
  return allowed;
}

async function eslintProject(registry, { major, type, configs, measureDelta }) {
  const label = `ESLint ${major} (${type} project)`;
  const { dir, env } = project(`eslint${major}-${type}`, registry, { packageJson: type === 'esm' ? { type: 'module' } : {} });
  let before;
  if (measureDelta) {
    await expectExit(`npm install --save-dev eslint@${major}`, 0, { cwd: dir, env }, `${label}: eslint alone`);
    before = { packages: installedPackages(dir), kb: await duKb(path.join(dir, 'node_modules')) };
  }
  if ((await expectExit(eslintInstall(major), 0, { cwd: dir, env }, `${label}: README eslint-install`)).code !== 0) return;
  if (before) {
    const after = installedPackages(dir);
    const allowed = allowedPluginAdditions(dir);
    const added = [...after.keys()].filter((key) => !before.packages.has(key)).map((key) => key.replace(/^.*node_modules\//, ''));
    const extra = added.filter((name) => !allowed.has(name));
    const kb = (await duKb(path.join(dir, 'node_modules'))) - before.kb;
    figures.push(`ESLint ${major} plugin delta: +${added.length} packages (${added.join(', ')}), +${kb} KB`);
    check(extra.length === 0, `${label}: @dockerlint/eslint-plugin added packages beyond core + rules: ${extra.join(', ')}`);
    check(installTimeCode(dir).length === 0, `${label}: packages with install scripts: ${installTimeCode(dir).join(', ')}`);
  }
  const [run] = commands(block(blocks, 'eslint-run'));
  for (const config of configs) {
    for (const file of readdirSync(dir)) if (/^(eslint\.config\.|\.eslintrc)/.test(file)) rmSync(path.join(dir, file));
    writeFileSync(path.join(dir, config.name), config.text);
    const prefix = major === 8 ? '@dockerlint/' : 'dockerlint/';
    const leaky = await expectExit(run, 1, { cwd: path.join(dir, 'leaky'), env }, `${label} with ${config.name}: README \`${run}\` on a leaky Dockerfile`);
    checkLeakyFindings(`${label} with ${config.name}`, leaky.stdout, prefix);
    await expectExit(run, 0, { cwd: path.join(dir, 'clean'), env }, `${label} with ${config.name}: README \`${run}\` on a clean Dockerfile`);
  }
}

async function eslintProjects(registry) {
  const esm = configFile(block(blocks, 'eslint-config-esm'));
  const cjs = configFile(block(blocks, 'eslint-config-cjs'));
  // The README: in a CommonJS project the ESM config is named eslint.config.mjs.
  const mjs = { name: esm.name.replace(/\.js$/, '.mjs'), text: esm.text.replace(esm.name, esm.name.replace(/\.js$/, '.mjs')) };
  const eslintrc = configFile(block(blocks, 'eslint-config-eslintrc'));
  return Promise.all([
    eslintProject(registry, { major: 10, type: 'esm', configs: [esm], measureDelta: true }),
    eslintProject(registry, { major: 10, type: 'commonjs', configs: [cjs, mjs] }),
    eslintProject(registry, { major: 9, type: 'esm', configs: [esm] }),
    eslintProject(registry, { major: 9, type: 'commonjs', configs: [cjs, mjs] }),
    eslintProject(registry, { major: 8, type: 'commonjs', configs: [eslintrc], measureDelta: true }),
  ]);
}

/** One LSP exchange over stdio: initialize, open the leaky Dockerfile, wait for its diagnostics, shut down. */
function lspRoundTrip(bin, env, file) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--stdio'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    child.stdin.on('error', () => {}); // a server that died is reported by the timeout, not by a crash here
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) reject(new Error(`the server exited ${code} before publishing diagnostics`));
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no diagnostics within 60 s'));
    }, 60_000);
    let buffer = Buffer.alloc(0);
    let serverInfo;
    const send = (message) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
      child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    };
    const uri = pathToFileURL(file).href;
    child.stdout.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.id === 1) {
          serverInfo = message.result?.serverInfo;
          send({ method: 'initialized', params: {} });
          send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'dockerfile', version: 1, text: readFileSync(file, 'utf8') } } });
        } else if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === uri && message.params.diagnostics.length > 0) {
          send({ id: 2, method: 'shutdown' });
          clearTimeout(timer);
          child.on('close', () => children.delete(child));
          setTimeout(() => {
            send({ method: 'exit' });
            resolve({ serverInfo, diagnostics: message.params.diagnostics });
          }, 100);
        } else if (message.id !== undefined && message.method) {
          send({ id: message.id, result: null }); // workspace/configuration and the like: defaults
        }
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: pathToFileURL(path.dirname(file)).href, capabilities: {} } });
  });
}

async function languageServer(registry) {
  const { dir, env: base } = project('language-server', registry);
  const prefix = path.join(work, 'global-prefix');
  const env = { ...base, npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${base.PATH}` };
  const [install, ...run] = commands(block(blocks, 'language-server-install'));
  if ((await expectExit(install, 0, { cwd: dir, env }, 'README language-server-install')).code !== 0) return;
  for (const line of run) {
    const result = await expectExit(line, 0, { cwd: dir, env }, `README \`${line}\``);
    if (line.includes('--version')) check(result.stdout.trim() === version, `\`${line}\` printed ${JSON.stringify(result.stdout.trim())}, expected ${version}`);
  }
  const help = await expectExit('dockerlint-language-server --help', 0, { cwd: dir, env }, 'dockerlint-language-server --help');
  check(help.stdout.includes('--stdio') && help.stdout.includes('--version'), `dockerlint-language-server --help does not list the options:\n${help.stdout}`);
  try {
    const { serverInfo, diagnostics } = await lspRoundTrip(path.join(prefix, 'bin/dockerlint-language-server'), env, path.join(dir, 'leaky/Dockerfile'));
    check(serverInfo?.version === version, `LSP initialize: serverInfo ${JSON.stringify(serverInfo)}, expected version ${version}`);
    const codes = diagnostics.map((d) => d.code);
    for (const rule of LEAKY_RULES) check(codes.includes(rule), `LSP diagnostics lack ${rule}: ${codes.join(', ')}`);
    checkNoSecret('LSP diagnostics', JSON.stringify(diagnostics));
  } catch (error) {
    check(false, `LSP round trip: ${error.message}`);
  }
}

/** `${{ … }}` in action.yml: the inputs, the step outputs so far, and github.action_path. */
function expand(value, context) {
  return String(value).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expression) => {
    const [scope, ...rest] = expression.split('.');
    if (scope === 'inputs') return context.inputs[rest[0]] ?? '';
    if (scope === 'steps') return context.outputs[rest[0]]?.[rest[2]] ?? '';
    if (expression === 'github.action_path') return repoRoot;
    throw new Error(`action.yml: unsupported expression ${expression}`);
  });
}

async function githubAction(registry) {
  const action = parseYaml(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8'));
  const { dir, env: base } = project('action', registry, { fixtures: false });
  const workspace = path.join(dir, 'workspace');
  writeFiles(workspace, LEAKY);
  // A pull request's dockerlint.config.js: the action must not run it (allow-js-config defaults to false).
  const jsConfigMarker = path.join(dir, 'js-config-ran');
  writeFiles(workspace, {
    'package.json': '{ "private": true, "type": "module" }\n',
    'dockerlint.config.js': `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(jsConfigMarker)}, 'ran');\nexport default { rules: { 'no-secret-env': 'off' } };\n`,
  });
  const runnerTemp = path.join(dir, 'runner-temp');
  mkdirSync(runnerTemp);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']));
  const context = { inputs, outputs: {} };
  // Fresh npm cache: the set-up time is that of a runner that never saw these packages.
  const env = { ...base, npm_config_cache: path.join(dir, 'npm-cache'), GITHUB_ACTION_PATH: repoRoot, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp };
  let lastCode;
  for (const step of action.runs.steps) {
    if (step.uses) continue; // actions/setup-node (this Node), codeql upload-sarif (the SARIF file is checked below)
    const outputFile = path.join(dir, `output-${step.id ?? 'step'}`);
    writeFileSync(outputFile, '');
    const stepEnv = { ...env, GITHUB_OUTPUT: outputFile, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, context)])) };
    const cwd = step['working-directory'] ? expand(step['working-directory'], context) : workspace;
    const result = await sh(`set -eo pipefail\n${step.run}`, { cwd, env: stepEnv });
    lastCode = result.code;
    if (step.id) context.outputs[step.id] = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
    if (step.id === 'install') {
      if (!check(result.code === 0, `action.yml install step: ${describe(result)}`)) return;
      const kb = await duKb(path.join(runnerTemp));
      figures.push(`GitHub Action set-up (install step, empty npm cache): ${(result.ms / 1000).toFixed(1)} s, ${kb} KB (budgets ${ACTION_SETUP_BUDGET_MS / 1000} s, ${ACTION_SETUP_BUDGET_KB} KB)`);
      check(result.ms <= ACTION_SETUP_BUDGET_MS, `action set-up took ${result.ms} ms, over ${ACTION_SETUP_BUDGET_MS} ms`);
      check(kb <= ACTION_SETUP_BUDGET_KB, `action set-up installed ${kb} KB, over ${ACTION_SETUP_BUDGET_KB} KB`);
    } else if (step.id === 'lint') {
      check(result.code === 0, `action.yml lint step: ${describe(result)}`);
      check(context.outputs.lint['exit-code'] === '1', `action.yml lint step: exit-code output ${context.outputs.lint['exit-code']}, expected 1`);
      checkLeakyFindings('action.yml lint step (github annotations)', result.stdout);
      check(/^::error file=Dockerfile,line=\d+/m.test(result.stdout), `action.yml lint step printed no ::error annotation:\n${result.stdout.slice(0, 2000)}`);
    }
  }
  check(lastCode === 1, `action.yml's last step exited ${lastCode}, expected 1 (findings, fail-on-findings true)`);
  check(!existsSync(jsConfigMarker), "action.yml ran the workspace's dockerlint.config.js (allow-js-config defaults to false)");
  const sarifFile = path.join(workspace, inputs['sarif-file']);
  if (check(existsSync(sarifFile), 'action.yml wrote no SARIF file')) {
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    check(sarif.runs[0].tool.driver.version === version, `action SARIF tool.driver.version ${sarif.runs[0].tool.driver.version}, expected ${version}`);
    const notices = sarif.runs[0].invocations?.[0]?.toolConfigurationNotifications ?? [];
    check(notices.some((n) => n.descriptor?.id === 'js-config-not-loaded'), 'action SARIF has no js-config-not-loaded notification');
  }
}

async function gitlab(registry) {
  const recipe = parseYaml(block(blocks, 'gitlab-ci').body);
  const job = recipe.dockerlint;
  check(/^node:(2[2-9]|[3-9]\d)/.test(job.image), `GitLab recipe image ${job.image}: not a maintained Node`);
  const { dir, env: base } = project('gitlab', registry, { fixtures: false });
  writeFiles(dir, LEAKY);
  const prefix = path.join(work, 'gitlab-prefix');
  const env = { ...base, npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${base.PATH}` };
  const [install, ...lint] = job.script;
  if ((await expectExit(install, 0, { cwd: dir, env }, 'GitLab recipe install line')).code !== 0) return;
  for (const line of lint) await expectExit(line, 1, { cwd: dir, env }, 'GitLab recipe (leaky project)');
  const report = path.join(dir, job.artifacts.reports.codequality);
  if (check(existsSync(report), 'GitLab recipe wrote no Code Quality report')) {
    const text = readFileSync(report, 'utf8');
    const issues = JSON.parse(text);
    for (const rule of LEAKY_RULES) check(issues.some((issue) => issue.check_name === rule), `GitLab report has no ${rule} issue`);
    checkNoSecret('GitLab report', text);
  }
}

/** docs/ci.md's workflow without the action: its `run:` lines in order (GITHUB_ENV as on a runner). */
async function githubWithoutAction(registry) {
  const { steps } = parseYaml(block(blocks, 'github-without-action').body);
  const { dir, env: base } = project('github-without-action', registry, { fixtures: false });
  writeFiles(dir, LEAKY);
  const prefix = path.join(work, 'github-prefix');
  const githubEnv = path.join(work, 'github-env');
  writeFileSync(githubEnv, '');
  const env = { ...base, npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${base.PATH}`, GITHUB_ENV: githubEnv };
  const runs = steps.filter((step) => step.run).map((step) => step.run);
  // install; SARIF (its exit code goes to GITHUB_ENV, the step passes); annotations (fails the job on findings)
  const expected = [0, 0, 1];
  check(runs.length === expected.length, `docs/ci.md workflow without the action has ${runs.length} run steps, expected ${expected.length}`);
  for (const [index, line] of runs.entries()) {
    const result = await expectExit(line, expected[index], { cwd: dir, env }, `docs/ci.md without the action, step \`${line}\``);
    if (index === 2) checkLeakyFindings('docs/ci.md without the action (annotations)', result.stdout);
  }
  check(readFileSync(githubEnv, 'utf8').includes('code=1'), 'docs/ci.md without the action: the SARIF step did not record code=1 in GITHUB_ENV');
  check(existsSync(path.join(dir, 'dockerlint.sarif')), 'docs/ci.md without the action: no dockerlint.sarif');
}

/** The pinned versions the docs show (pre-commit rev, action uses, package specs) are this release's. */
function checkDocPins() {
  for (const id of RELEASE_CHECK_BLOCKS) block(blocks, id);
  const { problems } = syncPlan(version);
  for (const problem of problems) check(false, `${problem} (run npm run release:version)`);
  check(block(blocks, 'pre-commit').body.includes(`rev: v${version}`), `README pre-commit block does not pin rev: v${version}`);
  check(block(blocks, 'github-action').body.includes(`uses: dockerlint/dockerlint@v${version}`), `README github-action block does not pin @v${version}`);
}

// ---------------------------------------------------------------------------------------------------- main

async function main() {
  log(`release check of ${version} in ${work}`);
  checkDocPins();
  checkStagedManifests();
  const registry = await startRegistry();
  log(`Verdaccio ${registry.version} on ${registry.url} (storage in ${path.join(work, 'registry')}, no uplinks)`);
  await publishAll(registry);
  log(`published ${PUBLISHED.length} packages: ${PUBLISHED.map(({ dir }) => readJson(path.join(stageDir(dir), 'package.json')).name).join(', ')}`);
  // The Action is timed alone (its set-up budget); everything else runs two or three at a time.
  await githubAction(registry);
  await Promise.all([cliInProject(registry), cliThroughNpx(registry), languageServer(registry), gitlab(registry), githubWithoutAction(registry)]);
  await eslintProjects(registry);
}

let crashed;
try {
  await main();
} catch (error) {
  crashed = error;
} finally {
  for (const child of children) child.kill('SIGKILL');
}
log(`commands run in the fresh projects:\n${[...commandsRun].map((command) => `  ${command}`).join('\n')}`);
for (const figure of figures) log(figure);
log(`release:check wall time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (crashed) failures.push(crashed instanceof Error ? crashed.message : String(crashed));
if (failures.length === 0) {
  rmSync(work, { recursive: true, force: true });
  log('release check passed');
} else {
  for (const failure of failures) log(`FAIL ${failure}`);
  log(`release check failed (${failures.length}); the projects are kept in ${work}`);
  process.exitCode = 1;
}
