/** COPY/ADD of the build context (or a broad part of it) in a shipping stage while the effective .dockerignore lets sensitive files such as .env or .git/ through. */
import { posix } from 'node:path';
import {
  classifyWithSettings,
  copyGlobMatches,
  excludedByPatterns,
  refineByContent,
  sensitiveFileSettings,
  type BuildContext,
  type ContextFile,
  type CopyInstruction,
  type Fix,
  type Rule,
  type RuleContext,
  type SensitiveFileSettings,
  type SensitiveMatch,
  type TextEdit,
  type Word,
} from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-context-secrets',
    description: 'COPY/ADD of the build context (or a broad part of it) in a shipping stage while the effective .dockerignore lets sensitive files such as .env or .git/ through.',
    severity: 'error',
    messages: {
      wouldCopy: '{{keyword}} {{source}} would copy {{files}} into the image ({{reason}}){{gitNote}}',
      noIgnoreFile: '{{keyword}} {{source}} copies the whole build context and no .dockerignore is known: .env files, .git/ and keys in the context would end up in the image',
      onbuild: 'ONBUILD {{kind}} {{source}} copies the whole build context of every child image: child builds without a .dockerignore that excludes .env files, .git/ and keys leak them',
    },
    help: 'Add the listed files to the .dockerignore that applies (dockerlint --fix does it), or copy only what the build needs (COPY package*.json src/ ./).',
    usesContext: true,
    options: {
      stages: { type: 'string', description: '"all" also reports context copies in stages that do not ship in the final image.', default: 'shipping' },
      sensitiveFiles: { type: 'string[]', description: 'Extra globs of sensitive files (basename, or path when they contain "/"; a trailing "/" marks a directory).', default: [] },
      allowFiles: { type: 'string[]', description: 'Globs of files never reported (e.g. "test/fixtures/**").', default: [] },
    },
    tags: ['security', 'secrets', 'CWE-538'],
    securitySeverity: 8.1,
    peers: ['BuildKit CopyIgnoredFile (the inverse check)', 'Trivy DS-0031 (no context check)', 'hadolint (none)'],
  },
  check(context) {
    for (const instruction of context.model.allInstructions()) {
      if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') continue;
      if (instruction.from !== undefined) continue; // --from copies read a stage or an image, not the context
      if (!context.reportsIn(instruction)) continue;
      try {
        checkCopy(context, instruction);
      } catch {
        // Odd input must never break the run.
      }
    }
  },
};

const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const GLOB = /[*?[]/;
const MAX_LISTED = 6;

type SourceKind = 'whole' | 'glob' | 'directory';

interface Leak {
  /** Path shown in the message: `.env`, `.git/`, `config/prod.key`. */
  display: string;
  /** Context-relative path that matched (directory for directory patterns). */
  path: string;
  match: SensitiveMatch;
  isDirectory: boolean;
  /** Exclude exactly this path (the name alone was not conclusive, e.g. a `.pem` holding a private key). */
  exact: boolean;
}

function checkCopy(context: RuleContext, copy: CopyInstruction): void {
  const { model, buildContext } = context;
  const settings = sensitiveFileSettings(context.options);
  const keyword = `${copy.onbuild ? 'ONBUILD ' : ''}${copy.kind}`;
  const onDisk = buildContext.root !== undefined && !copy.onbuild;
  const excludes = copy.flags.filter((flag) => flag.name === 'exclude' && flag.value).map((flag) => model.expand(flag.value!, copy));

  for (const source of copy.sources) {
    const value = model.expand(source.value, copy);
    if (value.includes('$') || URL.test(value) || value.startsWith('git@')) continue;
    const rel = normaliseSource(value);
    if (rel === undefined) continue;
    const kind = sourceKind(rel, onDisk ? buildContext : undefined);
    if (!kind) continue;
    // A source that is itself a credential file or directory is no-secret-file-copy's business.
    if (kind === 'directory' && classifyWithSettings(rel, settings)) continue;

    if (!onDisk) {
      if (kind !== 'whole') continue;
      if (copy.onbuild) {
        context.report({ messageId: 'onbuild', data: { kind: copy.kind, source: source.value }, range: source.range, severity: 'warning', instruction: copy, help: ONBUILD_HELP });
        continue;
      }
      if (buildContext.ignoreFile) continue; // a known ignore file, but no files to check against
      context.report({
        messageId: 'noIgnoreFile',
        data: { keyword, source: source.value },
        range: source.range,
        severity: 'warning',
        instruction: copy,
        help: NO_CONTEXT_HELP,
      });
      continue;
    }

    const entries = entriesCopied(buildContext, rel, kind, excludes);
    const leaks = findLeaks(buildContext, entries, settings);
    if (leaks.length === 0) continue;

    const shown = leaks.slice(0, MAX_LISTED).map((leak) => leak.display);
    const files = leaks.length > MAX_LISTED ? `${shown.join(', ')} and ${leaks.length - MAX_LISTED} more` : shown.join(', ');
    const ignoreName = buildContext.ignoreFile ? posix.basename(buildContext.ignoreFile.path.replace(/\\/g, '/')) : undefined;
    const reason = ignoreName ? `not excluded by ${ignoreName}` : 'there is no .dockerignore';
    const gitIgnored = leaks.filter((leak) => buildContext.gitignoreMatches(leak.path)).map((leak) => leak.display);
    const gitNote = gitIgnored.length > 0
      ? `; .gitignore excludes ${gitIgnored.slice(0, MAX_LISTED).join(', ')} but Docker does not read .gitignore`
      : '';
    const entriesToAdd = [...new Set(leaks.map(ignoreEntryOf))];
    const fix = fixFor(buildContext, entriesToAdd);
    const high = leaks.some((leak) => leak.match.pattern.confidence === 'high');
    context.report({
      messageId: 'wouldCopy',
      data: { keyword, source: source.value, files, reason, gitNote },
      range: source.range,
      severity: high ? 'error' : 'warning',
      instruction: copy,
      help: helpFor(entriesToAdd, buildContext, copy, source),
      ...(fix ? { fix } : {}),
    });
  }
}

/** Context-relative form of a COPY source: `./` → ``, `./src/` → `src`, `/x` → `x`; undefined outside the context. */
function normaliseSource(value: string): string | undefined {
  let rel = value.replace(/\\/g, '/');
  rel = posix.normalize(rel).replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
  if (rel === '.' || rel === '') return '';
  if (rel === '..' || rel.startsWith('../')) return undefined;
  return rel;
}

function sourceKind(rel: string, buildContext: BuildContext | undefined): SourceKind | undefined {
  if (rel === '' || rel === '*') return 'whole';
  if (GLOB.test(rel)) return 'glob';
  if (!buildContext || !buildContext.exists(rel)) return undefined;
  const entry = buildContext.listAll().find((candidate) => candidate.path === rel);
  return entry?.isDirectory ? 'directory' : undefined;
}

function entriesCopied(buildContext: BuildContext, rel: string, kind: SourceKind, excludes: string[]): ContextFile[] {
  let entries: readonly ContextFile[];
  let base = '';
  if (kind === 'whole') entries = buildContext.listIncluded();
  else if (kind === 'directory') {
    entries = buildContext.listIncluded(rel);
    base = rel;
  } else {
    entries = buildContext.listIncluded().filter((entry) => copyGlobMatches(entry.path, rel));
  }
  if (excludes.length === 0) return [...entries];
  return entries.filter((entry) => !excludedByPatterns(base ? entry.path.slice(base.length + 1) : entry.path, excludes));
}

function findLeaks(buildContext: BuildContext, entries: ContextFile[], settings: SensitiveFileSettings): Leak[] {
  const byPath = new Map<string, Leak>();
  const dirsWithFiles = new Set<string>();
  for (const entry of entries) {
    const match = classifyWithSettings(entry.path, settings);
    if (!match) continue;
    const isDirectory = match.pattern.directory === true && match.matchedPath !== entry.path
      ? true
      : match.pattern.directory === true && entry.isDirectory;
    if (isDirectory) {
      if (!entry.isDirectory) dirsWithFiles.add(match.matchedPath);
      if (!byPath.has(match.matchedPath)) byPath.set(match.matchedPath, { display: `${match.matchedPath}/`, path: match.matchedPath, match, isDirectory: true, exact: false });
      continue;
    }
    if (entry.isDirectory) continue;
    const refined = refineByContent(match, buildContext.readHead?.(entry.path, 4096));
    if (!refined) continue; // a certificate or public key
    if (!byPath.has(entry.path)) byPath.set(entry.path, { display: entry.path, path: entry.path, match: refined, isDirectory: false, exact: match.pattern.confidence === 'low' });
  }
  // A sensitive directory whose content is all excluded (`.git/*`) copies nothing sensitive.
  return [...byPath.values()]
    .filter((leak) => !leak.isDirectory || dirsWithFiles.has(leak.path))
    .sort((a, b) => rankOf(b) - rankOf(a) || a.path.localeCompare(b.path));
}

function rankOf(leak: Leak): number {
  return leak.match.pattern.confidence === 'high' ? 1 : 0;
}

/** The `.dockerignore` line that excludes a leak: the pattern's own entry, made recursive for nested directories. */
function ignoreEntryOf(leak: Leak): string {
  if (leak.exact) return leak.path;
  const entry = leak.match.pattern.ignoreEntry;
  if (entry.startsWith('**/') || entry.includes('/')) return entry;
  if (leak.path.includes('/')) return `**/${entry}`;
  return entry;
}

function fixFor(buildContext: BuildContext, entries: string[]): Fix | undefined {
  const file = buildContext.ignoreFileForFixes;
  if (!file || entries.length === 0) return undefined;
  const ignore = buildContext.ignoreFile;
  const lines = entries.join('\n') + '\n';
  let edit: TextEdit;
  if (ignore && ignore.path === file) {
    if (ignore.text === undefined) return undefined;
    const text = ignore.text;
    const all = text.split('\n');
    const lastLine = all.length;
    const lastColumn = all[all.length - 1]!.length + 1;
    const prefix = text === '' || text.endsWith('\n') ? '' : text.endsWith('\r') ? '\n' : '\n';
    edit = { file, range: { start: { line: lastLine, column: lastColumn }, end: { line: lastLine, column: lastColumn } }, text: prefix + lines };
  } else if (ignore) {
    // The effective file is a .containerignore: a new .dockerignore would replace it, so carry its lines over.
    if (ignore.text === undefined) return undefined;
    const carried = ignore.text === '' || ignore.text.endsWith('\n') ? ignore.text : `${ignore.text}\n`;
    edit = { file, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, text: carried + lines };
  } else {
    edit = { file, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, text: lines };
  }
  const name = posix.basename(file.replace(/\\/g, '/'));
  return { description: `Add ${entries.join(', ')} to ${name}`, edits: [edit] };
}

function helpFor(entries: string[], buildContext: BuildContext, copy: CopyInstruction, source: Word): string {
  const name = buildContext.ignoreFileForFixes ? posix.basename(buildContext.ignoreFileForFixes.replace(/\\/g, '/')) : '.dockerignore';
  return `Add ${entries.join(', ')} to ${name} (dockerlint --fix writes them), or copy only what the build needs `
    + `instead of ${copy.kind} ${source.value} (e.g. COPY package*.json ./ then COPY src/ ./src/). `
    + 'If a build step needs one of these files, mount it for that step only: RUN --mount=type=secret,id=<id>,target=<path> <command>, '
    + 'built with docker build --secret id=<id>,src=<file>.';
}

const NO_CONTEXT_HELP = 'Add a .dockerignore next to the build context that excludes at least: **/.env, **/.env.*, .git, **/*.pem, **/*.key, '
  + '**/id_rsa*, **/.npmrc, **/.aws, **/.ssh (or start it with * and re-include only what the build needs: !src, !package*.json), '
  + 'or copy only what the build needs instead of the whole context. Lint with the context on disk to see the files that would be copied.';

const ONBUILD_HELP = 'Document that child images need a .dockerignore (excluding **/.env*, .git, keys), or replace the ONBUILD COPY '
  + 'with explicit COPY instructions in the child Dockerfiles.';
