/**
 * Docker's `.dockerignore` matching (moby/patternmatcher `MatchesOrParentMatches`), on top of
 * `@balena/dockerignore` — never minimatch, whose semantics differ in about a third of Docker's cases.
 *
 * `@balena/dockerignore` 1.0.2 follows moby v19.03; a few normalisations bring it in line with current
 * moby/patternmatcher:
 * - case-sensitive matching (balena defaults to `ignorecase: true`; Docker on Linux/macOS is case-sensitive);
 * - the regex metacharacters `+ ( ) | { }` are literal (patternmatcher escapes them; balena passes them into
 *   the RegExp, so `a|b` or `file(1).txt` would be misread) — rewritten as one-character classes `[c]`;
 * - a pattern that starts with `#` after trimming (`  # x`) is a pattern, not a comment (balena would drop it);
 * - a leading `**` followed by a literal (`**.pem`) is a suffix match in patternmatcher (any path ending in
 *   `.pem`) — rewritten as the equivalent `**` + `/*.pem`;
 * - a syntactically invalid pattern (`[a`) is reported in `invalidPatterns` and ignored instead of throwing
 *   (Docker refuses to build with it).
 * Remaining known differences (documented, deliberately not patched): character classes are JavaScript's, not
 * Go's (`[[:alpha:]]`, a leading `]` in a class), and a class that can match `/` is only tested against the
 * parent prefix with as many segments as the pattern.
 */
import dockerignoreModule from '@balena/dockerignore';
import { normalizeRelPath } from './ignore-file.js';

// `@balena/dockerignore` is CommonJS with `module.exports = factory; factory.default = factory`, so `.default`
// is the factory both for TypeScript (NodeNext sees an `export default` inside a CJS module) and at run time.
const dockerignore = (dockerignoreModule as unknown as { default: typeof dockerignoreModule.default }).default;
type Ignore = ReturnType<typeof dockerignore>;

export interface IgnoreMatcher {
  /** The patterns as given (after `parseDockerignore`). */
  readonly patterns: readonly string[];
  /** Patterns that cannot be compiled (Docker would refuse to build); they are ignored. */
  readonly invalidPatterns: readonly string[];
  /** Whether any `!` exception pattern exists. */
  readonly hasExceptions: boolean;
  /** Would Docker leave `relPath` (context-relative, `/`-separated) out of the context? The root is never excluded. */
  isExcluded(relPath: string): boolean;
  /**
   * Could a `!` pattern re-include something strictly below directory `relDir`? A walker that finds an
   * excluded directory must still descend into it when this is true. Conservative: may say true needlessly,
   * never false wrongly.
   */
  mayReincludeUnder(relDir: string): boolean;
  /**
   * Index in `patterns` of the pattern that decides about `relPath`: the last one matching it or a parent
   * directory (Docker's "last match wins"); -1 when none does. A `!` pattern here means the user re-included it.
   */
  decidingPattern(relPath: string): number;
}

const REGEX_META = new Set(['+', '(', ')', '|', '{', '}']);
const GLOB_META = /[*?[\]\\]/;

/** Rewrite one (non-negated, cleaned) pattern body so that balena compiles it the way patternmatcher does. */
function toBalenaBody(body: string): string {
  let out = '';
  let inClass = false;
  let classStart = -1;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && i + 1 < body.length) {
      out += ch + body[i + 1];
      i++;
      continue;
    }
    if (inClass) {
      // A `]` right after `[` or `[^` is literal in Go; everything else up to `]` stays as is.
      if (ch === ']' && i > classStart + 1 && !(i === classStart + 2 && body[classStart + 1] === '^')) inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      classStart = i;
      out += ch;
      continue;
    }
    out += REGEX_META.has(ch) ? `[${ch}]` : ch;
  }
  // patternmatcher: a pattern starting with `**` whose rest is literal is a plain suffix test.
  if (body.startsWith('**') && body.length > 2 && body[2] !== '/' && !GLOB_META.test(body.slice(2))) {
    out = '**/*' + out.slice(2);
  }
  return out;
}

function toBalenaPattern(pattern: string): { line: string; negated: boolean; body: string } | undefined {
  let p = pattern.trim();
  if (p === '') return undefined;
  const negated = p.startsWith('!');
  if (negated) p = p.slice(1).trim();
  if (p === '') return undefined; // a lone `!` is illegal in Docker; ignore it
  const line = (negated ? '!' : '') + toBalenaBody(p);
  // balena drops lines starting with `#` as comments; a leading space keeps them (it trims afterwards).
  return { line: line.startsWith('#') ? ' ' + line : line, negated, body: p };
}

function compiles(line: string): boolean {
  try {
    dockerignore({ ignorecase: false }).add(line).ignores('probe/x');
    return true;
  } catch {
    return false;
  }
}

/** Does the single path segment `name` match the single pattern segment `segment`? */
function segmentMatches(segment: string, name: string): boolean {
  const compiled = toBalenaPattern(segment);
  if (!compiled) return false;
  try {
    return dockerignore({ ignorecase: false }).add(compiled.line).ignores(name);
  } catch {
    return true; // conservative
  }
}

export function createIgnoreMatcher(patterns: string[]): IgnoreMatcher {
  const valid: string[] = [];
  const invalidPatterns: string[] = [];
  const exceptionBodies: string[] = [];
  /** Each valid pattern alone, as an exclusion (a `!` pattern's body), with its index in `patterns`. */
  const singles: { index: number; line: string; compiled?: Ignore }[] = [];
  patterns.forEach((pattern, index) => {
    const compiled = toBalenaPattern(pattern);
    if (!compiled) return;
    if (!compiles(compiled.line)) {
      invalidPatterns.push(pattern);
      return;
    }
    valid.push(compiled.line);
    singles.push({ index, line: compiled.negated ? toBalenaPattern(compiled.body)!.line : compiled.line });
    if (compiled.negated) exceptionBodies.push(compiled.body);
  });
  const ig: Ignore = dockerignore({ ignorecase: false }).add(valid);
  const reincludeCache = new Map<string, boolean>();

  function isExcluded(relPath: string): boolean {
    const rel = normalizeRelPath(relPath);
    if (rel === '' || rel === '..' || rel.startsWith('../')) return false;
    return ig.ignores(rel);
  }

  function exceptionReachesBelow(body: string, dirSegments: string[]): boolean {
    const segments = body.split('/');
    for (let i = 0; i < dirSegments.length; i++) {
      const seg = segments[i];
      if (seg === undefined) return false; // matches the directory or an ancestor only
      if (seg.includes('**')) return true;
      if (GLOB_META.test(seg)) {
        if (!segmentMatches(seg, dirSegments[i]!)) return false;
      } else if (seg !== dirSegments[i]) {
        return false;
      }
    }
    return segments.length > dirSegments.length;
  }

  function mayReincludeUnder(relDir: string): boolean {
    if (exceptionBodies.length === 0) return false;
    const rel = normalizeRelPath(relDir);
    if (rel === '') return true;
    const cached = reincludeCache.get(rel);
    if (cached !== undefined) return cached;
    const dirSegments = rel.split('/');
    const result = exceptionBodies.some((body) => exceptionReachesBelow(body, dirSegments));
    reincludeCache.set(rel, result);
    return result;
  }

  function decidingPattern(relPath: string): number {
    const rel = normalizeRelPath(relPath);
    if (rel === '' || rel === '..' || rel.startsWith('../')) return -1;
    for (let i = singles.length - 1; i >= 0; i--) {
      const single = singles[i]!;
      single.compiled ??= dockerignore({ ignorecase: false }).add(single.line);
      if (single.compiled.ignores(rel)) return single.index;
    }
    return -1;
  }

  return {
    patterns: [...patterns],
    invalidPatterns,
    hasExceptions: exceptionBodies.length > 0,
    isExcluded,
    mayReincludeUnder,
    decidingPattern,
  };
}
