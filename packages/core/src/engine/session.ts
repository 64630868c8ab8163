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
  /**
   * Bounds for single kinds, over `maxEntriesPerKind` (a kind whose entries are large, or rarely hit, gets fewer).
   * 0 keeps nothing of that kind: its users ask `keeps(kind)` and skip building keys (a kind whose hits save less
   * than its misses cost for this caller).
   */
  maxEntriesByKind?: Readonly<Record<string, number>>;
  /**
   * Files do not change while the session lives (a CLI run lints one snapshot of the tree): a folder's listing is
   * read once and answers every later "is there a `.dockerignore` / config file here?" without a `stat`. Without it
   * (editors, ESLint's long-lived processes) a kept listing is checked against its folder's modification time on
   * each use, so a file created or deleted since is seen without any invalidation call.
   */
  fileSystemSnapshot?: boolean;
}

export interface LintSessionKindStats {
  hits: number;
  misses: number;
  /** Entries held now. */
  entries: number;
  /** Entries dropped to stay within the bound. */
  evictions: number;
}

export interface LintSessionStats {
  hits: number;
  misses: number;
  /** Entries held now, by kind. */
  entries: Record<string, number>;
  /** Hits, misses, entries and evictions of each kind: what sizing a bound is decided on. */
  byKind: Record<string, LintSessionKindStats>;
}

/** A kept value and when it last moved to the recent end of its kind's insertion order. */
interface Entry {
  value: unknown;
  touched: number;
}

interface KindStore {
  entries: Map<string, Entry>;
  max: number;
  /** Insertions and moves to the recent end so far: an entry's age is `clock - touched`. */
  clock: number;
  /** Entries younger than this (fewer later insertions and moves) are not moved on a hit (see `memo`). */
  refreshAge: number;
  hits: number;
  misses: number;
  evictions: number;
}

export class LintSession {
  private readonly maxEntries: number;
  private readonly maxByKind: Readonly<Record<string, number>>;
  private readonly kinds = new Map<string, KindStore>();
  private readonly attachments = new Map<string, unknown>();
  private hits = 0;
  private misses = 0;
  /** See `LintSessionOptions.fileSystemSnapshot`. */
  readonly fileSystemSnapshot: boolean;

  constructor(options: LintSessionOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntriesPerKind ?? DEFAULT_SESSION_ENTRIES);
    this.maxByKind = options.maxEntriesByKind ?? {};
    this.fileSystemSnapshot = options.fileSystemSnapshot === true;
  }

  private store(kind: string): KindStore {
    let store = this.kinds.get(kind);
    if (!store) {
      const max = this.maxByKind[kind];
      const bound = max === undefined ? this.maxEntries : Math.max(0, max);
      store = { entries: new Map(), max: bound, clock: 0, refreshAge: Math.max(1, Math.floor(bound / 2)), hits: 0, misses: 0, evictions: 0 };
      this.kinds.set(kind, store);
    }
    return store;
  }

  /**
   * The value for `key` of `kind`, computed by `compute` on a miss. `key` must name everything the value depends
   * on (the text, and whatever else `compute` reads). A thrown error is not cached.
   */
  memo<V>(kind: string, key: string, compute: () => V): V {
    const store = this.store(kind);
    if (store.max === 0) {
      this.misses++;
      store.misses++;
      return compute();
    }
    const entries = store.entries;
    // One lookup on a hit: keys are often whole instruction or script texts, and each lookup compares the key.
    const entry = entries.get(key);
    if (entry !== undefined) {
      // Map iteration order is insertion order, so the first key is the least recently used. Moving an entry to
      // the end costs two more lookups; an entry in the recent half of the order is not moved (it cannot be the
      // next one dropped), which keeps repeated hits on hot entries to one lookup.
      if (store.clock - entry.touched >= store.refreshAge) {
        entries.delete(key);
        entries.set(key, entry);
        entry.touched = ++store.clock;
      }
      this.hits++;
      store.hits++;
      return entry.value as V;
    }
    this.misses++;
    store.misses++;
    const value = compute();
    entries.set(key, { value, touched: ++store.clock });
    if (entries.size > store.max) {
      entries.delete(entries.keys().next().value as string);
      store.evictions++;
    }
    return value;
  }

  /** Does this session keep values of `kind` (its bound is not 0)? */
  keeps(kind: string): boolean {
    return this.store(kind).max > 0;
  }

  /** The value kept for `key` of `kind`, if any; no compute, no hit or miss counted, no change of recency. */
  peek<V>(kind: string, key: string): V | undefined {
    return this.kinds.get(kind)?.entries.get(key)?.value as V | undefined;
  }

  /**
   * A per-session object one feature keeps besides the memo kinds (e.g. the previous lint of each open document for
   * edit reuse): created by `create` on the first call, then the same object until the session is dropped.
   */
  attachment<T>(name: string, create: () => T): T {
    if (!this.attachments.has(name)) this.attachments.set(name, create());
    return this.attachments.get(name) as T;
  }

  /** The object `attachment(name, …)` created, if any. */
  attached<T>(name: string): T | undefined {
    return this.attachments.get(name) as T | undefined;
  }

  /** Forget one kind (e.g. config files after a change on disk) or everything. */
  clear(kind?: string): void {
    if (kind === undefined) this.kinds.clear();
    else this.kinds.delete(kind);
  }

  stats(): LintSessionStats {
    const entries: Record<string, number> = {};
    const byKind: Record<string, LintSessionKindStats> = {};
    for (const [kind, store] of this.kinds) {
      entries[kind] = store.entries.size;
      byKind[kind] = { hits: store.hits, misses: store.misses, entries: store.entries.size, evictions: store.evictions };
    }
    return { hits: this.hits, misses: this.misses, entries, byKind };
  }
}

export function createLintSession(options?: LintSessionOptions): LintSession {
  return new LintSession(options);
}
