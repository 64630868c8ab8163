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
 * - @dockerlint/core ships web-tree-sitter's runtime and the bash grammar as `wasm/*.wasm`, never the native
 *   tree-sitter-bash package;
 * - the manifest loses `scripts` and `devDependencies`; README.md and LICENSE are added.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { copyWasm } from '../../packages/core/scripts/copy-wasm.mjs';
import { PUBLISHED, readJson, repoRoot } from './packages.mjs';

export const stageRoot = path.join(repoRoot, 'build', 'npm');

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

/** Licence texts of the npm packages esbuild put into the bundle (from its metafile inputs). */
function thirdPartyNotices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match || packages.has(match[1])) continue;
    const dir = path.join(repoRoot, input.slice(0, match.index + match[0].length));
    const licence = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const { version, license } = readJson(path.join(dir, 'package.json'));
    packages.set(match[1], { version, license, text: licence ? readFileSync(path.join(dir, licence), 'utf8').trim() : `(${license})` });
  }
  const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, p]) => `## ${name} ${p.version} (${p.license})\n\n\`\`\`text\n${p.text}\n\`\`\``);
  return `# Third-party notices\n\nThis package's bundled JavaScript contains the following packages.\n\n${sections.join('\n\n')}\n`;
}

async function stage({ dir, bundle }, root) {
  const source = path.join(repoRoot, dir);
  const target = stageDir(dir, root);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const pkg = readJson(path.join(source, 'package.json'));
  delete pkg.scripts;
  delete pkg.devDependencies;
  // Bundled entries are rewritten below: copy only what esbuild does not produce (types, CommonJS files).
  const keep = bundle ? (file) => !file.endsWith('.js') : () => true;
  for (const entry of pkg.files ?? []) {
    const from = path.join(source, entry);
    if (existsSync(from)) copyEntry(from, path.join(target, entry), keep);
  }
  if (bundle) {
    const result = await build({
      entryPoints: bundle.map((entry) => path.join(source, 'dist', entry)),
      outdir: path.join(target, 'dist'),
      outbase: path.join(source, 'dist'),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Whitespace and syntax only: names stay, so stack traces from users' bug reports still read (install budget).
      minifyWhitespace: true,
      minifySyntax: true,
      external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})],
      // Bundled CommonJS (dockerfile-ast, …) may `require()` Node built-ins; ESM output has no `require` of its own.
      banner: { js: "import { createRequire as __dockerlintCreateRequire } from 'node:module'; const require = __dockerlintCreateRequire(import.meta.url);" },
      chunkNames: 'chunks/[name]-[hash]',
      metafile: true,
      logLevel: 'warning',
    });
    writeFileSync(path.join(target, 'THIRD-PARTY-NOTICES.md'), thirdPartyNotices(result.metafile));
    pkg.files = [...(pkg.files ?? []), 'THIRD-PARTY-NOTICES.md'];
  }
  if (pkg.name === '@dockerlint/core') copyWasm(path.join(target, 'wasm'));
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
