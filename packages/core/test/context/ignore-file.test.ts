import { describe, expect, it } from 'vitest';
import { cleanPath, parseDockerignore } from '../../src/context/ignore-file.js';

describe('parseDockerignore (Docker ignorefile.ReadAll)', () => {
  it('treats # as a comment only in column 1, trims and drops blank lines', () => {
    expect(parseDockerignore('# comment\n  # not a comment\n\n   \n  .env  \n')).toEqual(['# not a comment', '.env']);
  });
  it('drops leading and trailing slashes and cleans the path', () => {
    expect(parseDockerignore('/foo/bar/\n./build\nsrc/../dist\na//b/./c\n/')).toEqual(['foo/bar', 'build', 'dist', 'a/b/c', '/']);
  });
  it('keeps "!" and cleans what follows it', () => {
    expect(parseDockerignore('!  /secrets/public.pem/\n!README*.md')).toEqual(['!secrets/public.pem', '!README*.md']);
  });
  it('strips a UTF-8 BOM and handles CRLF', () => {
    expect(parseDockerignore('\uFEFF.env\r\n*.pem\r\n')).toEqual(['.env', '*.pem']);
  });
  it('does not treat [!a] as negation', () => {
    expect(parseDockerignore('[!a].txt')).toEqual(['[!a].txt']);
  });
});

describe('cleanPath (Go filepath.Clean)', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    ['a/..', '.'],
    ['a/../..', '..'],
    ['/..', '/'],
    ['../x/./y/', '../x/y'],
    ['//a//b//', '/a/b'],
  ])('%j → %j', (input, expected) => {
    expect(cleanPath(input)).toBe(expected);
  });
});
