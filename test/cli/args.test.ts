import { describe, expect, it } from 'vitest';
import { parseCliArgs, useColor } from '../../packages/cli/src/args.js';
import { main } from '../../packages/cli/src/main.js';

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd: process.cwd(), env: {} },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

describe('argument parsing', () => {
  it('has sensible defaults', () => {
    expect(parseCliArgs([])).toMatchObject({ paths: ['.'], format: 'stylish', maxWarnings: -1, quiet: false, fix: false, rules: [], noIgnore: false });
  });

  it('parses every option', () => {
    const o = parseCliArgs([
      '-f', 'sarif', '-o', 'out.sarif', '--context', 'ctx', '--target', 'prod', '-c', 'cfg.json', '--no-config-lookup',
      '--rule', 'no-secret-arg', '--rule', 'dockerlint/no-secret-env,no-hardcoded-secret', '--quiet', '--max-warnings', '0',
      '--fix', '--fix-dry-run', '--no-color', '--no-ignore', 'a', 'b',
    ]);
    expect(o).toMatchObject({
      paths: ['a', 'b'], format: 'sarif', outputFile: 'out.sarif', context: 'ctx', target: 'prod', config: 'cfg.json', noConfigLookup: true,
      rules: ['no-secret-arg', 'no-secret-env', 'no-hardcoded-secret'], quiet: true, maxWarnings: 0, fix: true, fixDryRun: true, color: false, noIgnore: true,
    });
    expect(parseCliArgs(['--stdin', '--stdin-filename', 'x/Dockerfile'])).toMatchObject({ stdin: true, stdinFilename: 'x/Dockerfile' });
    expect(parseCliArgs(['--print-config', 'Dockerfile']).printConfig).toBe('Dockerfile');
  });

  it('decides colour from flag, NO_COLOR, FORCE_COLOR and TTY', () => {
    expect(useColor(undefined, {}, true)).toBe(true);
    expect(useColor(undefined, {}, false)).toBe(false);
    expect(useColor(undefined, { NO_COLOR: '1' }, true)).toBe(false);
    expect(useColor(undefined, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColor(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColor(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColor(true, { NO_COLOR: '1' }, false)).toBe(true);
  });
});

describe('usage errors → exit 2 with a one-line message', () => {
  it.each([
    [['--bogus'], /^dockerlint: unknown option '--bogus' \(see --help\)\n$/],
    [['-f', 'xml'], /^dockerlint: unknown format 'xml' \(expected one of: stylish, json, sarif, github, gitlab, checkstyle, junit\)\n$/],
    [['--format'], /^dockerlint: option '--format' needs a value\n$/],
    [['--max-warnings', 'many'], /^dockerlint: --max-warnings expects a non-negative integer, got 'many'\n$/],
    [['--max-warnings', '-3'], /^dockerlint: option '--max-warnings': a value starting with '-' must be written as --max-warnings=<value>\n$/],
    [['--max-warnings=-3'], /^dockerlint: --max-warnings expects a non-negative integer, got '-3'\n$/],
    [['--stdin-filename', 'x'], /^dockerlint: --stdin-filename requires --stdin\n$/],
    [['--stdin', 'a'], /^dockerlint: --stdin cannot be combined with path arguments\n$/],
    [['--color', '--no-color'], /^dockerlint: --color and --no-color cannot be combined\n$/],
    [['--quiet=yes'], /^dockerlint: option '--quiet' does not take a value\n$/],
  ])('%j', async (argv, expected) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err).toMatch(expected);
    expect(c.err.trim().split('\n')).toHaveLength(1);
    expect(c.err).not.toMatch(/\n\s+at /);
    expect(c.out).toBe('');
  });

  it('--help and --version exit 0', async () => {
    const h = capture();
    expect(await main(['--help'], h.io)).toBe(0);
    expect(h.out).toContain('Usage: dockerlint');
    expect(h.out).toContain('--format');
    const v = capture();
    expect(await main(['--version'], v.io)).toBe(0);
    expect(v.out).toBe('0.1.0\n');
  });
});
