#!/usr/bin/env node
/**
 * Stages every published package in `build/npm/<name>/`, ready for `npm publish build/npm/<name>`
 * (run `npm run build` first; `npm run release:pack` does both).
 *
 * What a user installs is small and has no install step:
 * - the package's `files` from the TypeScript build, without source maps;
 * - a package with `bundle` entries (packages.mjs) gets those entries bundled by esbuild with every import that
 *   is not one of its runtime `dependencies` (its `devDependencies` are exactly what gets bundled), and only
 *   the type declarations of the rest of `dist/`; the bundled packages' licences go to THIRD-PARTY-NOTICES.md;
 * - a command (`command: true`: the CLI and the language server) is one self-contained bundle in `dist/` — core,
 *   the rules and every npm dependency inside, flat (scripts/bundle.mjs, the same bundle `npm run build` makes
 *   for the repository's bin) — so its manifest has no `dependencies`; the packages its type declarations import
 *   become optional `peerDependencies` (what a TypeScript user of its API installs);
 * - @dockerlint/core and the commands ship web-tree-sitter's runtime and the grammars as `wasm/*.wasm`, never the
 *   native tree-sitter-bash package;
 * - the manifest loses `scripts` and `devDependencies`; README.md and LICENSE are added.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { copyWasm, WASM_FILES } from '../../packages/core/scripts/copy-wasm.mjs';
import { bundleCommand, COMMAND_BUNDLES, NODE_ESM_BUNDLE } from '../bundle.mjs';
import { PUBLISHED, readJson, repoRoot } from './packages.mjs';

export const stageRoot = path.join(repoRoot, 'build', 'npm');
const require = createRequire(import.meta.url);

/** Lifecycle scripts npm runs when a package is installed: a published manifest must have none. */
export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

export function stageDir(dir, root = stageRoot) {
  return path.join(root, path.basename(dir));
}

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** Copies one `files` entry; source maps, build info and the development copy of the WASM files stay behind. */
function copyEntry(from, to, keep) {
  const files = statSync(from).isDirectory() ? walk(from) : [from];
  for (const file of files) {
    const rel = path.relative(from, file);
    if (/\.map$|\.tsbuildinfo$/.test(file) || rel.split(path.sep)[0] === 'wasm' || !keep(file)) continue;
    const target = rel ? path.join(to, rel) : to;
    mkdirSync(path.dirname(target), { recursive: true });
    const text = /\.(c|m)?js$|\.d\.c?ts$/.test(file) ? readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n') : undefined;
    if (text === undefined) cpSync(file, target);
    else writeFileSync(target, text);
  }
}

/** The npm package a `node_modules/...` path is in: its name and folder, or undefined. */
function packageOf(file) {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match ? { name: match[1], dir: path.resolve(repoRoot, file.slice(0, match.index + match[0].length)) } : undefined;
}

/** Licence texts of the npm packages esbuild put into the bundle (from its metafile inputs) and of the shipped WASM files. */
function thirdPartyNotices(metafile, wasm) {
  const packages = new Map();
  const sources = [...Object.keys(metafile.inputs).map(packageOf), ...(wasm ? Object.values(WASM_FILES).map((specifier) => packageOf(path.relative(repoRoot, require.resolve(specifier)))) : [])];
  for (const source of sources) {
    if (!source || packages.has(source.name)) continue;
    const { name, dir } = source;
    const licence = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const { version, license } = readJson(path.join(dir, 'package.json'));
    packages.set(name, { version, license, text: licence ? readFileSync(path.join(dir, licence), 'utf8').trim() : `(${license})` });
  }
  const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, p]) => `## ${name} ${p.version} (${p.license})\n\n\`\`\`text\n${p.text}\n\`\`\``);
  return `# Third-party notices\n\nThis package's bundled JavaScript (and its \`wasm/\` files, where it has them) contains the following packages.\n\n${sections.join('\n\n')}\n`;
}

/** Bare module names the type declarations under `dir` import (what a TypeScript user of the API needs installed). */
function declarationImports(dir) {
  const names = new Set();
  for (const file of walk(dir).filter((f) => f.endsWith('.d.ts'))) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\bfrom '([^.'][^']*)'/g)) names.add(/^(@[^/]+\/)?[^/]+/.exec(specifier)[0]);
  }
  return [...names].sort();
}

async function stage({ dir, bundle, command }, root) {
  const source = path.join(repoRoot, dir);
  const target = stageDir(dir, root);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const pkg = readJson(path.join(source, 'package.json'));
  delete pkg.scripts;
  delete pkg.devDependencies;
  // Bundled entries are rewritten below: copy only what esbuild does not produce (types, CommonJS files); a
  // command's repository bundle/ and wasm/ are made again for the stage.
  const bundledDir = `${path.join(source, 'dist')}${path.sep}`;
  const keep = bundle || command ? (file) => !(file.startsWith(bundledDir) && file.endsWith('.js')) : () => true;
  if (command) pkg.files = (pkg.files ?? []).filter((entry) => entry !== 'bundle');
  for (const entry of pkg.files ?? []) {
    const from = path.join(source, entry);
    if (existsSync(from) && entry !== 'wasm') copyEntry(from, path.join(target, entry), keep);
  }
  let metafile;
  if (command) {
    const { entries } = COMMAND_BUNDLES.find((c) => c.dir === dir);
    metafile = await bundleCommand(source, entries, { outdir: path.join(target, 'dist'), wasmDir: path.join(target, 'wasm') });
    const peers = declarationImports(path.join(target, 'dist'));
    const ranges = { ...pkg.dependencies, ...pkg.peerDependencies };
    for (const name of peers) if (!ranges[name]) throw new Error(`${pkg.name}: its type declarations import ${name}, which is not a dependency`);
    delete pkg.dependencies;
    if (peers.length > 0) {
      pkg.peerDependencies = Object.fromEntries(peers.map((name) => [name, ranges[name]]));
      pkg.peerDependenciesMeta = Object.fromEntries(peers.map((name) => [name, { optional: true }]));
    }
  } else if (bundle) {
    const result = await build({
      ...NODE_ESM_BUNDLE,
      entryPoints: bundle.map((entry) => path.join(source, 'dist', entry)),
      outdir: path.join(target, 'dist'),
      outbase: path.join(source, 'dist'),
      external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})],
      chunkNames: 'chunks/[name]-[hash]',
    });
    metafile = result.metafile;
  }
  if (pkg.name === '@dockerlint/core') copyWasm(path.join(target, 'wasm'));
  if (metafile) {
    writeFileSync(path.join(target, 'THIRD-PARTY-NOTICES.md'), thirdPartyNotices(metafile, existsSync(path.join(target, 'wasm'))));
    pkg.files = [...(pkg.files ?? []), 'THIRD-PARTY-NOTICES.md'];
  }
  for (const script of INSTALL_SCRIPTS) if (pkg.scripts?.[script]) throw new Error(`${pkg.name}: install script ${script}`);
  cpSync(path.join(source, 'README.md'), path.join(target, 'README.md'));
  cpSync(path.join(repoRoot, 'LICENSE'), path.join(target, 'LICENSE'));
  writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  return target;
}

/** Stages every published package under `root` (default build/npm); returns the staged folders. */
export async function packAll(root = stageRoot) {
  const staged = [];
  for (const pkg of PUBLISHED) staged.push(await stage(pkg, root));
  return staged;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const staged = await packAll();
  for (const dir of staged) process.stdout.write(`staged ${path.relative(repoRoot, dir)}\n`);
}
