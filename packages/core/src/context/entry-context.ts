/** A `BuildContext` over a list of known entries; shared by the disk and in-memory implementations. */
import { normalizeRelPath } from './ignore-file.js';
import type { IgnoreMatcher } from './matcher.js';
import type { GitignoreMatcher } from './gitignore.js';
import type { BuildContext, ContextFile, IgnoreFile } from './types.js';

export interface EntryContextInit {
  root: string | undefined;
  ignoreFile: IgnoreFile | undefined;
  ignoreFileForFixes: string | undefined;
  truncated: boolean;
  /** Entries in walk order, keyed by normalised relative path. */
  entries: Map<string, ContextFile>;
  matcher: IgnoreMatcher;
  warnings: string[];
  /** Directories whose listing is complete (absence of a child there means it does not exist). */
  completeDirs: Set<string>;
  /** Existence of a path not among the entries (pruned or unread directories); default: false. */
  existsFallback?: (rel: string) => boolean;
  isDirectoryFallback?: (rel: string) => boolean;
  gitignore: () => GitignoreMatcher | undefined;
  readHead?: (rel: string, maxBytes: number) => string | undefined;
}

function escapesRoot(rel: string): boolean {
  return rel === '..' || rel.startsWith('../');
}

function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

export class EntryBuildContext implements BuildContext {
  readonly root: string | undefined;
  readonly ignoreFile: IgnoreFile | undefined;
  readonly ignoreFileForFixes: string | undefined;
  readonly truncated: boolean;
  readonly warnings: readonly string[];
  readonly matcher: IgnoreMatcher;
  private readonly init: EntryContextInit;
  private includedCache: readonly ContextFile[] | undefined;
  private allCache: readonly ContextFile[] | undefined;

  constructor(init: EntryContextInit) {
    this.init = init;
    this.root = init.root;
    this.ignoreFile = init.ignoreFile;
    this.ignoreFileForFixes = init.ignoreFileForFixes;
    this.truncated = init.truncated;
    this.warnings = init.warnings;
    this.matcher = init.matcher;
  }

  isIncluded(relPath: string): boolean {
    const rel = normalizeRelPath(relPath);
    if (rel === '') return true;
    if (escapesRoot(rel)) return false;
    const entry = this.init.entries.get(rel);
    return entry ? entry.included : !this.init.matcher.isExcluded(rel);
  }

  exists(relPath: string): boolean {
    const rel = normalizeRelPath(relPath);
    if (rel === '') return this.init.root !== undefined || this.init.entries.size > 0;
    if (escapesRoot(rel)) return false;
    if (this.init.entries.has(rel)) return true;
    // Below a symlink or a file nothing exists in the context (Docker sends symlinks as links).
    for (let p = parentOf(rel); p !== ''; p = parentOf(p)) {
      const ancestor = this.init.entries.get(p);
      if (ancestor && !ancestor.isDirectory) return false;
      if (ancestor) break;
    }
    if (this.init.completeDirs.has(parentOf(rel))) return false;
    return this.init.existsFallback ? this.init.existsFallback(rel) : false;
  }

  listIncluded(relDir?: string): readonly ContextFile[] {
    this.includedCache ??= [...this.init.entries.values()].filter((e) => e.included);
    const dir = normalizeRelPath(relDir ?? '');
    if (dir === '') return this.includedCache;
    const prefix = dir + '/';
    return this.includedCache.filter((e) => e.path.startsWith(prefix));
  }

  listAll(): readonly ContextFile[] {
    this.allCache ??= [...this.init.entries.values()];
    return this.allCache;
  }

  gitignoreMatches(relPath: string): boolean {
    const git = this.init.gitignore();
    if (!git) return false;
    return git.matches(relPath, (rel) => {
      const entry = this.init.entries.get(rel);
      if (entry) return entry.isDirectory;
      return this.init.isDirectoryFallback ? this.init.isDirectoryFallback(rel) : false;
    });
  }

  readHead(relPath: string, maxBytes = 4096): string | undefined {
    const rel = normalizeRelPath(relPath);
    if (rel === '' || escapesRoot(rel) || !this.init.readHead || !this.exists(rel)) return undefined;
    return this.init.readHead(rel, maxBytes);
  }
}
