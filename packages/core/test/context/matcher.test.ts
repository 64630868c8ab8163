import { describe, expect, it } from 'vitest';
import { createIgnoreMatcher } from '../../src/context/matcher.js';
import { parseDockerignore } from '../../src/context/ignore-file.js';

/** Docker's behaviour (moby/patternmatcher MatchesOrParentMatches after ignorefile.ReadAll). */
const excluded = (dockerignore: string, file: string): boolean =>
  createIgnoreMatcher(parseDockerignore(dockerignore)).isExcluded(file);

// [.dockerignore text, path, excluded by Docker]. ecosystem.md §6.4 (the rows where libraries disagree,
// then the rows where they agree) plus the Docker docs examples.
const table: [string, string, boolean][] = [
  // §6.4 disagreement rows
  ['foo', 'foo/bar.txt', true],
  ['foo', 'x/foo', false],
  ['/foo/bar/', 'foo/bar', true],
  ['/foo/bar/', 'foo/bar/x', true],
  ['*.md\n!README.md', 'docs/a.md', false],
  ['.env*', 'app/.env', false],
  ['*', '.env', true],
  ['*', 'src/a.js', true],
  ['**/.env', 'a/.env/x', true],
  ['secrets/\n!secrets/public.pem', 'secrets/key.pem', true],
  ['secrets/\n!secrets/public.pem', 'secrets/public.pem', false],
  ['*/temp*\n*/*/temp*\ntemp?', 'x/y/z/temp1', false],
  ['  # not a comment', '# not a comment', true],
  ['{a,b}.txt', 'a.txt', false],
  ['{a,b}.txt', '{a,b}.txt', true],
  ['[!a].txt', 'b.txt', false],
  ['[!a].txt', 'a.txt', true],
  ['[!a].txt', '!.txt', true],
  ['node_modules\n!node_modules/keep/**', 'node_modules/x.js', true],
  ['node_modules\n!node_modules/keep/**', 'node_modules/keep/y.js', false],
  ['./build', 'build/x', true],
  ['src/../dist', 'dist/y', true],
  // rows where every library agrees
  ['foo', 'foo', true],
  ['foo', 'foo/a/b.txt', true],
  ['**/*.md', 'docs/guide/a.md', true],
  ['**/*.md', 'a.md', true],
  ['*.md\n!README.md', 'README.md', false],
  ['*.md\n!README.md', 'CHANGELOG.md', true],
  ['temp?', 'tempa', true],
  ['temp?', 'temp', false],
  ['temp?', 'tempab', false],
  ['.env*', '.env.local', true],
  ['**/.env', '.env', true],
  ['**/.env', 'a/b/.env', true],
  ['# a comment', '# a comment', false],
  ['node_modules/', 'node_modules/a/b/c.js', true],
  ['*.pem', 'certs/key.pem', false],
  ['**/*.pem', 'certs/key.pem', true],
  ['/.env', '.env', true],
  ['src/**', 'src', false],
  ['src/**', 'src/a/b.js', true],
  ['**', 'anything/at/all', true],
  // Docker docs examples (docs.docker.com "dockerignore files")
  ['*/temp*', 'somedir/temporary.txt', true],
  ['*/temp*', 'somedir/temp', true],
  ['*/temp*', 'temp.txt', false],
  ['*/temp*', 'a/b/temp.txt', false],
  ['*/*/temp*', 'somedir/subdir/temporary.txt', true],
  ['*/*/temp*', 'somedir/temporary.txt', false],
  ['temp?', 'tempb', true],
  ['**/*.go', 'main.go', true],
  ['**/*.go', 'cmd/tool/main.go', true],
  ['*.md\n!README*.md\nREADME-secret.md', 'README.md', false],
  ['*.md\n!README*.md\nREADME-secret.md', 'README-secret.md', true],
  ['*.md\n!README*.md\nREADME-secret.md', 'other.md', true],
  ['*.md\nREADME-secret.md\n!README*.md', 'README-secret.md', false],
  // current moby/patternmatcher, where @balena/dockerignore 1.0.2 needs our normalisation
  ['.env', '.ENV', false],
  ['a|b', 'a', false],
  ['a|b', 'a|b', true],
  ['file(1).txt', 'file(1).txt', true],
  ['file(1).txt', 'file1.txt', false],
  ['c++', 'c++', true],
  ['c++', 'cc', false],
  ['**.pem', 'a/b/key.pem', true],
  ['\\*.txt', '*.txt', true],
  ['\\*.txt', 'a.txt', false],
];

describe('Docker .dockerignore semantics (table)', () => {
  it.each(table)('%j excludes %j → %s', (dockerignore, file, expected) => {
    expect(excluded(dockerignore, file)).toBe(expected);
  });
});

describe('createIgnoreMatcher', () => {
  it('never excludes the context root or paths outside it', () => {
    const m = createIgnoreMatcher(['*', '**']);
    expect(m.isExcluded('')).toBe(false);
    expect(m.isExcluded('.')).toBe(false);
    expect(m.isExcluded('../x')).toBe(false);
  });

  it('normalises the queried path', () => {
    const m = createIgnoreMatcher(['secrets']);
    expect(m.isExcluded('./secrets/a')).toBe(true);
    expect(m.isExcluded('/secrets/')).toBe(true);
    expect(m.isExcluded('x/../secrets/a')).toBe(true);
  });

  it('reports invalid patterns and ignores them instead of throwing', () => {
    const m = createIgnoreMatcher(['[a', '.env']);
    expect(m.invalidPatterns).toEqual(['[a']);
    expect(m.isExcluded('[a')).toBe(false);
    expect(m.isExcluded('.env')).toBe(true);
  });

  it('treats a lone "!" as nothing', () => {
    const m = createIgnoreMatcher(['*', '!']);
    expect(m.isExcluded('a')).toBe(true);
    expect(m.hasExceptions).toBe(false);
  });

  describe('mayReincludeUnder', () => {
    it('is false without exceptions', () => {
      expect(createIgnoreMatcher(['node_modules']).mayReincludeUnder('node_modules')).toBe(false);
    });
    it('follows literal exception paths', () => {
      const m = createIgnoreMatcher(['secrets/', '!secrets/public.pem', 'node_modules']);
      expect(m.mayReincludeUnder('secrets')).toBe(true);
      expect(m.mayReincludeUnder('node_modules')).toBe(false);
      expect(m.mayReincludeUnder('secrets/deeper')).toBe(false);
    });
    it('handles wildcards segment by segment', () => {
      const m = createIgnoreMatcher(['*', '!*/keep/*.txt']);
      expect(m.mayReincludeUnder('a')).toBe(true);
      expect(m.mayReincludeUnder('a/keep')).toBe(true);
      expect(m.mayReincludeUnder('a/other')).toBe(false);
      expect(m.mayReincludeUnder('a/keep/x')).toBe(false);
    });
    it('is true wherever a ** exception could reach', () => {
      const m = createIgnoreMatcher(['node_modules', '!**/LICENSE']);
      expect(m.mayReincludeUnder('node_modules')).toBe(true);
      expect(m.mayReincludeUnder('node_modules/a/b')).toBe(true);
      const n = createIgnoreMatcher(['node_modules', '!node_modules/keep/**']);
      expect(n.mayReincludeUnder('node_modules')).toBe(true);
      expect(n.mayReincludeUnder('node_modules/keep')).toBe(true);
      expect(n.mayReincludeUnder('node_modules/other')).toBe(false);
    });
    it('is false for an exception that names the directory itself only', () => {
      const m = createIgnoreMatcher(['*', '!src']);
      expect(m.mayReincludeUnder('docs')).toBe(false);
      expect(m.mayReincludeUnder('src')).toBe(false);
      expect(m.isExcluded('src/a.ts')).toBe(false);
    });
  });

  describe('decidingPattern (the last pattern matching the path or a parent)', () => {
    it('is the index of the last matching pattern, negated ones included', () => {
      const m = createIgnoreMatcher(['**/.env*', '!.env.example', 'node_modules']);
      expect(m.decidingPattern('.env.example')).toBe(1);
      expect(m.decidingPattern('.env')).toBe(0);
      expect(m.decidingPattern('app/.env.example')).toBe(0);
      expect(m.decidingPattern('node_modules/x/index.js')).toBe(2);
    });
    it('is -1 when no pattern matches, and for the root', () => {
      const m = createIgnoreMatcher(['*.log']);
      expect(m.decidingPattern('src/index.js')).toBe(-1);
      expect(m.decidingPattern('')).toBe(-1);
      expect(createIgnoreMatcher([]).decidingPattern('.env')).toBe(-1);
    });
    it('counts a match on a parent folder (Docker excludes or re-includes a folder with its content)', () => {
      const m = createIgnoreMatcher(['*', '!src']);
      expect(m.decidingPattern('src/.env')).toBe(1);
      expect(m.decidingPattern('src')).toBe(1);
      expect(m.decidingPattern('docs/a.md')).toBe(0);
    });
    it('skips invalid patterns but keeps the indexes of the list as given', () => {
      const m = createIgnoreMatcher(['[a', '#x', '!#x']);
      expect(m.decidingPattern('#x')).toBe(2);
    });
  });
});
