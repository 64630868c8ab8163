/** `path.resolve` for the paths a run passes around again and again, without redoing it when it changes nothing. */
import { resolve, sep } from 'node:path';

/** `/a/b`: absolute, no empty, `.` or `..` segment, no trailing `/` — what POSIX `resolve` returns unchanged. */
const RESOLVED_POSIX = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

/**
 * `resolve(path)`. Discovery, config lookup and the build context hand each other absolute paths already in that
 * form (several per Dockerfile): those are returned as they are, without `resolve`'s copy.
 */
export function resolvedPath(path: string): string {
  return sep === '/' && RESOLVED_POSIX.test(path) ? path : resolve(path);
}
