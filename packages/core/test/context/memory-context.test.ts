import { describe, expect, it } from 'vitest';
import { inMemoryBuildContext, noBuildContext } from '../../src/context/index.js';

describe('inMemoryBuildContext', () => {
  const files = ['Dockerfile', '.env', 'src/index.ts', 'src/lib/', 'secrets/key.pem', 'secrets/public.pem'];

  it('implies parent directories and applies the .dockerignore text', () => {
    const ctx = inMemoryBuildContext(files, '# c\n.env\nsecrets\n!secrets/public.pem\n');
    expect(ctx.root).toBe('/context');
    expect(ctx.ignoreFile).toEqual({ path: '/context/.dockerignore', kind: 'context', patterns: ['.env', 'secrets', '!secrets/public.pem'], text: '# c\n.env\nsecrets\n!secrets/public.pem\n' });
    expect(ctx.listAll().map((f) => f.path)).toEqual(['Dockerfile', '.env', 'src', 'src/index.ts', 'src/lib', 'secrets', 'secrets/key.pem', 'secrets/public.pem']);
    expect(ctx.listIncluded().map((f) => f.path)).toEqual(['Dockerfile', 'src', 'src/index.ts', 'src/lib', 'secrets/public.pem']);
    expect(ctx.listIncluded('secrets').map((f) => f.path)).toEqual(['secrets/public.pem']);
    expect(ctx.exists('src/lib')).toBe(true);
    expect(ctx.exists('src/other.ts')).toBe(false);
    expect(ctx.isIncluded('.env')).toBe(false);
    expect(ctx.isIncluded('secrets/key.pem')).toBe(false);
    expect(ctx.listAll().find((f) => f.path === 'src/lib')?.isDirectory).toBe(true);
  });

  it('without a .dockerignore includes everything', () => {
    const ctx = inMemoryBuildContext(files);
    expect(ctx.ignoreFile).toBeUndefined();
    expect(ctx.ignoreFileForFixes).toBe('/context/.dockerignore');
    expect(ctx.listIncluded().length).toBe(ctx.listAll().length);
  });

  it('supports gitignore text and file contents', () => {
    const ctx = inMemoryBuildContext(['.env', 'a.pem'], undefined, { gitignore: '.env\n', contents: { 'a.pem': '-----BEGIN PRIVATE KEY-----' } });
    expect(ctx.gitignoreMatches('.env')).toBe(true);
    expect(ctx.gitignoreMatches('a.pem')).toBe(false);
    expect(ctx.readHead?.('a.pem', 5)).toBe('-----');
  });
});

describe('noBuildContext', () => {
  it('knows nothing and includes everything', () => {
    const ctx = noBuildContext();
    expect(ctx.root).toBeUndefined();
    expect(ctx.ignoreFile).toBeUndefined();
    expect(ctx.exists('.env')).toBe(false);
    expect(ctx.isIncluded('.env')).toBe(true);
    expect(ctx.listIncluded()).toEqual([]);
    expect(ctx.listAll()).toEqual([]);
    expect(ctx.gitignoreMatches('.env')).toBe(false);
  });
});
