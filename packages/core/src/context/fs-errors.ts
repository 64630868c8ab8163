/**
 * A Node file-system error (it carries a string `code`: ENOENT, ENOTDIR, EACCES, ELOOP…). Probes of paths that may
 * not exist treat these as "absent"; anything else is a bug and is rethrown.
 */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string';
}
