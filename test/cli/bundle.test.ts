/**
 * The commands' esbuild bundles (scripts/bundle.mjs): what a lint run loads stays small (YAML, the formatters it
 * does not print with and the image check are separate chunks behind dynamic imports), and each bin runs its
 * bundle only while the bundle is current (a later `tsc -b` of a package inside makes it fall back to dist/).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { bundleCommand, COMMAND_BUNDLES } from '../../scripts/bundle.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown>; entryPoint?: string }>;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-bundle-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the CLI bundle', () => {
  let metafile: Metafile;
  let outdir: string;
  beforeAll(async () => {
    outdir = path.join(tmp, 'cli', 'bundle');
    const { entries } = COMMAND_BUNDLES.find((c) => c.dir === 'packages/cli')!;
    metafile = (await bundleCommand(path.join(repo, 'packages/cli'), entries, { outdir, wasmDir: path.join(tmp, 'cli', 'wasm') })) as Metafile;
  }, 120_000);

  /** Source files in the output files `from` reach through static imports (what loading them loads). */
  function staticallyLoaded(...from: string[]): string[] {
    const seen = new Set<string>();
    const visit = (output: string) => {
      if (seen.has(output)) return;
      seen.add(output);
      for (const imported of metafile.outputs[output]!.imports) if (imported.kind === 'import-statement' && metafile.outputs[imported.path]) visit(imported.path);
    };
    for (const output of from) visit(output);
    return [...seen].flatMap((output) => Object.keys(metafile.outputs[output]!.inputs));
  }
  const output = (entry: RegExp) => Object.keys(metafile.outputs).find((file) => entry.test(metafile.outputs[file]!.entryPoint ?? ''))!;

  it('a lint run (main, then run) loads no YAML parser, no formatter module and no image check', () => {
    const main = output(/packages\/cli\/dist\/main\.js$/);
    const run = output(/packages\/cli\/dist\/run\.js$/);
    expect(main && run).toBeTruthy();
    const loaded = staticallyLoaded(main, run);
    expect(loaded.some((input) => input.includes('packages/core/dist/engine/'))).toBe(true); // the engine is in it
    expect(loaded.filter((input) => /node_modules\/yaml\/|packages\/cli\/dist\/(formatters\/(stylish|json|sarif|github|gitlab|checkstyle|junit)|image-run)\.js$/.test(input))).toEqual([]);
  });

  it('each formatter and the YAML parser are chunks of their own, loaded by dynamic import', () => {
    const dynamicTargets = new Set(Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import' && metafile.outputs[i.path]).map((i) => i.path)));
    for (const name of ['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit']) {
      expect([...dynamicTargets].some((file) => metafile.outputs[file]!.entryPoint?.endsWith(`formatters/${name}.js`)), name).toBe(true);
    }
    expect([...dynamicTargets].some((file) => Object.keys(metafile.outputs[file]!.inputs).some((input) => input.includes('node_modules/yaml/')))).toBe(true);
  });

  it('every output is flat in bundle/ (core finds ../wasm/ and the version ../package.json from any of them)', () => {
    const files = Object.keys(metafile.outputs).filter((file) => !file.endsWith('.map'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(path.dirname(path.resolve(repo, file))).toBe(outdir);
  });
});

describe('which code a bin runs', () => {
  /**
   * A package folder with the real bin and two stand-in builds that say which one ran: bundle/ and dist/, and
   * the workspace's build-info file that bundle/stale-after.json names.
   */
  function layout(name: string, bin: string, stamp: 'current' | 'stale' | 'none'): string {
    const dir = path.join(tmp, name);
    mkdirSync(path.join(dir, 'bin'), { recursive: true });
    copyFileSync(path.join(repo, bin), path.join(dir, 'bin', 'entry.js'));
    for (const build of ['bundle', 'dist']) {
      mkdirSync(path.join(dir, build), { recursive: true });
      writeFileSync(path.join(dir, build, 'main.js'), `export async function main() { process.stdout.write('${build}\\n'); return 0; }\n`);
      writeFileSync(path.join(dir, build, 'version.js'), `export const USAGE = ''; export function serverVersion() { return '${build}'; }\n`);
    }
    writeFileSync(path.join(dir, 'dist', '.tsbuildinfo'), '{}');
    const stampFile = path.join(dir, 'bundle', 'stale-after.json');
    if (stamp !== 'none') writeFileSync(stampFile, JSON.stringify(['../dist/.tsbuildinfo']));
    const older = new Date(Date.now() - 60_000);
    const newer = new Date();
    const buildInfo = path.join(dir, 'dist', '.tsbuildinfo');
    if (stamp === 'current') {
      utimesSync(buildInfo, older, older);
      utimesSync(stampFile, newer, newer);
    } else if (stamp === 'stale') {
      utimesSync(stampFile, older, older);
      utimesSync(buildInfo, newer, newer);
    }
    return path.join(dir, 'bin', 'entry.js');
  }
  const run = (entry: string, args: string[]) => spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8' }).stdout.trim();

  it.each([
    ['packages/cli/bin/dockerlint.js', ['.']],
    ['packages/language-server/bin/dockerlint-language-server.js', ['--version']],
  ])('%s: bundle/ while current, dist/ after a later tsc -b, dist/ where there is no stamp (the published package)', (bin, args) => {
    const name = path.basename(bin, '.js');
    expect(run(layout(`${name}-current`, bin, 'current'), args)).toBe('bundle');
    expect(run(layout(`${name}-stale`, bin, 'stale'), args)).toBe('dist');
    expect(run(layout(`${name}-none`, bin, 'none'), args)).toBe('dist');
  });
});
