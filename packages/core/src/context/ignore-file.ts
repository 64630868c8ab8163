/**
 * Finding and reading the `.dockerignore` that applies to a build.
 *
 * Precedence (Docker docs "Build context", BuildKit `frontend/dockerui`):
 *   1. `<Dockerfile path>.dockerignore` beside the Dockerfile (e.g. `docker/app.Dockerfile.dockerignore`);
 *   2. `<context>/.dockerignore`;
 *   3. `<context>/.containerignore` (Podman/Buildah), only when there is no `.dockerignore`.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, posix, resolve, sep } from 'node:path';
import type { LintSession } from '../engine/session.js';
import { folderProbe, isFileIn } from './listing.js';
import type { IgnoreFile } from './types.js';
import { childPath, resolvedPath } from './resolved-path.js';

const UTF8_BOM = '\uFEFF';

/**
 * Go's `filepath.Clean` for `/`-separated paths: collapses `//`, removes `.` elements and resolves `..`
 * (a rooted path cannot go above `/`), drops trailing slashes; the empty result is `.`.
 */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/**
 * Docker's `ignorefile.ReadAll` (moby/patternmatcher): a line is a comment only when `#` is in column 1;
 * lines are trimmed, empty lines dropped, a leading `!` is kept (and the rest trimmed), the pattern is
 * `filepath.Clean`ed and a leading `/` removed (so leading and trailing slashes are disregarded).
 */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    let line = index === 0 && raw.startsWith(UTF8_BOM) ? raw.slice(1) : raw;
    if (line.startsWith('#')) return;
    line = line.trim();
    if (line === '') return;
    const invert = line.startsWith('!');
    if (invert) line = line.slice(1).trim();
    if (line.length > 0) {
      line = cleanPath(line);
      if (line.length > 1 && line.startsWith('/')) line = line.slice(1);
    }
    patterns.push(invert ? '!' + line : line);
  });
  return patterns;
}

/** Kind of an ignore file judged from its name: `.dockerignore`/`.containerignore` are context-level. */
function kindOf(path: string): IgnoreFile['kind'] {
  const name = basename(path);
  return name === '.dockerignore' || name === '.containerignore' ? 'context' : 'dockerfile-specific';
}

/** Read and parse an ignore file; undefined when it does not exist, is not a file, or cannot be read. */
export function readIgnoreFile(path: string, kind: IgnoreFile['kind'] = kindOf(path)): IgnoreFile | undefined {
  const abs = resolve(path);
  try {
    // Not a FIFO or a device: reading one could block or never end.
    if (!statSync(abs).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return readKnownFile(abs, kind);
}

/** Read and parse an ignore file already known to be a file (see `ignoreFileCandidates`); undefined when unreadable. */
function readKnownFile(abs: string, kind: IgnoreFile['kind']): IgnoreFile | undefined {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
  return { path: abs, kind, patterns: parseDockerignore(text), text };
}

/** Path of the Dockerfile-specific ignore file (`<dockerfile>.dockerignore`), whether or not it exists. */
export function dockerfileSpecificIgnorePath(dockerfilePath: string): string {
  return resolvedPath(dockerfilePath) + '.dockerignore';
}

/** Context-level ignore file names, in precedence order. */
const CONTEXT_IGNORE_NAMES = ['.dockerignore', '.containerignore'] as const;

/** The ignore files that exist for a build, in precedence order, and where a fix writes. */
export interface IgnoreFileCandidates {
  /** Existing files, best first: `<dockerfile>.dockerignore`, `<context>/.dockerignore`, `<context>/.containerignore`. */
  paths: { path: string; kind: IgnoreFile['kind'] }[];
  /** See `ignoreFileForFixes`. */
  fixesPath: string;
}

/**
 * Which ignore files exist for a build of `dockerfilePath` with context `contextDir`. With a session, the folders'
 * listings answer (see `probeEntry`) instead of one `stat` per candidate.
 */
export function ignoreFileCandidates(dockerfilePath: string | undefined, contextDir: string, session?: LintSession): IgnoreFileCandidates {
  const paths: IgnoreFileCandidates['paths'] = [];
  const root = resolvedPath(contextDir);
  let fixesPath = childPath(root, '.dockerignore');
  if (dockerfilePath) {
    const specific = dockerfileSpecificIgnorePath(dockerfilePath);
    if (isFileIn(dirname(specific), basename(specific), session)) {
      paths.push({ path: specific, kind: 'dockerfile-specific' });
      fixesPath = specific;
    }
  }
  const inRoot = folderProbe(root, session);
  for (const name of CONTEXT_IGNORE_NAMES) if (inRoot(name) === 'file') paths.push({ path: childPath(root, name), kind: 'context' });
  return { paths, fixesPath };
}

/** The first of `candidates` that can be read: an unreadable ignore file gives way to the next one, as before. */
export function readFirstIgnoreFile(candidates: IgnoreFileCandidates): IgnoreFile | undefined {
  for (const { path, kind } of candidates.paths) {
    const file = readKnownFile(path, kind);
    if (file) return file;
  }
  return undefined;
}

/**
 * The ignore file Docker would use for a build of `dockerfilePath` (may be undefined: stdin) with context
 * `contextDir`: `<dockerfile>.dockerignore` beside the Dockerfile wins over `<context>/.dockerignore`;
 * `<context>/.containerignore` is accepted when neither exists (Podman).
 */
export function findIgnoreFile(dockerfilePath: string | undefined, contextDir: string, session?: LintSession): IgnoreFile | undefined {
  return readFirstIgnoreFile(ignoreFileCandidates(dockerfilePath, contextDir, session));
}

/** Where a new ignore entry should be written: the Dockerfile-specific file if it exists, else `<context>/.dockerignore`. */
export function ignoreFileForFixes(dockerfilePath: string | undefined, contextDir: string, session?: LintSession): string {
  return ignoreFileCandidates(dockerfilePath, contextDir, session).fixesPath;
}

/** `a/b`: no empty, `.` or `..` segment, no leading or trailing `/` (and not empty) — what normalising leaves as it is. */
const NORMAL_REL_PATH = /^(?!\.\.?(?:\/|$))[^/]+(?:\/(?!\.\.?(?:\/|$))[^/]+)*$/;

/** Normalise a context-relative path: `/`-separated, no leading `./` or `/`, no trailing `/`; root is `''`. */
export function normalizeRelPath(relPath: string): string {
  // Rules and the walk ask with paths already in that form, many per lint: those come back as they are.
  if (sep === '/' && NORMAL_REL_PATH.test(relPath)) return relPath;
  const cleaned = posix.normalize(sep === '\\' ? relPath.replace(/\\/g, '/') : relPath).replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
  return cleaned === '.' ? '' : cleaned;
}
