/**
 * Which file names are Dockerfiles. The one test behind CLI discovery, the language server's document filter,
 * the build-context peer search and the benchmarks, so that every adapter lints the same files.
 */

/** `.dockerignore`, `Dockerfile.dockerignore`, `api.Containerfile.containerignore`… (any case). */
const IGNORE_FILE_NAME = /(?:^|\.)(?:dockerignore|containerignore)$/i;

/** Is `name` (a base name, no folder) an ignore file of a build context rather than a Dockerfile? */
export function isIgnoreFileName(name: string): boolean {
  return IGNORE_FILE_NAME.test(name);
}

/**
 * Is `name` (a base name, no folder) a Dockerfile by its name alone: `Dockerfile`, `dockerfile`, `Dockerfile.<x>`,
 * `<x>.Dockerfile`, `<x>.dockerfile`, `Containerfile`, `Containerfile.<x>`? Case matters on purpose: a lower-case
 * `dockerfile.<x>` is far more often source code (`dockerfile.ts`, `dockerfile.go`) than a Dockerfile.
 */
export function isDockerfileName(name: string): boolean {
  if (isIgnoreFileName(name)) return false;
  if (name === 'Dockerfile' || name === 'dockerfile' || name === 'Containerfile') return true;
  if (name.startsWith('Dockerfile.') && name.length > 'Dockerfile.'.length) return true;
  if (name.startsWith('Containerfile.') && name.length > 'Containerfile.'.length) return true;
  if ((name.endsWith('.Dockerfile') || name.endsWith('.dockerfile')) && name.length > '.dockerfile'.length) return true;
  return false;
}
