import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvedPath } from '../../src/context/resolved-path.js';

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
