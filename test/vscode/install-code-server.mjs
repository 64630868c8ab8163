#!/usr/bin/env node
/**
 * Installs code-server (VS Code served to a browser, from the npm registry) for the real-VS Code tests, offline
 * apart from the npm registry, into a cache directory keyed by its version:
 *
 *   ${DOCKERLINT_VSCODE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/dockerlint-vscode-e2e}/code-server-<version>/
 *
 * A second run finds the `.complete` marker and returns at once. The steps are the ones that work here (see
 * ../shared/docs/REAL-VSCODE.md): every package script is skipped (code-server's postinstall downloads ripgrep
 * from GitHub), VS Code's runtime dependencies are installed without scripts, the native modules VS Code and
 * code-server load are rebuilt from source, and Debian's ripgrep stands in for @vscode/ripgrep's download.
 *
 * Prints the install directory on the last line of stdout; exits 2 with one line on stderr when something needed
 * (rg, a C++ toolchain) is missing, so that the caller can skip with that reason.
 *
 * Usage: node test/vscode/install-code-server.mjs [--print-dir]
 */
import { execFileSync, spawnSync } from 'node:child_process';
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

/** Native modules VS Code's server loads (VS Code's own node_modules) and code-server's own one. */
const VSCODE_NATIVE = ['kerberos', 'native-watchdog', '@vscode/spdlog', '@vscode/deviceid', 'node-pty'];
const CODE_SERVER_NATIVE = ['argon2'];

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

export class MissingTool extends Error {}

function requireTools() {
  const rg = which('rg');
  if (!rg) throw new MissingTool('ripgrep (rg) is not installed: apt-get install ripgrep');
  for (const tool of ['make', 'g++', 'python3', 'pkg-config']) {
    if (!which(tool)) throw new MissingTool(`${tool} is not installed (native modules are built from source): apt-get install build-essential python3 pkg-config`);
  }
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) {
    throw new MissingTool('Kerberos headers are missing (VS Code\'s kerberos module): apt-get install libkrb5-dev');
  }
  return rg;
}

function npm(args, cwd, extraEnv = {}) {
  const started = Date.now();
  execFileSync('npm', args, {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    // Use both cores for node-gyp; answer npm's "ok to proceed?" with yes (rebuild of nested packages).
    env: { ...process.env, npm_config_yes: 'true', JOBS: 'max', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extraEnv },
  });
  log(`npm ${args.slice(0, 3).join(' ')}… in ${path.relative(cacheRoot(), cwd) || '.'}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function log(line) {
  process.stderr.write(`[code-server install] ${line}\n`);
}

/** Installs code-server once; returns the install directory. */
export function ensureCodeServer() {
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
  npm(['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], scratch);

  const vscode = path.join(scratch, 'node_modules/code-server/lib/vscode');
  npm(['install', '--omit=dev', '--ignore-scripts'], vscode);
  npm(['rebuild', ...VSCODE_NATIVE], vscode);
  mkdirSync(path.join(vscode, 'node_modules/@vscode/ripgrep/bin'), { recursive: true });
  symlinkSync(rg, path.join(vscode, 'node_modules/@vscode/ripgrep/bin/rg'));
  // VS Code's server looks its modules up in node_modules.asar (a packed archive in the desktop build).
  symlinkSync('node_modules', path.join(vscode, 'node_modules.asar'));
  npm(['install', '--omit=dev', '--ignore-scripts'], path.join(vscode, 'extensions'));
  npm(['rebuild', ...CODE_SERVER_NATIVE], scratch);

  writeFileSync(path.join(scratch, '.complete'), `code-server ${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(1)} s at ${dir}`);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const dir = ensureCodeServer();
    process.stdout.write(`${dir}\n`);
  } catch (error) {
    if (error instanceof MissingTool) {
      process.stderr.write(`code-server cannot be installed: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
