/**
 * The one `.gitignore` parser, approximated with minimatch: for hints such as "listed in .gitignore but not in
 * .dockerignore" (a context's root `.gitignore`) and for Dockerfile discovery (every `.gitignore` on the way down).
 * Not used for anything Docker decides.
 */
import { relative, sep } from 'node:path';
import { Minimatch } from 'minimatch';
import { normalizeRelPath } from './ignore-file.js';

interface GitRule {
  negated: boolean;
  dirOnly: boolean;
  matcher: Minimatch;
  /** Anchored patterns (`/out`, `a/b`) also match everything below what they name. */
  below?: Minimatch;
}

/** The rules of one `.gitignore` file and the directory they are relative to. */
export interface ScopedGitignore {
  baseDir: string;
  rules: GitRule[];
}

export interface GitignoreMatcher {
  /** Is `relPath` ignored by git? `isDirectory` tells whether the path itself is a directory. */
  matches(relPath: string, isDirectory: (relPath: string) => boolean): boolean;
}

export function parseGitignore(text: string): GitRule[] {
  const rules: GitRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw;
    if (line.startsWith('#')) continue;
    // Trailing spaces are ignored unless escaped with a backslash.
    line = line.replace(/(?:(?<![\s\\])|(?<=\\\s))\s+$/, '');
    if (line === '') continue;
    let negated = false;
    if (line.startsWith('!')) {
      negated = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    const dirOnly = line.endsWith('/');
    line = line.replace(/(?<!\/)\/+$/, '');
    if (line === '') continue;
    // A slash at the start or in the middle anchors the pattern to the .gitignore's directory.
    const anchored = line.includes('/');
    line = line.replace(/^\/+/, '');
    const glob = anchored ? line : `**/${line}`;
    const options = { dot: true, nonegate: true, nocomment: true };
    rules.push({ negated, dirOnly, matcher: new Minimatch(glob, options), ...(anchored ? { below: new Minimatch(`${line}/**`, options) } : {}) });
  }
  return rules;
}

export function createGitignoreMatcher(text: string): GitignoreMatcher {
  const rules = parseGitignore(text);
  function ignoredAt(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const rule of rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.matcher.match(path)) ignored = !rule.negated;
    }
    return ignored;
  }
  return {
    matches(relPath, isDirectory) {
      const rel = normalizeRelPath(relPath);
      if (rel === '' || rules.length === 0) return false;
      const parts = rel.split('/');
      // git cannot re-include a file whose parent directory is ignored.
      for (let i = 1; i < parts.length; i++) {
        if (ignoredAt(parts.slice(0, i).join('/'), true)) return true;
      }
      return ignoredAt(rel, isDirectory(rel));
    },
  };
}

/**
 * Is `absPath` ignored by these `.gitignore` files (outermost first; the last matching pattern wins)? Paths are
 * compared relative to each file's directory; files elsewhere do not apply. Callers walking down a tree check each
 * directory before entering it, as git does.
 */
export function isGitignored(scopes: readonly ScopedGitignore[], absPath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const scope of scopes) {
    const rel = relative(scope.baseDir, absPath).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    for (const rule of scope.rules) {
      if (rule.dirOnly && !isDirectory) continue;
      if (rule.matcher.match(rel) || rule.below?.match(rel)) ignored = !rule.negated;
    }
  }
  return ignored;
}
