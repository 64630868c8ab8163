/** File discovery: which paths are Dockerfiles, walking directories with .gitignore support. */
import { existsSync, readFileSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { isDockerfileName } from '@dockerlint/core';
import { minimatch } from 'minimatch';

const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git']);
const SEARCHED_NAMES = 'Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile, Containerfile.*';

/** Did an earlier path argument already find a file below `dir` (`dockerlint . sub`)? */
function containsFound(found: ReadonlySet<string>, dir: string): boolean {
  const prefix = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
  for (const file of found) if (file.startsWith(prefix)) return true;
  return false;
}

/** Is a name a Dockerfile's (core decides; explicitly named files are linted whatever their name)? */
export { isDockerfileName };

interface GitignoreRule {
  baseDir: string;
  pattern: string;
  negated: boolean;
  dirOnly: boolean;
  anchored: boolean;
}

function parseGitignore(dir: string): GitignoreRule[] {
  let text: string;
  try {
    text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  const rules: GitignoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.replace(/(?:(?<![\s\\])|(?<=\\\s))\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negated = false;
    if (line.startsWith('!')) {
      negated = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.replace(/(?<!\/)\/+$/, '');
    }
    if (line === '') continue;
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    rules.push({ baseDir: dir, pattern: line, negated, dirOnly, anchored });
  }
  return rules;
}

/** Approximates git's rule: the last matching pattern wins. */
function gitignored(rules: readonly GitignoreRule[], absPath: string, isDir: boolean): boolean {
  let ignored = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const rel = path.relative(r.baseDir, absPath).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    const hit = r.anchored
      ? minimatch(rel, r.pattern, { dot: true }) || minimatch(rel, `${r.pattern}/**`, { dot: true })
      : minimatch(rel.slice(rel.lastIndexOf('/') + 1), r.pattern, { dot: true });
    if (hit) ignored = !r.negated;
  }
  return ignored;
}

/** .gitignore rules from the directories above `dir`, up to (and including) the repository root. */
function ancestorGitignores(dir: string): GitignoreRule[] {
  const chain: string[] = [];
  let current = path.dirname(dir);
  if (existsSync(path.join(dir, '.git'))) return [];
  for (;;) {
    chain.push(current);
    if (existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) return []; // not in a repository: parent .gitignore files do not apply
    current = parent;
  }
  return chain.reverse().flatMap(parseGitignore);
}

export interface DiscoveryOptions {
  cwd: string;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** Other files to collect from the same walk (build definitions), by absolute path; they land in `collected`. */
  alsoCollect?: (absolutePath: string) => boolean;
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function discover(paths: readonly string[], options: DiscoveryOptions): DiscoveryResult {
  const useGitignore = options.gitignore !== false;
  const found = new Set<string>();
  const explicit = new Set<string>();
  const errors: string[] = [];
  const collected: string[] = [];

  const walk = (dir: string, rules: GitignoreRule[]): void => {
    const own = useGitignore ? parseGitignore(dir) : [];
    const active = own.length > 0 ? [...rules, ...own] : rules;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push(`${path.relative(options.cwd, dir) || '.'}: cannot read directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    entries.sort((a, b) => compare(a.name, b.name));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
        if (useGitignore && gitignored(active, abs, true)) continue;
        walk(abs, active);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (!isDockerfileName(entry.name)) {
          if (options.alsoCollect?.(abs) && !(useGitignore && gitignored(active, abs, false))) collected.push(abs);
          continue;
        }
        if (entry.isSymbolicLink()) {
          // Symlinked files are fine; symlinked directories are never followed.
          try {
            if (!statSync(abs).isFile()) continue;
          } catch {
            continue;
          }
        }
        if (useGitignore && gitignored(active, abs, false)) continue;
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
      walk(abs, useGitignore ? ancestorGitignores(abs) : []);
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
