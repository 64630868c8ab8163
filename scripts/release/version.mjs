#!/usr/bin/env node
/**
 * Lockstep versions from one source, the root package.json's `version`.
 *
 *   node scripts/release/version.mjs           write it into every package, every @dockerlint/* dependency and the
 *                                              versions the docs pin (`rev: v…`, `dockerlint/dockerlint@v…`, `@dockerlint/cli@…`)
 *   node scripts/release/version.mjs 0.2.0     set the root version first, then the same
 *   node scripts/release/version.mjs --check   exit 1 (listing the differences) when anything is out of step
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LOCKSTEP_PRIVATE, PUBLISHED, readJson, releaseVersion, repoRoot } from './packages.mjs';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** Every difference between the manifests and `version` (and the rewritten manifests, keyed by file). */
export function syncPlan(version) {
  const problems = [];
  const rewritten = new Map();
  // The root's own version is the source; its @dockerlint/* dependencies (the pre-commit hook bundle) follow it.
  for (const dir of ['.', ...PUBLISHED.map((p) => p.dir), ...LOCKSTEP_PRIVATE]) {
    const file = path.join(repoRoot, dir, 'package.json');
    const pkg = readJson(file);
    let changed = false;
    if (pkg.version !== version) {
      problems.push(`${dir}/package.json: version ${pkg.version}, expected ${version}`);
      pkg.version = version;
      changed = true;
    }
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      for (const name of Object.keys(pkg[field] ?? {})) {
        if (!name.startsWith('@dockerlint/') || pkg[field][name] === version) continue;
        problems.push(`${dir}/package.json: ${field}.${name} ${pkg[field][name]}, expected ${version}`);
        pkg[field][name] = version;
        changed = true;
      }
    }
    if (changed) rewritten.set(file, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  for (const doc of PINNING_DOCS) {
    const file = path.join(repoRoot, doc);
    const text = readFileSync(file, 'utf8');
    const updated = pinVersions(text, version);
    if (updated === text) continue;
    problems.push(`${doc}: pins a version other than ${version}`);
    rewritten.set(file, updated);
  }
  return { problems, rewritten };
}

/** Docs whose install instructions pin the release version. */
export const PINNING_DOCS = ['README.md', 'docs/ci.md', 'docs/editors.md', 'docs/eslint.md', '.pre-commit-hooks.yaml'];
const VERSION = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?`;

/** The same text with every pinned dockerlint version (tag, package spec, .vsix name) set to `version`. */
export function pinVersions(text, version) {
  const tag = new RegExp(String.raw`(@v|# v|rev: v)${VERSION}`, 'g');
  return text
    .split('\n')
    .map((line) => {
      let out = line
        .replace(new RegExp(String.raw`(@dockerlint/[a-z-]+@)${VERSION}`, 'g'), `$1${version}`)
        .replace(new RegExp(String.raw`(dockerlint-vscode-)${VERSION}(\.vsix)`, 'g'), `$1${version}$2`);
      // tags: `uses: dockerlint/dockerlint@v…`, `# v…` after a pinned SHA, and pre-commit's `rev: v…`
      if (/dockerlint\/dockerlint|^[\s#]*rev: /.test(line)) out = out.replace(tag, `$1${version}`);
      return out;
    })
    .join('\n');
}

function main(args) {
  if (args[0] === '--check') {
    const { problems } = syncPlan(releaseVersion());
    for (const problem of problems) process.stderr.write(`version: ${problem}\n`);
    return problems.length === 0 ? 0 : 1;
  }
  if (args[0] !== undefined) {
    if (!SEMVER.test(args[0])) {
      process.stderr.write(`version: ${JSON.stringify(args[0])} is not a version (x.y.z)\n`);
      return 2;
    }
    const rootFile = path.join(repoRoot, 'package.json');
    const root = readJson(rootFile);
    root.version = args[0];
    writeFileSync(rootFile, `${JSON.stringify(root, null, 2)}\n`);
  }
  const version = releaseVersion();
  const { rewritten } = syncPlan(version);
  for (const [file, text] of rewritten) writeFileSync(file, text);
  process.stdout.write(`version ${version}: ${rewritten.size} file(s) updated\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = main(process.argv.slice(2));
}
