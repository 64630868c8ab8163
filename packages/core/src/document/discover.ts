/**
 * Which files a run lints: paths named explicitly, and the Dockerfiles found walking directories — skipping
 * `node_modules` and `.git`, honouring every `.gitignore` on the way (and those above the walked directory, up to
 * the repository root). Shared by the CLI and anything else that lints a tree.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isGitignored, parseGitignore, type ScopedGitignore } from '../context/gitignore.js';
import { directoryListing, probeEntry, type DirectoryListing } from '../context/listing.js';
import type { LintSession } from '../engine/session.js';
import { isDockerfileName } from './names.js';

const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git']);
const SEARCHED_NAMES = 'Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile, Containerfile.*';

export interface DiscoveryOptions {
  cwd: string;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** Other files to collect from the same walk (build definitions), by absolute path; they land in `collected`. */
  alsoCollect?: (absolutePath: string) => boolean;
  /**
   * The run's session: the folder listings read here are kept in it, so that the ignore-file and config-file
   * probes of every Dockerfile found (and the build-context walks) are lookups, not `stat`s and `readdir`s again.
   */
  session?: LintSession;
}

export interface DiscoveryResult {
  /** Absolute paths, sorted, deduplicated. */
  files: string[];
  /** Absolute paths named explicitly on the command line. */
  explicit: Set<string>;
  /** One-line problems (nonexistent paths, unreadable directories, directories without a Dockerfile). */
  errors: string[];
  /** Files `alsoCollect` asked for, in walk order. */
  collected: string[];
}

/** The rules of `dir/.gitignore`; none when it is missing or unreadable. */
function gitignoreIn(dir: string): ScopedGitignore | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  const rules = parseGitignore(text);
  return rules.length > 0 ? { baseDir: dir, rules } : undefined;
}

/** .gitignore files of the directories above `dir`, up to (and including) the repository root; none outside a repository. */
function ancestorGitignores(dir: string, session: LintSession | undefined): ScopedGitignore[] {
  const isRepositoryRoot = (folder: string) => probeEntry(folder, '.git', session) !== undefined;
  if (isRepositoryRoot(dir)) return [];
  const chain: string[] = [];
  let current = path.dirname(dir);
  for (;;) {
    chain.push(current);
    if (isRepositoryRoot(current)) break;
    const parent = path.dirname(current);
    if (parent === current) return [];
    current = parent;
  }
  return chain.reverse().flatMap((ancestor) => (probeEntry(ancestor, '.gitignore', session) !== undefined ? (gitignoreIn(ancestor) ?? []) : []));
}

/** Did an earlier path argument already find a file below `dir` (`dockerlint . sub`)? */
function containsFound(found: ReadonlySet<string>, dir: string): boolean {
  const prefix = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
  for (const file of found) if (file.startsWith(prefix)) return true;
  return false;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The files to lint for `paths` (relative to `options.cwd`). Never throws: problems are in `errors`. */
export function discoverDockerfiles(paths: readonly string[], options: DiscoveryOptions): DiscoveryResult {
  const useGitignore = options.gitignore !== false;
  const found = new Set<string>();
  const explicit = new Set<string>();
  const errors: string[] = [];
  const collected: string[] = [];

  const walk = (dir: string, scopes: ScopedGitignore[]): void => {
    let entries: DirectoryListing;
    try {
      entries = directoryListing(dir, options.session);
    } catch (error) {
      errors.push(`${path.relative(options.cwd, dir) || '.'}: cannot read directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    // The listing says whether there is a .gitignore: no failed open per directory (most have none).
    const gitignoreKind = entries.get('.gitignore');
    const own = useGitignore && gitignoreKind !== undefined && gitignoreKind !== 'directory' ? gitignoreIn(dir) : undefined;
    const active = own ? [...scopes, own] : scopes;
    const ignored = (abs: string, isDirectory: boolean) => useGitignore && active.length > 0 && isGitignored(active, abs, isDirectory);
    // An entry name has no separator and `dir` is resolved: `path.join` would only copy (and re-normalise) it.
    const prefix = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
    // Listings are in name order.
    for (const [name, kind] of entries) {
      const abs = `${prefix}${name}`;
      if (kind === 'directory') {
        if (ALWAYS_SKIPPED_DIRS.has(name)) continue;
        if (ignored(abs, true)) continue;
        walk(abs, active);
      } else if (kind === 'file' || kind === 'symlink') {
        if (!isDockerfileName(name)) {
          if (options.alsoCollect?.(abs) && !ignored(abs, false)) collected.push(abs);
          continue;
        }
        if (kind === 'symlink') {
          // Symlinked files are fine; symlinked directories are never followed.
          try {
            if (!statSync(abs).isFile()) continue;
          } catch {
            continue;
          }
        }
        if (ignored(abs, false)) continue;
        found.add(abs);
      }
    }
  };

  for (const p of paths) {
    const abs = path.resolve(options.cwd, p);
    let stat;
    try {
      stat = statSync(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push(code === 'ENOENT' || code === 'ENOTDIR' ? `${p}: no such file or directory` : `${p}: cannot access (${code ?? 'error'})`);
      continue;
    }
    if (stat.isDirectory()) {
      const before = found.size;
      const unreadableBefore = errors.length;
      walk(abs, useGitignore ? ancestorGitignores(abs, options.session) : []);
      // A typo'd CI path must not pass green: a directory argument that holds no Dockerfile is an error.
      if (found.size === before && errors.length === unreadableBefore && !containsFound(found, abs)) {
        errors.push(`${p}: no Dockerfile found (looked for ${SEARCHED_NAMES}${useGitignore ? ', outside what .gitignore ignores' : ''})`);
      }
    } else {
      found.add(abs);
      explicit.add(abs);
    }
  }
  return { files: [...found].sort(compare), explicit, errors, collected };
}
