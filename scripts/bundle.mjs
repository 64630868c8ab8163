#!/usr/bin/env node
/**
 * The commands run from one esbuild bundle each, not from the ~80 ESM files of dist/ and ~110 dependency modules:
 * module loading was ~155 ms of a 554 ms one-file `dockerlint` run (issue 15). `npm run build` (which `npm ci` runs)
 * writes, for `dockerlint` and `dockerlint-language-server`:
 *
 *   <package>/bundle/   the package's entry points with @dockerlint/core, the rules and every npm dependency inside;
 *                       shared code in flat `chunk-*.js` files next to them, and what a run may not need (the `yaml`
 *                       package, each formatter, the image check) in chunks loaded by the engine's dynamic imports
 *   <package>/wasm/     the WebAssembly files core loads: the bundled core looks for them in `../wasm/` from its own
 *                       file, so every output file sits directly in bundle/ (one folder below the package, which is
 *                       also where the version readers look for `../package.json`)
 *
 * The package's bin runs bundle/ when it is current (bundle/stale-after.json lists the TypeScript build-info files
 * of the workspace packages inside it: a later `tsc -b` makes it stale and the bin falls back to dist/, the same
 * code unbundled). The published packages are this bundle in dist/ (scripts/release/pack.mjs, same options).
 *
 *   node scripts/bundle.mjs            build every command bundle
 */
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { copyWasm } from '../packages/core/scripts/copy-wasm.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The commands and the dist/ entry points their bin and API import (the CLI also starts `worker.js` threads). */
export const COMMAND_BUNDLES = [
  { dir: 'packages/cli', entries: ['index.js', 'main.js', 'worker.js'] },
  { dir: 'packages/language-server', entries: ['index.js', 'version.js'] },
];

/**
 * `await import('yaml')` (core loads it only for a YAML file) has to give the package's named exports, as Node's
 * own import of a CommonJS module does. In a split bundle esbuild gives a dynamically imported CommonJS module a
 * `default` export only, so each such import goes through a small ESM module that re-exports the names the
 * package's `module.exports` has (read here, at build time).
 */
const commonJsDynamicImports = {
  name: 'commonjs-dynamic-imports',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'commonjs-dynamic-imports') return undefined;
      if ((build.initialOptions.external ?? []).some((name) => args.path === name || args.path.startsWith(`${name}/`))) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'commonjs-dynamic-imports' });
      if (resolved.errors.length > 0 || !/\.c?js$/.test(resolved.path)) return undefined;
      let names;
      try {
        names = Object.keys(createRequire(resolved.path)(resolved.path));
      } catch {
        return undefined; // an ES module: esbuild's own handling keeps its exports
      }
      return { path: resolved.path, namespace: 'commonjs-dynamic-import', pluginData: names };
    });
    build.onLoad({ filter: /.*/, namespace: 'commonjs-dynamic-import' }, (args) => ({
      contents: [
        `import commonJs from ${JSON.stringify(args.path)};`,
        'export default commonJs;',
        ...args.pluginData.filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default').map((name) => `export const ${name} = commonJs.${name};`),
      ].join('\n'),
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** esbuild options every ESM bundle for Node shares (the packer's bundles too). */
export const NODE_ESM_BUNDLE = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: names stay, so stack traces from users' bug reports still read.
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS (dockerfile-ast, vscode-languageserver, …) may `require()` Node built-ins; ESM output has no
  // `require` of its own.
  banner: { js: "import { createRequire as __dockerlintCreateRequire } from 'node:module'; const require = __dockerlintCreateRequire(import.meta.url);" },
  metafile: true,
  // Metafile paths are relative to the repository root (third-party notices, the bin's build-info list).
  absWorkingDir: repoRoot,
  logLevel: 'warning',
  plugins: [commonJsDynamicImports],
};

/**
 * Bundles `entries` (files in `<source>/dist/`) with everything they import into `outdir`, flat, and copies the
 * WASM files to `wasmDir`. Returns esbuild's metafile.
 */
export async function bundleCommand(source, entries, { outdir, wasmDir }) {
  const result = await build({
    ...NODE_ESM_BUNDLE,
    entryPoints: entries.map((entry) => path.join(source, 'dist', entry)),
    outdir,
    outbase: path.join(source, 'dist'),
    chunkNames: '[name]-[hash]',
  });
  copyWasm(wasmDir);
  return result.metafile;
}

/** The build-info file of every workspace package whose dist/ went into the bundle (the bin's staleness test). */
function buildInfoFiles(metafile, outdir) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(?!.*node_modules\/)(.*?\/)?dist\//.exec(input);
    if (match) packages.add(path.resolve(repoRoot, match[1] ?? ''));
  }
  return [...packages]
    .map((dir) => path.join(dir, 'dist', '.tsbuildinfo'))
    .filter((file) => existsSync(file))
    .map((file) => path.relative(outdir, file).split(path.sep).join('/'))
    .sort();
}

/**
 * Builds `<dir>/bundle/` (into a fresh folder, then swapped in, so a bin starting meanwhile never sees half a bundle)
 * and `<dir>/wasm/`.
 */
export async function buildCommandBundle({ dir, entries }) {
  const source = path.join(repoRoot, dir);
  const outdir = path.join(source, 'bundle');
  const fresh = path.join(source, `.bundle-${process.pid}`);
  rmSync(fresh, { recursive: true, force: true });
  const metafile = await bundleCommand(source, entries, { outdir: fresh, wasmDir: path.join(source, 'wasm') });
  // Written last and compared by mtime: it must not be older than any output.
  writeFileSync(path.join(fresh, 'stale-after.json'), `${JSON.stringify(buildInfoFiles(metafile, outdir))}\n`);
  const old = path.join(source, `.bundle-old-${process.pid}`);
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(fresh, outdir);
  rmSync(old, { recursive: true, force: true });
  return { outdir, files: readdirSync(outdir).length };
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  for (const command of COMMAND_BUNDLES) {
    const { outdir, files } = await buildCommandBundle(command);
    process.stdout.write(`bundled ${path.relative(repoRoot, outdir)} (${files} files)\n`);
  }
}
