/** Shared by the benchmark scripts: the Dockerfiles under a directory (same names the CLI discovers), sorted. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The names module alone (no engine import, which would add to the peers' measured start-up); built by `tsc -b`.
import { isDockerfileName } from '../packages/core/dist/document/names.js';

/** Every Dockerfile under `root` (skipping node_modules and .git), as sorted absolute paths. */
export function findDockerfiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') walk(path.join(dir, entry.name));
      } else if (entry.isFile() && isDockerfileName(entry.name)) {
        out.push(path.join(dir, entry.name));
      }
    }
  };
  walk(path.resolve(root));
  return out.sort();
}

/**
 * The files named by a command line: `--list <file>` (one path per line) or paths (directories are walked).
 */
export function filesFromArgs(argv) {
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--list') {
      files.push(...readFileSync(argv[++i], 'utf8').split('\n').filter(Boolean));
    } else if (argv[i].startsWith('--')) {
      i++; // option with a value, handled by the caller
    } else {
      let isDir = false;
      try {
        isDir = readdirSync(argv[i]) !== undefined;
      } catch {
        // a file
      }
      if (isDir) files.push(...findDockerfiles(argv[i]));
      else files.push(path.resolve(argv[i]));
    }
  }
  return files;
}

/** The repository root (bench/..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `--name value` from a bench script's arguments, or `fallback`. */
export function benchOption(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

/**
 * Run a command in its own process group (a timeout kills the whole group: killing `/usr/bin/time` alone left the
 * tool running) and collect its output.
 */
export function spawnGroup(cmd, args, { timeoutMs, ...options }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
