/**
 * Loading the build context from disk: walk the context directory, apply the effective ignore file.
 *
 * The walk is synchronous (rules are synchronous), iterative (no recursion limit), never follows symlinks
 * (a symlinked directory is listed as a non-directory entry, as Docker sends the link itself), prunes
 * excluded directories unless a `!` exception could re-include something below them, skips unreadable
 * directories (recorded in `warnings`) and stops after `maxEntries` entries (`truncated`).
 */
import { closeSync, lstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EntryBuildContext } from './entry-context.js';
import { createGitignoreMatcher, type GitignoreMatcher } from './gitignore.js';
import { ignoreFileCandidates, readFirstIgnoreFile } from './ignore-file.js';
import { clearDirectoryListings, directoryListing, keptDirectoryListing, type DirectoryListing } from './listing.js';
import { createIgnoreMatcher } from './matcher.js';
import type { LintSession } from '../engine/session.js';
import type { BuildContext, ContextFile, IgnoreFile } from './types.js';
import { isFileSystemError } from './fs-errors.js';
import { resolvedPath } from './resolved-path.js';

export const DEFAULT_MAX_ENTRIES = 100_000;

export interface LoadBuildContextOptions {
  /** The build context directory (absolute or relative to the working directory). */
  contextDir: string;
  /** The Dockerfile, for `<Dockerfile>.dockerignore`; absent for stdin. */
  dockerfilePath?: string;
  /** Stop the walk after this many entries (default 100 000). */
  maxEntries?: number;
  /** The caller's cross-lint cache: a context shared by several Dockerfiles is walked once. */
  session?: LintSession;
}

export interface WalkStats {
  /** Directory entries examined (one per dirent returned by `readdirSync`). */
  entriesVisited: number;
  /** Directories whose listing was read. */
  directoriesRead: number;
  /** Excluded directories not descended into. */
  directoriesPruned: number;
  /** Directories that could not be read. */
  directoriesUnreadable: number;
}

/** The on-disk build context: a `BuildContext` plus diagnostics of the walk. */
export interface DiskBuildContext extends BuildContext {
  root: string;
  warnings: readonly string[];
  stats: Readonly<WalkStats>;
}

/** Session kind of loaded build contexts, keyed by root, ignore files and the stat stamps that can change them. */
export const BUILD_CONTEXT = 'build-context';

function fileStamp(path: string): string {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st ? `${st.mtimeMs}:${st.size}:${st.ino}` : '-';
  } catch (error) {
    // ENOTDIR/EACCES on the way: as good as absent, and a later change still changes the stamp.
    if (isFileSystemError(error)) return '-';
    throw error;
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

/**
 * Forget the build contexts a session keeps (a language server calls this when files change). Nothing is kept
 * outside a session. The whole kind is dropped, not one directory: contexts are walked again only when a rule
 * needs them, so a wider drop costs little.
 */
export function invalidateBuildContexts(session: LintSession): void {
  session.clear(BUILD_CONTEXT);
  // Which ignore file applies is read from the folders' listings: a created or deleted one must be seen.
  clearDirectoryListings(session);
}

/**
 * The build context for `contextDir`, with the ignore file that applies to `dockerfilePath`. The directory is
 * walked only when a rule first asks for a listing (`root`, the ignore files and `readHead` need no walk). With
 * a session, a context is reused by every Dockerfile built from it: in a file-system snapshot session (a CLI run)
 * for the session's life, otherwise until the ignore file, the root directory or its `.gitignore` change on disk.
 */
export function loadBuildContext(options: LoadBuildContextOptions): DiskBuildContext {
  const root = resolvedPath(options.contextDir);
  const maxEntries = Math.max(0, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const session = options.session;
  const candidates = ignoreFileCandidates(options.dockerfilePath, root, session);
  const fixesPath = candidates.fixesPath;
  const load = () => new LazyBuildContext(root, maxEntries, readFirstIgnoreFile(candidates), fixesPath, session);
  if (!session) return load();
  const files = candidates.paths.map((candidate) => candidate.path).join('\u0000');
  // A snapshot does not change while the session lives: which files exist names the context. Otherwise their
  // stamps (and the root's, which changes when an ignore file is created or deleted) are part of the key.
  const signature = session.fileSystemSnapshot
    ? `${maxEntries}`
    : [...candidates.paths.map((candidate) => fileStamp(candidate.path)), fileStamp(root), fileStamp(join(root, '.gitignore')), maxEntries].join('|');
  return session.memo(BUILD_CONTEXT, `${root}\u0000${files}\u0000${fixesPath}\u0000${signature}`, load);
}

/**
 * A context that walks its directory on the first question that needs the listing. A class rather than a literal
 * of closures: every lint of a file on disk makes one (or takes the session's), and its methods are on the prototype.
 */
class LazyBuildContext implements DiskBuildContext {
  private walked: DiskBuildContext | undefined;

  constructor(
    readonly root: string,
    private readonly maxEntries: number,
    readonly ignoreFile: IgnoreFile | undefined,
    readonly ignoreFileForFixes: string,
    private readonly session: LintSession | undefined,
  ) {}

  private full(): DiskBuildContext {
    return (this.walked ??= walk(this.root, this.maxEntries, this.ignoreFile, this.ignoreFileForFixes, this.session));
  }

  get truncated(): boolean {
    return this.full().truncated;
  }

  get warnings(): readonly string[] {
    return this.full().warnings;
  }

  get stats(): Readonly<WalkStats> {
    return this.full().stats;
  }

  isIncluded(relPath: string): boolean {
    return this.full().isIncluded(relPath);
  }

  exists(relPath: string): boolean {
    return this.full().exists(relPath);
  }

  listIncluded(relDir?: string): readonly ContextFile[] {
    return this.full().listIncluded(relDir);
  }

  listAll(): readonly ContextFile[] {
    return this.full().listAll();
  }

  readHead(relPath: string, maxBytes?: number): string | undefined {
    return this.full().readHead?.(relPath, maxBytes);
  }

  gitignoreMatches(relPath: string): boolean {
    return this.full().gitignoreMatches(relPath);
  }
}

/** A folder's entries in name order: the session's kept listing (discovery read it) or a fresh `readdir`. */
function listFolder(dir: string, session: LintSession | undefined): DirectoryListing {
  return keptDirectoryListing(dir, session) ?? directoryListing(dir);
}

function walk(
  root: string,
  maxEntries: number,
  ignoreFile: IgnoreFile | undefined,
  fixesPath: string,
  session: LintSession | undefined,
): DiskBuildContext {
  const matcher = createIgnoreMatcher(ignoreFile?.patterns ?? []);
  const warnings: string[] = [];
  const entries = new Map<string, ContextFile>();
  const completeDirs = new Set<string>();
  const stats: WalkStats = { entriesVisited: 0, directoriesRead: 0, directoriesPruned: 0, directoriesUnreadable: 0 };
  let truncated = false;

  if (ignoreFile && matcher.invalidPatterns.length > 0) {
    warnings.push(`${ignoreFile.path}: invalid pattern(s) ignored (Docker would refuse to build): ${matcher.invalidPatterns.join(', ')}`);
  }

  let rootIsDir = false;
  try {
    rootIsDir = statSync(root).isDirectory();
    if (!rootIsDir) warnings.push(`build context ${root} is not a directory`);
  } catch (error) {
    warnings.push(`build context ${root} cannot be read (${errorCode(error)})`);
  }

  // Depth-first, children in name order; the stack holds directories still to read.
  const stack: string[] = rootIsDir ? [''] : [];
  outer: while (stack.length > 0) {
    const relDir = stack.pop()!;
    let listing: DirectoryListing;
    try {
      listing = listFolder(relDir === '' ? root : join(root, relDir), session);
    } catch (error) {
      stats.directoriesUnreadable++;
      warnings.push(`cannot read directory ${relDir === '' ? '.' : relDir} (${errorCode(error)}); its contents are unknown`);
      continue;
    }
    stats.directoriesRead++;
    const subdirs: string[] = [];
    let complete = true;
    for (const [name, kind] of listing) {
      if (entries.size >= maxEntries) {
        truncated = true;
        complete = false;
        break;
      }
      stats.entriesVisited++;
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      // Listed types have lstat semantics: a symlink to a directory is a symlink, never followed.
      const isDirectory = kind === 'directory';
      const included = !matcher.isExcluded(rel);
      entries.set(rel, { path: rel, isDirectory, included });
      if (!isDirectory) continue;
      if (!included && !matcher.mayReincludeUnder(rel)) {
        stats.directoriesPruned++;
        continue;
      }
      subdirs.push(rel);
    }
    if (complete) completeDirs.add(relDir);
    if (truncated) break outer;
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
  if (truncated) warnings.push(`build context walk stopped after ${maxEntries} entries; listings are partial`);

  const abs = (rel: string): string => join(root, ...rel.split('/'));
  let gitignore: GitignoreMatcher | undefined | null = null;

  const context = new EntryBuildContext({
    root,
    ignoreFile,
    ignoreFileForFixes: fixesPath,
    truncated,
    entries,
    matcher,
    warnings,
    completeDirs,
    existsFallback: (rel) => {
      try {
        lstatSync(abs(rel));
        return true;
      } catch {
        return false;
      }
    },
    isDirectoryFallback: (rel) => {
      try {
        return lstatSync(abs(rel)).isDirectory();
      } catch {
        return false;
      }
    },
    gitignore: () => {
      if (gitignore === null) {
        try {
          gitignore = createGitignoreMatcher(readFileSync(join(root, '.gitignore'), 'utf8'));
        } catch {
          gitignore = undefined;
        }
      }
      return gitignore;
    },
    readHead: (rel, maxBytes) => {
      let fd: number | undefined;
      try {
        const path = abs(rel);
        if (!lstatSync(path).isFile()) return undefined;
        fd = openSync(path, 'r');
        const buffer = Buffer.alloc(Math.max(0, maxBytes));
        const read = readSync(fd, buffer, 0, buffer.length, 0);
        return buffer.subarray(0, read).toString('utf8');
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
  });
  return Object.assign(context, { root, stats }) as EntryBuildContext & DiskBuildContext;
}
