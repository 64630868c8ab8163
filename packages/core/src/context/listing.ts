/**
 * Folder listings kept in the caller's LintSession. Discovery lists every folder it walks; the probes that follow
 * for each Dockerfile (`<Dockerfile>.dockerignore`, `.dockerignore`, `.containerignore`, each config file name and
 * `.git` in every folder up to the repository root) then become lookups in a listing instead of one `stat` per
 * name and folder, and the build-context walk reuses the listings discovery already read.
 *
 * A listing is kept under its folder's path when the session is a file-system snapshot (a CLI run), and under
 * path and modification time otherwise, so that an editor or a long-lived ESLint process sees a file created or
 * deleted since (one `stat` of the folder instead of one per probed name). `invalidateBuildContexts` drops them all.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { LintSession } from '../engine/session.js';
import { isFileSystemError } from './fs-errors.js';

/** Session kind of folder listings. */
export const DIRECTORY_LISTING = 'directory-listing';

/** What a listing says an entry is (a symbolic link is not followed). */
export type ListedKind = 'file' | 'directory' | 'symlink' | 'other';

/** The entries of one folder, in code-unit order of their names. */
export type DirectoryListing = ReadonlyMap<string, ListedKind>;

function kindOf(dirent: Dirent): ListedKind {
  if (dirent.isFile()) return 'file';
  if (dirent.isDirectory()) return 'directory';
  if (dirent.isSymbolicLink()) return 'symlink';
  return 'other';
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Reads a folder's listing; throws the `readdir` error (ENOENT, ENOTDIR, EACCES…). */
function readListing(dir: string): DirectoryListing {
  const dirents = readdirSync(dir, { withFileTypes: true }).sort(byName);
  const listing = new Map<string, ListedKind>();
  for (const dirent of dirents) listing.set(dirent.name, kindOf(dirent));
  return listing;
}

/**
 * The listing of the absolute folder `dir`: kept in `session` (read once per snapshot session, or once per
 * modification time), read afresh without one. Throws the file-system error when the folder cannot be listed.
 */
export function directoryListing(dir: string, session?: LintSession): DirectoryListing {
  if (!session) return readListing(dir);
  if (session.fileSystemSnapshot) return session.memo(DIRECTORY_LISTING, dir, () => readListing(dir));
  const stat = statSync(dir);
  return session.memo(DIRECTORY_LISTING, `${dir}\u0000${stat.mtimeMs}\u0000${stat.ino}`, () => readListing(dir));
}

/**
 * The kept listing of `dir` in a snapshot session, without reading it when it is not kept (the build-context walk:
 * a context's ignored folders, e.g. `node_modules`, must not push discovery's listings out of the session).
 */
export function keptDirectoryListing(dir: string, session: LintSession | undefined): DirectoryListing | undefined {
  return session?.fileSystemSnapshot ? session.peek<DirectoryListing>(DIRECTORY_LISTING, dir) : undefined;
}

/** Drop every kept listing (files were created or deleted). */
export function clearDirectoryListings(session: LintSession): void {
  session.clear(DIRECTORY_LISTING);
}

/** Case-insensitive file systems (the macOS and Windows defaults) find `.DockerIgnore` when `.dockerignore` is asked for. */
const MAY_FOLD_CASE = process.platform === 'darwin' || process.platform === 'win32';

function statKind(file: string): 'file' | 'other' | undefined {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat === undefined ? undefined : stat.isFile() ? 'file' : 'other';
  } catch (error) {
    // ENOTDIR, EACCES, ELOOP on the way: as good as absent.
    if (isFileSystemError(error)) return undefined;
    throw error;
  }
}

/** What an entry of one folder is, following a symbolic link: `'file'`, `'other'` (a folder, a socket…) or undefined when absent. */
export type FolderProbe = (name: string) => 'file' | 'other' | undefined;

/**
 * Probes of the names in one folder. With a session the folder's listing (fetched once for all the names asked
 * about) answers; a link, an entry of unknown type, a folder that cannot be listed (execute but no read permission)
 * and, on case-insensitive systems, a differently cased name are `stat`ed. Without a session every name is `stat`ed.
 */
export function folderProbe(dir: string, session?: LintSession): FolderProbe {
  if (!session) return (name) => statKind(path.join(dir, name));
  let listing: DirectoryListing | null | undefined;
  return (name) => {
    if (listing === undefined) {
      try {
        listing = directoryListing(dir, session);
      } catch (error) {
        // A folder that cannot be listed (ENOENT, or execute without read permission): each name is `stat`ed.
        if (!isFileSystemError(error)) throw error;
        listing = null;
      }
    }
    if (listing === null) return statKind(path.join(dir, name));
    const kind = listing.get(name);
    if (kind === 'file') return 'file';
    if (kind === 'directory') return 'other';
    if (kind !== undefined) return statKind(path.join(dir, name));
    if (MAY_FOLD_CASE) {
      const folded = name.toLowerCase();
      for (const entry of listing.keys()) if (entry.toLowerCase() === folded) return statKind(path.join(dir, name));
    }
    return undefined;
  };
}

/** What `dir/name` is (see `folderProbe`). */
export function probeEntry(dir: string, name: string, session?: LintSession): 'file' | 'other' | undefined {
  return folderProbe(dir, session)(name);
}

/** Is `dir/name` a file (a link to a file counts)? */
export function isFileIn(dir: string, name: string, session?: LintSession): boolean {
  return probeEntry(dir, name, session) === 'file';
}
