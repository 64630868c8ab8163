/** POSIX path helpers for paths inside the image (never the host's path module: images are Linux). */
import { posix } from 'node:path';

/** Resolve `path` against `base` the way WORKDIR/COPY destinations resolve; result has no trailing slash (except `/`). */
export function joinPosix(base: string, path: string): string {
  return plainJoin(base, path) ?? normalisedJoin(base, path);
}

/** A `.` or `..` segment, an empty one (`//`) or a trailing `/`: what normalising would change. */
const NOT_NORMAL = /(?:^|\/)\.\.?(?:\/|$)|\/\/|\/$/;

/**
 * `joinPosix` when both parts are already normal (the common case: a WORKDIR, a file name): the result is one
 * concatenation, not the three or four strings of `posix.join` and `normalize`. Undefined for anything else.
 */
export function plainJoin(base: string, path: string): string | undefined {
  if (path === '' || NOT_NORMAL.test(path)) return undefined;
  if (path.startsWith('/')) return path;
  if (base === '/') return `/${path}`;
  if (!base.startsWith('/') || NOT_NORMAL.test(base)) return undefined;
  return `${base}/${path}`;
}

/** `joinPosix` for any parts, by `posix.join` and `posix.normalize` (the equivalence test compares `plainJoin` with it). */
export function normalisedJoin(base: string, path: string): string {
  const joined = path.startsWith('/') ? path : posix.join(base || '/', path);
  const normalised = posix.normalize(joined);
  return normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}

/** Is `path` equal to `dir` or inside it? Both absolute, normalised. */
export function isWithin(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path === dir || path.startsWith(`${dir}/`);
}

/**
 * A COPY/ADD source (a path or a glob) as written, relative to the build context: `./a/b/`, `/a/b` → `a/b`.
 * Lexical only: `..` and glob characters stay as they are, so the result can still be matched as a glob.
 */
export function trimContextPath(source: string): string {
  return source.replace(/^(?:\.\/+)+/, '').replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
}

/**
 * A COPY/ADD source as a normalised path inside the build context: `.`, `./` → ``, `./src/` → `src`, `/x` → `x`,
 * `a/../b` → `b`; undefined when it climbs out of the context (`../x`).
 */
export function contextRelativePath(source: string): string | undefined {
  const rel = posix.normalize(source.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
  if (rel === '.' || rel === '') return '';
  if (rel === '..' || rel.startsWith('../')) return undefined;
  return rel;
}

/** Expand a leading `~` to the home directory of root (builds run as root unless USER says otherwise). */
export function expandHome(path: string, home = '/root'): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return `${home}${path.slice(1)}`;
  return path;
}
