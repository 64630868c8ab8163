/** Build contexts that are not read from disk: an in-memory file list (tests, editors) and "no context". */
import { posix } from 'node:path';
import { EntryBuildContext } from './entry-context.js';
import { createGitignoreMatcher, type GitignoreMatcher } from './gitignore.js';
import { normalizeRelPath, parseDockerignore } from './ignore-file.js';
import { createIgnoreMatcher } from './matcher.js';
import type { BuildContext, ContextFile } from './types.js';

export interface InMemoryContextOptions {
  /** Absolute path reported as `root` (default `/context`). */
  root?: string;
  /** Text of the context's root `.gitignore`, for `gitignoreMatches`. */
  gitignore?: string;
  /** File contents for `readHead`, keyed by relative path. */
  contents?: Record<string, string>;
}

/**
 * A build context from a list of relative paths (directories end with `/`; parent directories are implied)
 * and the text of its `.dockerignore` (at `<root>/.dockerignore`).
 */
export function inMemoryBuildContext(files: string[], dockerignore?: string, options: InMemoryContextOptions = {}): BuildContext {
  const root = options.root ?? '/context';
  const matcher = createIgnoreMatcher(dockerignore === undefined ? [] : parseDockerignore(dockerignore));
  const entries = new Map<string, ContextFile>();
  const add = (rel: string, isDirectory: boolean): void => {
    const existing = entries.get(rel);
    if (existing) {
      if (isDirectory && !existing.isDirectory) existing.isDirectory = true;
      return;
    }
    entries.set(rel, { path: rel, isDirectory, included: !matcher.isExcluded(rel) });
  };
  for (const raw of files) {
    const isDirectory = raw.endsWith('/');
    const rel = normalizeRelPath(raw);
    if (rel === '' || rel === '..' || rel.startsWith('../')) continue;
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) add(parts.slice(0, i).join('/'), true);
    add(rel, isDirectory);
  }
  const completeDirs = new Set<string>(['']);
  for (const entry of entries.values()) if (entry.isDirectory) completeDirs.add(entry.path);
  const contents = new Map(Object.entries(options.contents ?? {}).map(([k, v]) => [normalizeRelPath(k), v]));
  let gitignore: GitignoreMatcher | undefined;
  return new EntryBuildContext({
    root,
    ignoreFile: dockerignore === undefined ? undefined : { path: posix.join(root, '.dockerignore'), kind: 'context', patterns: matcher.patterns.slice(), text: dockerignore },
    ignoreFileForFixes: posix.join(root, '.dockerignore'),
    truncated: false,
    entries,
    matcher,
    warnings: [],
    completeDirs,
    gitignore: () => {
      if (options.gitignore === undefined) return undefined;
      gitignore ??= createGitignoreMatcher(options.gitignore);
      return gitignore;
    },
    readHead: (rel, maxBytes) => {
      const text = contents.get(rel);
      return text === undefined ? undefined : Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
    },
  });
}

/** No context on disk (stdin, an editor buffer without a folder): nothing exists, everything would be sent. */
export function noBuildContext(): BuildContext {
  const empty: readonly ContextFile[] = Object.freeze([]);
  return {
    root: undefined,
    ignoreFile: undefined,
    ignoreFileForFixes: undefined,
    truncated: false,
    isIncluded: () => true,
    exists: () => false,
    listIncluded: () => empty,
    listAll: () => empty,
    gitignoreMatches: () => false,
    readHead: () => undefined,
  };
}
