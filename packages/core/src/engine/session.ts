/**
 * Cross-lint reuse, owned by the caller: one session per CLI run, per language-server process, per ESLint run.
 * Analyses that depend only on text (an instruction's shell script, a config file's content) are kept here,
 * bounded, so a templated Dockerfile repeated in many folders or an editor re-linting after a keystroke does not
 * redo them. Nothing in core keeps such results in module-level state: without a session, every lint starts cold.
 */

/** Entries kept per kind unless the caller says otherwise. */
export const DEFAULT_SESSION_ENTRIES = 1024;

export interface LintSessionOptions {
  /** Least-recently-used entries of one kind beyond this are dropped. */
  maxEntriesPerKind?: number;
}

export interface LintSessionStats {
  hits: number;
  misses: number;
  /** Entries held now, by kind. */
  entries: Record<string, number>;
}

export class LintSession {
  private readonly maxEntries: number;
  private readonly kinds = new Map<string, Map<string, unknown>>();
  private hits = 0;
  private misses = 0;

  constructor(options: LintSessionOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntriesPerKind ?? DEFAULT_SESSION_ENTRIES);
  }

  /**
   * The value for `key` of `kind`, computed by `compute` on a miss. `key` must name everything the value depends
   * on (the text, and whatever else `compute` reads). A thrown error is not cached.
   */
  memo<V>(kind: string, key: string, compute: () => V): V {
    let entries = this.kinds.get(kind);
    if (!entries) {
      entries = new Map();
      this.kinds.set(kind, entries);
    }
    if (entries.has(key)) {
      const value = entries.get(key) as V;
      // Re-insert: Map iteration order is insertion order, so the first key is the least recently used.
      entries.delete(key);
      entries.set(key, value);
      this.hits++;
      return value;
    }
    this.misses++;
    const value = compute();
    entries.set(key, value);
    if (entries.size > this.maxEntries) entries.delete(entries.keys().next().value as string);
    return value;
  }

  /** Forget one kind (e.g. config files after a change on disk) or everything. */
  clear(kind?: string): void {
    if (kind === undefined) this.kinds.clear();
    else this.kinds.delete(kind);
  }

  stats(): LintSessionStats {
    const entries: Record<string, number> = {};
    for (const [kind, map] of this.kinds) entries[kind] = map.size;
    return { hits: this.hits, misses: this.misses, entries };
  }
}

export function createLintSession(options?: LintSessionOptions): LintSession {
  return new LintSession(options);
}
