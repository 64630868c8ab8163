/**
 * The packages published to npm, in publish order (each after the packages it depends on). One list for the
 * version sync, the packer and the release check.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `dir`: the workspace folder; `bundle`: ESM entry points (in dist/) bundled with their development-only imports;
 * `command`: published as one self-contained bundle with no dependencies (scripts/bundle.mjs, COMMAND_BUNDLES).
 */
export const PUBLISHED = [
  { dir: 'packages/core', bundle: ['index.js'] },
  { dir: 'rules' },
  { dir: 'packages/cli', command: true },
  { dir: 'packages/eslint-plugin', bundle: ['index.js', 'legacy/worker.js'] },
  { dir: 'packages/language-server', command: true },
];

/** Private workspaces that still follow the one version (the VS Code extension ships with the same number). */
export const LOCKSTEP_PRIVATE = ['packages/vscode'];

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The one version every package carries: the root package.json's. */
export function releaseVersion() {
  return readJson(path.join(repoRoot, 'package.json')).version;
}
