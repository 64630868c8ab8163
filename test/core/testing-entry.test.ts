/**
 * Test fakes live in `@dockerlint/core/testing`, not in the engine's main entry: a consumer of
 * `@dockerlint/core` gets no secret generators, and tests, benchmarks and the fuzzer import them from the sub-path.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from '@dockerlint/core';
import * as testing from '@dockerlint/core/testing';

const TEST_ONLY = ['fakes', 'seededRandom'];
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runtime export names of a package entry as Node resolves it from the repository root (the built dist/). */
function builtExports(specifier: string): string[] {
  const script = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })) as string[];
}

describe('@dockerlint/core/testing', () => {
  it('the sources: the main entry exports no test fakes, the testing entry exports them', () => {
    for (const name of TEST_ONLY) expect(Object.keys(core)).not.toContain(name);
    expect(Object.keys(testing).sort()).toEqual([...TEST_ONLY].sort());
    expect(testing.fakes.githubClassic(1)).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
  });

  it('the built package: package.json exports resolve "./testing", and "." has no fakes', () => {
    const main = builtExports('@dockerlint/core');
    expect(main.length).toBeGreaterThan(100);
    for (const name of TEST_ONLY) expect(main).not.toContain(name);
    expect(builtExports('@dockerlint/core/testing').sort()).toEqual([...TEST_ONLY].sort());
  });
});
