import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativePath, resolvedPath } from '../../src/context/resolved-path.js';

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
