/**
 * The one glob engine for paths in an image or a build context: Go's `filepath.Match` meaning per segment
 * (`*`, `?`, `[…]`, `[!…]`/`[^…]`; `*` never crosses `/`), which is what BuildKit applies to COPY/ADD sources
 * and `--exclude`, and what a shell applies to `rm /app/*` (where a leading dot is only matched explicitly).
 */

import { createIgnoreMatcher } from '../context/matcher.js';
import { trimContextPath } from '../model/paths.js';

/**
 * Matcher for an absolute or relative glob. Shell globs (`rm /app/*`) do not match a leading dot; COPY
 * sources follow Go's filepath.Match, where `*` matches dotfiles too (`dotMatches`). Compiling is cheap and
 * callers that match many paths keep the matcher they got.
 */
export function globMatcher(glob: string, dotMatches: boolean): (path: string) => boolean {
  const segments = glob.split('/');
  const matchers = segments.map((segment) => segmentMatcher(segment, dotMatches));
  if (matchers.length === 1) {
    // A basename glob (every sensitive-file name, most COPY sources): no split of each path.
    const matchName = matchers[0]!;
    return (path: string) => !path.includes('/') && matchName(path);
  }
  return (path: string) => {
    const parts = path.split('/');
    if (parts.length !== segments.length) return false;
    return matchers.every((match, index) => match(parts[index]!));
  };
}

type GlobToken = { kind: 'star' } | { kind: 'char'; test: (ch: string) => boolean };

/**
 * One path segment of a glob (`*`, `?`, `[…]`, `[!…]`), matched without a backtracking regex: globs come
 * from untrusted Dockerfiles, and `*a*a*a*a*a*b` as a regex (`[^/]*a[^/]*a…`) backtracks exponentially on a
 * long name of `a`s. Greedy wildcard matching with one star back-track point is O(name × glob).
 */
function segmentMatcher(segment: string, dotMatches: boolean): (name: string) => boolean {
  const dotGuard = !dotMatches && /^[*?[]/.test(segment);
  if (!/[?[]/.test(segment)) {
    // Literals and `*` only (most globs): the literal pieces in order, first anchored at the start, last at the end.
    const pieces = segment.split('*');
    if (pieces.length === 1) return (name) => name === segment;
    const first = pieces[0]!;
    const last = pieces[pieces.length - 1]!;
    const middle = pieces.slice(1, -1).filter(Boolean);
    const least = pieces.reduce((sum, piece) => sum + piece.length, 0);
    return (name) => {
      if (dotGuard && name.startsWith('.')) return false;
      if (name.length < least || !name.startsWith(first) || !name.endsWith(last)) return false;
      let at = first.length;
      const end = name.length - last.length;
      for (const piece of middle) {
        const found = name.indexOf(piece, at);
        if (found < 0 || found + piece.length > end) return false;
        at = found + piece.length;
      }
      return true;
    };
  }
  const tokens = segmentTokens(segment);
  if (!tokens) return (name) => name === segment; // an invalid class: the segment is taken literally
  return (name) => {
    if (dotGuard && name.startsWith('.')) return false;
    let ti = 0;
    let si = 0;
    let starTi = -1;
    let starSi = 0;
    while (si < name.length) {
      const token = tokens[ti];
      if (token && token.kind === 'char' && token.test(name[si]!)) {
        ti++;
        si++;
      } else if (token && token.kind === 'star') {
        starTi = ti++;
        starSi = si;
      } else if (starTi >= 0 && name[starSi] !== '/') {
        ti = starTi + 1;
        si = ++starSi;
      } else {
        return false;
      }
    }
    while (tokens[ti]?.kind === 'star') ti++;
    return ti === tokens.length;
  };
}

/** The segment's tokens, or undefined when a `[…]` class is not a valid character class. */
function segmentTokens(segment: string): GlobToken[] | undefined {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') tokens.push({ kind: 'char', test: (c) => c !== '/' });
    else if (ch === '[' && segment.indexOf(']', i + 2) >= 0) {
      const end = segment.indexOf(']', i + 2);
      let body = segment.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      const cls = characterClass(body);
      if (!cls) return undefined;
      tokens.push({ kind: 'char', test: (c) => cls.test(c) });
      i = end;
    } else tokens.push({ kind: 'char', test: (c) => c === ch });
  }
  return tokens;
}

/** One character class as a regex (no backtracking possible), or undefined when the class is invalid (`[z-a]`). */
function characterClass(body: string): RegExp | undefined {
  try {
    return new RegExp(`^[${body.replace(/\\/g, '\\\\')}]$`);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/**
 * COPY/ADD source globs (Go `filepath.Match` per segment, as BuildKit applies them): does `path` — or the
 * ancestor of `path` with as many segments as the pattern — match? `*` does not cross `/` and matches dotfiles;
 * a matched directory is copied with everything below it. Compile once, match many paths.
 */
export function copyGlobMatcher(glob: string): (path: string) => boolean {
  const clean = trimContextPath(glob);
  if (!clean) return () => true;
  const depth = clean.split('/').length;
  const match = globMatcher(clean, true);
  return (path) => {
    const segments = path.split('/');
    return segments.length >= depth && match(segments.slice(0, depth).join('/'));
  };
}

/** {@link copyGlobMatcher} for one path. */
export function copyGlobMatches(path: string, glob: string): boolean {
  return copyGlobMatcher(glob)(path);
}

/**
 * `COPY --exclude=<pattern>…`: BuildKit hands the patterns to the copy as exclude patterns, which follow the
 * `.dockerignore` language (moby/patternmatcher: `**` spans directories, a match excludes everything below).
 * The matcher says whether `rel` (relative to the copied source) is left out.
 */
export function excludeMatcher(patterns: readonly string[]): (rel: string) => boolean {
  if (patterns.length === 0) return () => false;
  const matcher = createIgnoreMatcher(patterns.map(trimContextPath).filter(Boolean));
  return (rel) => matcher.isExcluded(rel);
}

/** {@link excludeMatcher} for one path. */
export function excludedByPatterns(rel: string, patterns: readonly string[]): boolean {
  return excludeMatcher(patterns)(rel);
}
