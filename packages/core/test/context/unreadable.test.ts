// Tests usually run as root, where chmod 000 does not block reads; here readdirSync is made to fail with
// EACCES for one directory so that the "unreadable directory" path is exercised whatever the user.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const blocked = new Set<string>();
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const readdirSync = ((path: unknown, ...rest: unknown[]) => {
    if (typeof path === 'string' && blocked.has(path)) {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
    }
    return (actual.readdirSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof actual.readdirSync;
  return { ...actual, readdirSync, default: { ...actual, readdirSync } };
});

const { loadBuildContext } = await import('../../src/context/index.js');

const root = mkdtempSync(join(tmpdir(), 'dockerlint-eacces-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('unreadable directories (simulated EACCES)', () => {
  it('are skipped silently and recorded in warnings', () => {
    mkdirSync(join(root, 'locked/inner'), { recursive: true });
    writeFileSync(join(root, 'locked/inner/secret.key'), 'k');
    writeFileSync(join(root, 'open.txt'), '');
    blocked.add(join(root, 'locked'));
    const ctx = loadBuildContext({ contextDir: root });
    expect(ctx.listIncluded().map((f) => f.path)).toEqual(['locked', 'open.txt']);
    expect(ctx.stats.directoriesUnreadable).toBe(1);
    expect(ctx.warnings).toEqual([expect.stringMatching(/cannot read directory locked \(EACCES\)/)]);
    // its contents are unknown, so existence falls back to the file system
    expect(ctx.exists('locked/inner/secret.key')).toBe(true);
  });
});
