/** `path.resolve` for the paths a run passes around again and again, without redoing it when it changes nothing. */
import { join, relative, resolve, sep } from 'node:path';

/** `/a/b`: absolute, no empty, `.` or `..` segment, no trailing `/` — what POSIX `resolve` returns unchanged. */
const RESOLVED_POSIX = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

/**
 * `resolve(path)`. Discovery, config lookup and the build context hand each other absolute paths already in that
 * form (several per Dockerfile): those are returned as they are, without `resolve`'s copy.
 */
export function resolvedPath(path: string): string {
  return sep === '/' && RESOLVED_POSIX.test(path) ? path : resolve(path);
}

/**
 * `relative(from, to)`. A CLI run names each file relative to the working directory, and most are below it: when
 * both are resolved absolute paths and `to` is inside `from`, that is the rest of `to`, without `relative`
 * resolving both again.
 */
export function relativePath(from: string, to: string): string {
  if (sep === '/' && to.length > from.length + 1 && to.charCodeAt(from.length) === 47 && to.startsWith(from) && RESOLVED_POSIX.test(from) && RESOLVED_POSIX.test(to)) {
    return to.slice(from.length + 1);
  }
  return relative(from, to);
}

/**
 * `join(dir, name)` for a resolved directory and one plain name (no separator, not `.` or `..`): the two joined
 * by one separator, without `join` normalising the whole path again.
 */
export function childPath(dir: string, name: string): string {
  return sep === '/' && RESOLVED_POSIX.test(dir) ? `${dir}/${name}` : join(dir, name);
}
