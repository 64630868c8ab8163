#!/usr/bin/env node
/**
 * Builds the VS Code extension and packs it into a .vsix (`npm run package:vscode` at the root, after `tsc -b`).
 *
 *   dist/extension.cjs          the extension (vscode-languageclient), CJS, `vscode` external
 *   dist/server/server.cjs      the language server with core and rules, CJS (ESM bundles of
 *                               vscode-languageserver fail on dynamic require)
 *   dist/server/*.wasm          web-tree-sitter's runtime and the bash grammar, found via startServer({ wasmFiles })
 *   dist/dockerlint-vscode-<version>.vsix   `vsce package --no-dependencies` (everything is bundled)
 *
 * Options: --no-vsix (bundles only), --out <file.vsix>.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '..');
const dist = path.join(pkgDir, 'dist');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const outIndex = args.indexOf('--out');
const vsixPath = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(dist, `${manifest.name}-${manifest.version}.vsix`);

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'server'), { recursive: true });

// `import.meta.url` does not exist in CJS: give bundled ESM code the bundle's own URL.
const importMetaBanner = "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'inline',
  logLevel: 'warning',
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: importMetaBanner },
};

await build({
  ...common,
  entryPoints: [path.join(pkgDir, 'src/server-entry.ts')],
  outfile: path.join(dist, 'server/server.cjs'),
  // Conditions: prefer the packages' Node/CJS builds where they have them.
  mainFields: ['main', 'module'],
});
await build({
  ...common,
  entryPoints: [path.join(pkgDir, 'src/extension.ts')],
  outfile: path.join(dist, 'extension.cjs'),
  external: ['vscode'],
});

copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dist, 'server/web-tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), path.join(dist, 'server/tree-sitter-bash.wasm'));
copyFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'), path.join(dist, 'server/tree-sitter-hcl.wasm'));
console.log(`bundled extension and server in ${Date.now() - started} ms`);

if (!args.includes('--no-vsix')) {
  const vsce = require.resolve('@vscode/vsce/vsce');
  // vsce's secret scan flags the *documented public example* tokens (GitHub's docs token, AWS's EXAMPLE keys)
  // that core's catalogue lists so that it never reports them; they are not credentials.
  const allow = ['--allow-package-secrets', 'github'];
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', ...allow, '--out', vsixPath], { cwd: pkgDir, stdio: 'inherit' });
  console.log(`packaged ${path.relative(process.cwd(), vsixPath)}`);
}
