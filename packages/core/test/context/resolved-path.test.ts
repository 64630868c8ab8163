import { join, posix, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPath, relativePath, resolvedPath } from '../../src/context/resolved-path.js';
import { normalizeRelPath } from '../../src/context/ignore-file.js';
import { seededRandom } from '../../../../test/helpers/random.js';

describe('resolvedPath', () => {
  it.each([
    '/work/app/Dockerfile',
    '/a',
    '/',
    '//a',
    '/a//b',
    '/a/',
    '/a/./b',
    '/a/../b',
    '/a/.',
    '/a/..',
    '/.',
    '/..',
    '/a/.hidden/..b/...',
    'relative/Dockerfile',
    './x',
    '../x',
    '',
    '.',
  ])('is path.resolve for %j', (path) => {
    expect(resolvedPath(path)).toBe(resolve(path));
  });
});

describe('relativePath', () => {
  it.each([
    ['/work', '/work/app/Dockerfile'],
    ['/work', '/work'],
    ['/work', '/workshop/Dockerfile'],
    ['/work', '/other/Dockerfile'],
    ['/work/app', '/work/Dockerfile'],
    ['/', '/work/Dockerfile'],
    ['/work/', '/work/app/Dockerfile'],
    ['/work', '/work//app'],
    ['/work', '/work/./app'],
    ['/work', '/work/../app'],
    ['/work/.', '/work/app'],
    ['work', '/work/app'],
    ['/work', 'app/Dockerfile'],
  ])('is path.relative for %j → %j', (from, to) => {
    expect(relativePath(from, to)).toBe(relative(from, to));
  });
});

describe('childPath', () => {
  it.each([
    ['/work/app', '.dockerignore'],
    ['/', '.dockerignore'],
    ['/work/', '.containerignore'],
    ['/work//app', 'x'],
    ['/work/./app', 'x'],
    ['/work/..', 'x'],
    ['relative', 'x'],
    ['', 'x'],
  ])('is path.join for %j and %j', (dir, name) => {
    expect(childPath(dir, name)).toBe(join(dir, name));
  });
});

describe('normalizeRelPath', () => {
  /** What it did before paths already in normal form were returned as they are. */
  const byNormalize = (relPath: string): string => {
    const cleaned = posix.normalize(relPath).replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
    return cleaned === '.' ? '' : cleaned;
  };

  it('is what posix.normalize and the trims made of generated paths, and keeps normal ones as they are', () => {
    const next = seededRandom(23);
    const pieces = ['a', 'b.txt', '.env', '..', '.', '...', '/', '//', 'dir/', '.hidden', ' ', 'x..y'];
    let unchanged = 0;
    for (let i = 0; i < 5000; i++) {
      let path = '';
      const count = Math.floor(next() * 6);
      for (let j = 0; j < count; j++) path += pieces[Math.floor(next() * pieces.length)];
      expect(normalizeRelPath(path), JSON.stringify(path)).toBe(byNormalize(path));
      if (normalizeRelPath(path) === path) unchanged++;
    }
    expect(unchanged).toBeGreaterThan(300);
  });
});
