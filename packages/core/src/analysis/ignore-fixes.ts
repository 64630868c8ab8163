/**
 * Which `.dockerignore` entries an automatic fix may add without breaking a build.
 *
 * An entry is safe when it excludes nothing that an instruction of a Dockerfile built from the same context
 * names explicitly (COPY/ADD sources, globs, `RUN --mount=type=bind` sources; `--from` reads another stage or
 * image and does not count), nor a parent folder of such a path (Docker excludes a folder's content with it),
 * and when it does not override a `!` line the user wrote to re-include a path. The CLI's `--fix` and the
 * language server's "add to .dockerignore" action both apply the rules' `fix`, which is built from this.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import type { BuildContext, ContextFile } from '../context/types.js';
import { createIgnoreMatcher, type IgnoreMatcher } from '../context/matcher.js';
import { buildModel } from '../model/build.js';
import { contextRelativePath, joinPosix } from '../model/paths.js';
import type { CopyInstruction, DockerfileModel, RunInstruction } from '../model/types.js';
import type { RuleContext } from '../engine/types.js';
import type { LintSession } from '../engine/session.js';
import { dockerfileSpecificIgnorePath } from '../context/ignore-file.js';
import { copyGlobMatches } from './globs.js';
import { isDockerfileName } from '../document/names.js';
import { isFileSystemError } from '../context/fs-errors.js';
import { resolvedPath } from '../context/resolved-path.js';

/** A path or glob of the build context that one instruction reads by name. */
export interface ContextReference {
  /** The Dockerfile (as given to the linter) and the line of the instruction. */
  dockerfile: string;
  line: number;
  /** `COPY`, `ADD` or `RUN --mount`. */
  keyword: string;
  /** The source as written in the Dockerfile. */
  written: string;
  /** Context-relative path or glob: `/`-separated, no leading `./` or `/`. */
  source: string;
  glob: boolean;
  /** Where a single copied file lands in the image (absolute), for a secret-mount rewrite. */
  destination?: string;
}

const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const GLOB = /[*?[]/;

/**
 * Every path of the build context that `model` names explicitly, in any stage. The whole context (`.`, `*`)
 * is not a reference: excluding a file from it never makes the instruction fail.
 */
export function contextReferences(model: DockerfileModel, dockerfile: string = model.path): ContextReference[] {
  const references: ContextReference[] = [];
  for (const instruction of model.allInstructions()) {
    if (instruction.onbuild) continue; // runs in a child build, with the child's context
    if (instruction.kind === 'COPY' || instruction.kind === 'ADD') addCopyReferences(references, model, instruction, dockerfile);
    else if (instruction.kind === 'RUN') addMountReferences(references, model, instruction, dockerfile);
  }
  return references;
}

function addCopyReferences(out: ContextReference[], model: DockerfileModel, copy: CopyInstruction, dockerfile: string): void {
  if (copy.from !== undefined) return;
  const many = copy.sources.length > 1 || /\/$|^\.$/.test(copy.destination?.value ?? '');
  for (const source of copy.sources) {
    const value = model.expand(source.value, copy);
    if (value.includes('$') || URL.test(value) || value.startsWith('git@')) continue;
    const rel = contextRelativePath(value);
    if (rel === undefined || rel === '' || rel === '*') continue;
    const reference: ContextReference = { dockerfile, line: copy.range.start.line, keyword: copy.kind, written: source.value, source: rel, glob: GLOB.test(rel) };
    if (copy.resolvedDestination && !reference.glob) {
      // A folder's content lands in the destination itself; a file lands inside a destination folder.
      const folder = /\/$/.test(value);
      reference.destination = many && !folder ? joinPosix(copy.resolvedDestination, posix.basename(rel)) : copy.resolvedDestination;
    }
    out.push(reference);
  }
}

function addMountReferences(out: ContextReference[], model: DockerfileModel, run: RunInstruction, dockerfile: string): void {
  for (const mount of run.mounts) {
    if (mount.type !== 'bind' || mount.from !== undefined || mount.source === undefined) continue;
    const value = model.expand(mount.source, run);
    if (value.includes('$')) continue;
    const rel = contextRelativePath(value);
    if (rel === undefined || rel === '') continue;
    out.push({ dockerfile, line: run.range.start.line, keyword: 'RUN --mount', written: mount.source, source: rel, glob: GLOB.test(rel) });
  }
}

/** Session kind: a peer Dockerfile's references, keyed by its path and stat stamp (a change on disk is a new key). */
export const CONTEXT_REFERENCES = 'context-references';

function stampOf(file: string): string | undefined {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : undefined;
  } catch (error) {
    // A path through a file (ENOTDIR) or a folder we may not search (EACCES): there is no such Dockerfile for us.
    if (isFileSystemError(error)) return undefined;
    throw error;
  }
}


/**
 * `contextReferences` of a Dockerfile on disk (with a session, reused until the file changes); none when it
 * cannot be read or parsed.
 */
export function contextReferencesOfFile(file: string, session?: LintSession): ContextReference[] {
  const abs = resolvedPath(file);
  const stamp = stampOf(abs);
  if (stamp === undefined) return [];
  const read = () => referencesOfText(abs);
  return session ? session.memo(CONTEXT_REFERENCES, `${abs}\u0000${stamp}`, read) : read();
}

function referencesOfText(abs: string): ContextReference[] {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (error) {
    // Removed or made unreadable since it was listed: it reads nothing from the context.
    if (isFileSystemError(error)) return [];
    throw error;
  }
  let model: DockerfileModel;
  try {
    model = buildModel(text, { path: abs });
  } catch {
    // What `lintText` reports as "could not parse" for that file: here it just contributes no references.
    return [];
  }
  return contextReferences(model, abs);
}

/** One Dockerfile and the context it is built from (discovery, config `context` mappings, compose/bake definitions). */
export interface DockerfileContextUse {
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  /** Absolute path of its build context directory. */
  context: string;
}

/**
 * Index build definitions by context: `peersOf(dockerfile, contextDir)` gives the other Dockerfiles built from
 * `contextDir` (absolute paths, sorted). Feeds `LintOptions.contextPeers`.
 */
export function contextPeerIndex(definitions: readonly DockerfileContextUse[]): (dockerfile: string, contextDir: string) => string[] {
  const byContext = new Map<string, Set<string>>();
  for (const definition of definitions) {
    const context = resolvedPath(definition.context);
    let files = byContext.get(context);
    if (!files) byContext.set(context, (files = new Set()));
    files.add(resolvedPath(definition.dockerfile));
  }
  const sorted = new Map<string, string[]>();
  return (dockerfile, contextDir) => {
    const context = resolvedPath(contextDir);
    let all = sorted.get(context);
    if (!all) sorted.set(context, (all = [...(byContext.get(context) ?? [])].sort()));
    const self = resolvedPath(dockerfile);
    return all.filter((file) => file !== self);
  };
}

/**
 * Dockerfiles that the files alone show to be built from `contextDir`: those directly inside it (their default
 * context is their own folder) and those anywhere in its walked listing whose configured context it is.
 * `contextOf` gives a Dockerfile's configured context (undefined: its own folder).
 */
export function dockerfilesFoundInContext(buildContext: BuildContext, contextOf: (dockerfile: string) => string | undefined): string[] {
  if (buildContext.root === undefined) return [];
  const root = resolvedPath(buildContext.root);
  const candidates = new Set<string>();
  try {
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if ((entry.isFile() || entry.isSymbolicLink()) && isDockerfileName(entry.name)) candidates.add(join(root, entry.name));
    }
  } catch (error) {
    // A context directory removed or made unreadable since it was walked has no known Dockerfiles.
    if (!isFileSystemError(error)) throw error;
  }
  for (const entry of buildContext.listAll()) {
    if (!entry.isDirectory && isDockerfileName(basename(entry.path))) candidates.add(join(root, ...entry.path.split('/')));
  }
  const out: string[] = [];
  for (const file of candidates) {
    const context = contextOf(file);
    if (resolvedPath(context ?? dirname(file)) === root) out.push(file);
  }
  return out.sort();
}

/** A leaked context path and the ignore entries that would exclude it, most general first. */
export interface IgnoreFixCandidate {
  /** Context-relative path of the leaked file or folder. */
  path: string;
  /** Entries to try in order, e.g. `**\/.env` then `.env`. */
  entries: readonly [string, ...string[]];
}

export type IgnoreFixVerdict =
  /** Add `entry`: it breaks no instruction and overrides no `!` line. */
  | { path: string; kind: 'add'; entry: string }
  /** Left out: excluding the path would remove a file that `reference` names (the build would fail or change). */
  | { path: string; kind: 'copied'; reference: ContextReference }
  /** Left out: the user re-included the path (or one the entry would exclude) with this `!` pattern. */
  | { path: string; kind: 'reincluded'; pattern: string };

/** Escape dockerignore glob characters so that `path` matches only itself. */
export function exactIgnoreEntry(path: string): string {
  return path.replace(/[*?[\]\\]/g, (ch) => `\\${ch}`);
}

/**
 * Decide, per leaked path, which entry (if any) to append to the ignore file that applies to `buildContext`.
 * `references` are the explicit reads of every Dockerfile whose build that ignore file governs.
 */
export function planIgnoreEntries(buildContext: BuildContext, candidates: readonly IgnoreFixCandidate[], references: readonly ContextReference[]): IgnoreFixVerdict[] {
  const patterns = buildContext.ignoreFile?.patterns ?? [];
  const current = createIgnoreMatcher([...patterns]);
  let included: readonly ContextFile[] | undefined;
  const includedPaths = (): readonly ContextFile[] => (included ??= buildContext.listIncluded());

  /** Paths that a reference reads and that must stay in the context. */
  const protectedPaths = (reference: ContextReference): string[] => {
    if (!reference.glob) return [reference.source];
    return includedPaths()
      .filter((entry) => entry.path.split('/').length === reference.source.split('/').length && copyGlobMatches(entry.path, reference.source))
      .map((entry) => entry.path);
  };
  const protectedByReference = references.map((reference) => ({ reference, paths: protectedPaths(reference) }));

  const blockerOf = (entry: string): IgnoreFixVerdict | undefined => {
    const next = createIgnoreMatcher([...patterns, entry]);
    const newlyExcluded = (path: string) => !current.isExcluded(path) && next.isExcluded(path);
    for (const { reference, paths } of protectedByReference) {
      if (reference.glob && isWholeFolderGlob(reference.source)) {
        // `COPY src/* ./`: fails only when nothing is left to copy.
        if (paths.length > 0 && paths.every(newlyExcluded)) return { path: '', kind: 'copied', reference };
        continue;
      }
      if (paths.some(newlyExcluded)) return { path: '', kind: 'copied', reference };
    }
    if (current.hasExceptions) {
      for (const file of includedPaths()) {
        if (!next.isExcluded(file.path)) continue;
        const reincluding = reincludingPattern(current, file.path);
        if (reincluding !== undefined) return { path: '', kind: 'reincluded', pattern: reincluding };
      }
    }
    return undefined;
  };

  return candidates.map((candidate) => {
    const reincluding = reincludingPattern(current, candidate.path);
    if (reincluding !== undefined) return { path: candidate.path, kind: 'reincluded', pattern: reincluding };
    let blocker: IgnoreFixVerdict | undefined;
    for (const entry of candidate.entries) {
      blocker = blockerOf(entry);
      if (!blocker) return { path: candidate.path, kind: 'add', entry };
    }
    // The narrowest entry (tried last) is the one that concerns this path itself: its reason is reported.
    return { ...blocker!, path: candidate.path };
  });
}

/** A glob whose last segment is only `*`: it names a folder's content, not files. */
function isWholeFolderGlob(glob: string): boolean {
  const last = glob.split('/').pop();
  return last === '*' || last === '**';
}

/**
 * The `!` pattern that re-includes `path` on purpose: it decides about the path and names it (or a glob of it),
 * not merely a folder above it (`*` then `!src` re-includes src/ as a whole; `src/.env` is not chosen by it).
 */
function reincludingPattern(matcher: IgnoreMatcher, path: string): string | undefined {
  const index = matcher.decidingPattern(path);
  const pattern = index >= 0 ? matcher.patterns[index] : undefined;
  if (!pattern?.startsWith('!')) return undefined;
  const parent = posix.dirname(path);
  if (parent !== '.' && matcher.decidingPattern(parent) === index) return undefined;
  return pattern;
}

/**
 * The explicit reads that an entry added to `context`'s fix file must keep working: this Dockerfile's, plus,
 * when the fix file is the context's shared `.dockerignore`, those of every other Dockerfile built from the
 * same context that has no `<Dockerfile>.dockerignore` of its own (that file governs it instead).
 */
export function referencesGovernedByFixFile(context: Pick<RuleContext, 'model' | 'buildContext' | 'contextPeers' | 'analysis'>): ContextReference[] {
  const own = contextReferences(context.model);
  const fixFile = context.buildContext.ignoreFileForFixes;
  if (!fixFile || !isContextLevelIgnoreFile(fixFile)) return own;
  const peers = context.contextPeers().filter((peer) => stampOf(dockerfileSpecificIgnorePath(peer)) === undefined);
  return [...own, ...peers.flatMap((peer) => contextReferencesOfFile(peer, context.analysis.session))];
}

function isContextLevelIgnoreFile(file: string): boolean {
  const name = basename(file);
  return name === '.dockerignore' || name === '.containerignore';
}
