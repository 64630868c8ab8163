#!/usr/bin/env node
/**
 * Installs code-server (VS Code served to a browser, from the npm registry) for the real-VS Code tests, offline
 * apart from the npm registry, into a cache directory keyed by its version:
 *
 *   ${DOCKERLINT_VSCODE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/dockerlint-vscode-e2e}/code-server-<version>/
 *
 * A second run finds the `.complete` marker and returns at once. The steps are the ones that work here (see
 * docs/editors.md, "Tested in a real VS Code"): every package script is skipped (code-server's postinstall downloads ripgrep
 * from GitHub), VS Code's runtime dependencies are installed without scripts, the native modules VS Code and
 * code-server load are rebuilt from source, and Debian's ripgrep stands in for @vscode/ripgrep's download.
 * Independent steps run side by side (downloads next to compiles).
 *
 * Throws `CannotInstall` (one line saying what to install) when a prerequisite is missing or an install step fails,
 * so that the test can skip with that reason. Run on its own (`node test/vscode/install-code-server.mjs`) it
 * prints the install directory, or the reason on stderr with exit code 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.99.4';

export function cacheRoot() {
  if (process.env.DOCKERLINT_VSCODE_CACHE) return path.resolve(process.env.DOCKERLINT_VSCODE_CACHE);
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'dockerlint-vscode-e2e');
}

export function codeServerDir() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The code-server entry point inside an install directory. */
export function codeServerEntry(dir = codeServerDir()) {
  return path.join(dir, 'node_modules/code-server/out/node/entry.js');
}

/**
 * Native modules, built from source (there is no download of prebuilt ones here), without optimisation: it
 * halves the build, and none of them is on a hot path. Only what the tests' VS Code loads:
 * - VS Code's spdlog (its log files: the extension host's log shows why the extension misbehaved) and
 *   native-watchdog (the extension host exits with its server, so no process outlives the test);
 * - code-server's argon2 (loaded at start-up, even with `--auth none`).
 * Not built: node-pty (the integrated terminal), kerberos (proxy authentication), @vscode/deviceid (telemetry).
 */
const VSCODE_NATIVE = ['@vscode/spdlog', 'native-watchdog'];
const CODE_SERVER_NATIVE = ['argon2'];

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

/** Something code-server needs cannot be had here: the tests skip with this message. */
export class CannotInstall extends Error {}

function requireTools() {
  const rg = which('rg');
  if (!rg) throw new CannotInstall('ripgrep (rg) is not installed: apt-get install ripgrep');
  for (const tool of ['make', 'g++', 'python3']) {
    if (!which(tool)) throw new CannotInstall(`${tool} is not installed (native modules are built from source): apt-get install build-essential python3`);
  }
  return rg;
}

/** Runs one npm step; resolves when it succeeded, rejects with `CannotInstall` otherwise. */
function npm(args, cwd) {
  const started = Date.now();
  const env = {
    ...process.env,
    // Every core for node-gyp; yes to npm's "ok to proceed?"; no optimisation (see above); no network chatter.
    JOBS: 'max',
    CFLAGS: '-O0',
    CXXFLAGS: '-O0',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', (error) => reject(new CannotInstall(`npm ${args.join(' ')} could not start: ${error.message}`)));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new CannotInstall(`npm ${args.join(' ')} failed (exit code ${code}; its output is above)`));
      log(`npm ${args.join(' ')} in ${path.relative(cacheRoot(), cwd) || '.'}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve();
    });
  });
}

function log(line) {
  process.stderr.write(`[code-server install] ${line}\n`);
}

/** Installs code-server once; resolves to the install directory. */
export async function ensureCodeServer() {
  const dir = codeServerDir();
  if (existsSync(path.join(dir, '.complete'))) return dir;
  const rg = requireTools();
  const started = Date.now();
  mkdirSync(cacheRoot(), { recursive: true });
  // Build in a scratch directory and move it into place at the end: an interrupted install never looks complete.
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'dockerlint-vscode-e2e', private: true }) + '\n');
  const vscode = path.join(scratch, 'node_modules/code-server/lib/vscode');
  try {
    await npm(['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], scratch);
    // code-server's own native module compiles while VS Code's dependencies download.
    const codeServerNative = npm(['rebuild', ...CODE_SERVER_NATIVE], scratch);
    const vscodeModules = (async () => {
      await npm(['install', '--omit=dev', '--ignore-scripts'], vscode);
      await npm(['rebuild', ...VSCODE_NATIVE], vscode);
    })();
    const builtinExtensions = npm(['install', '--omit=dev', '--ignore-scripts'], path.join(vscode, 'extensions'));
    const results = await Promise.allSettled([codeServerNative, vscodeModules, builtinExtensions]);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    mkdirSync(path.join(vscode, 'node_modules/@vscode/ripgrep/bin'), { recursive: true });
    symlinkSync(rg, path.join(vscode, 'node_modules/@vscode/ripgrep/bin/rg'));
    // VS Code's server looks its modules up in node_modules.asar (a packed archive in the desktop build).
    symlinkSync('node_modules', path.join(vscode, 'node_modules.asar'));
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(path.join(scratch, '.complete'), `code-server ${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`);
  if (existsSync(path.join(dir, '.complete'))) {
    // A concurrent run finished first (and may be using it): keep that one.
    rmSync(scratch, { recursive: true, force: true });
    return dir;
  }
  rmSync(dir, { recursive: true, force: true }); // an interrupted install's leftovers
  renameSync(scratch, dir);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(1)} s at ${dir}`);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const dir = await ensureCodeServer();
    process.stdout.write(`${dir}\n`);
  } catch (error) {
    if (error instanceof CannotInstall) {
      process.stderr.write(`code-server cannot be installed: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
