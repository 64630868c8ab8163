/** The Docker build context as seen by the rules. */

export interface IgnoreFile {
  /** Absolute path of the ignore file that applies. */
  path: string;
  /** `dockerfile-specific` = `<Dockerfile>.dockerignore`, `context` = `<context>/.dockerignore`. */
  kind: 'dockerfile-specific' | 'context';
  /** Pattern lines as written (comments and blanks removed). */
  patterns: string[];
  /** The file's raw text (for fixes that append entries at its end); absent when not known. */
  text?: string;
}

export interface ContextFile {
  /** Path relative to the context root, `/`-separated, no leading `./`. */
  path: string;
  isDirectory: boolean;
  /** Whether Docker would send it (not excluded by the effective ignore file). */
  included: boolean;
}

export interface BuildContext {
  /** Absolute context directory; undefined when the Dockerfile has no context on disk (stdin/editor buffer). */
  root: string | undefined;
  /** The effective ignore file, if any. */
  ignoreFile: IgnoreFile | undefined;
  /** Where a new ignore entry should be written (`<Dockerfile>.dockerignore` if it exists, else `<context>/.dockerignore`). */
  ignoreFileForFixes: string | undefined;
  /** True when the walk stopped early (file limit); lists below are then partial. */
  truncated: boolean;
  /** Problems met while loading (unreadable directories, truncation, invalid ignore patterns); never fatal. */
  warnings?: readonly string[];
  /** Would Docker send `relPath` (file or directory) to the builder? */
  isIncluded(relPath: string): boolean;
  /** Does the path exist in the context (file or directory)? */
  exists(relPath: string): boolean;
  /**
   * Files/directories under `relDir` (default: root) that Docker would send, as context-relative paths.
   * Walking prunes directories excluded by the ignore file unless a `!` pattern could re-include below them.
   */
  listIncluded(relDir?: string): readonly ContextFile[];
  /** Every path found (included or not), for messages such as "excluded by .gitignore but not .dockerignore". */
  listAll(): readonly ContextFile[];
  /** First bytes of a context file as text (for content checks such as "is this PEM a private key?"); undefined if unreadable. */
  readHead?(relPath: string, maxBytes?: number): string | undefined;
  /** Patterns from `.gitignore` files in the context (root only), for hints. */
  gitignoreMatches(relPath: string): boolean;
}
