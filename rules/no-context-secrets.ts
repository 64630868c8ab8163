import { posix } from 'node:path';
import {
  defineRule,
  STAGES_OPTION,
  classifyWithSettings,
  contextRelativePath,
  copyGlobMatcher,
  exactIgnoreEntry,
  excludeMatcher,
  planIgnoreEntries,
  referencesGovernedByFixFile,
  refineByContent,
  sensitiveFileSettings,
  type BuildContext,
  type ContextFile,
  type ContextReference,
  type CopyInstruction,
  type Fix,
  type IgnoreFixVerdict,
  type RuleContext,
  type SensitiveFileSettings,
  type SensitiveMatch,
  type TextEdit,
  type Word,
} from '@dockerlint/core';

type MessageId = 'wouldCopy' | 'noIgnoreFile' | 'onbuild';

export const rule = defineRule<MessageId>({
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
    fixable: 'code',
    fixEdits: '.dockerignore',
    usesContext: true,
    options: {
      stages: STAGES_OPTION,
      sensitiveFiles: { type: 'string[]', description: 'Extra globs of sensitive files (basename, or path when they contain "/"; a trailing "/" marks a directory).', default: [] },
      allowFiles: { type: 'string[]', description: 'Globs of files never reported (e.g. "test/fixtures/**").', default: [] },
    },
    tags: ['security', 'secrets', 'CWE-538'],
    securitySeverity: 8.1,
    related: [
      { tool: 'buildkit', id: 'CopyIgnoredFile', note: 'checks the inverse (copying a file that `.dockerignore` excludes)' },
      { tool: 'trivy', id: 'DS-0031', note: 'flags some secret-file copies but does not look at the build context' },
    ],
  },
  check(context) {
    for (const instruction of context.model.allInstructions()) {
      if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') continue;
      if (instruction.from !== undefined) continue; // --from copies read a stage or an image, not the context
      if (!context.reportsIn(instruction)) continue;
      checkCopy(context, instruction);
    }
  },
});

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

function checkCopy(context: RuleContext<MessageId>, copy: CopyInstruction): void {
  const { model, buildContext } = context;
  const settings = sensitiveFileSettings(context.options, context.analysis.session);
  const keyword = `${copy.onbuild ? 'ONBUILD ' : ''}${copy.kind}`;
  const onDisk = buildContext.root !== undefined && !copy.onbuild;
  const excludes = copy.flags.filter((flag) => flag.name === 'exclude' && flag.value).map((flag) => model.expand(flag.value!, copy));

  for (const source of copy.sources) {
    const value = model.expand(source.value, copy);
    if (value.includes('$') || URL.test(value) || value.startsWith('git@')) continue;
    const rel = contextRelativePath(value);
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
    const ignoreName = ignoreFileName(buildContext);
    const reason = ignoreName ? `not excluded by ${ignoreName}` : 'there is no .dockerignore';
    const gitIgnored = leaks.filter((leak) => buildContext.gitignoreMatches(leak.path)).map((leak) => leak.display);
    const gitNote = gitIgnored.length > 0
      ? `; .gitignore excludes ${gitIgnored.slice(0, MAX_LISTED).join(', ')} but Docker does not read .gitignore`
      : '';
    const verdicts = verdictsFor(context, leaks);
    const entriesToAdd = [...new Set(verdicts.flatMap((verdict) => (verdict.kind === 'add' ? [verdict.entry] : [])))];
    const fix = fixFor(buildContext, entriesToAdd);
    const high = leaks.some((leak) => leak.match.pattern.confidence === 'high');
    context.report({
      messageId: 'wouldCopy',
      data: { keyword, source: source.value, files, reason, gitNote },
      range: source.range,
      severity: high ? 'error' : 'warning',
      instruction: copy,
      help: helpFor(entriesToAdd, verdicts, context, copy, source),
      ...(fix ? { fix } : {}),
    });
  }
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
    const copied = copyGlobMatcher(rel);
    entries = buildContext.listIncluded().filter((entry) => copied(entry.path));
  }
  if (excludes.length === 0) return [...entries];
  const excluded = excludeMatcher(excludes);
  return entries.filter((entry) => !excluded(base ? entry.path.slice(base.length + 1) : entry.path));
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
  if (leak.exact) return exactIgnoreEntry(leak.path);
  const entry = leak.match.pattern.ignoreEntry;
  if (entry.startsWith('**/') || entry.includes('/')) return entry;
  if (leak.path.includes('/')) return `**/${entry}`;
  return entry;
}

/**
 * Per leak: the entry to add, or why none is added (a Dockerfile built from this context names the file, or the
 * user re-included it with a `!` line). The general entry is tried first, then the leak's exact path.
 */
function verdictsFor(context: RuleContext<MessageId>, leaks: Leak[]): IgnoreFixVerdict[] {
  const general = leaks.map(ignoreEntryOf);
  if (!context.buildContext.ignoreFileForFixes) return leaks.map((leak, i) => ({ path: leak.path, kind: 'add', entry: general[i]! }));
  const candidates = leaks.map((leak, i) => {
    const exact = exactIgnoreEntry(leak.path);
    return { path: leak.path, entries: general[i] === exact ? [exact] as const : [general[i]!, exact] as const };
  });
  return planIgnoreEntries(context.buildContext, candidates, referencesGovernedByFixFile(context));
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

function helpFor(entries: string[], verdicts: IgnoreFixVerdict[], context: RuleContext<MessageId>, copy: CopyInstruction, source: Word): string {
  const { buildContext } = context;
  const name = buildContext.ignoreFileForFixes ? posix.basename(buildContext.ignoreFileForFixes.replace(/\\/g, '/')) : '.dockerignore';
  const kept: string[] = [];
  for (const verdict of verdicts) {
    if (verdict.kind === 'copied') kept.push(copiedNote(verdict.path, verdict.reference, name, context));
    else if (verdict.kind === 'reincluded') {
      kept.push(`${verdict.path} is re-included by ${verdict.pattern} in ${ignoreFileName(buildContext) ?? name}; dockerlint does not override that line `
        + `(remove it if the image does not need ${verdict.path}).`);
    }
  }
  const add = entries.length > 0
    ? `Add ${entries.join(', ')} to ${name} (dockerlint --fix writes them), or copy only what the build needs `
    : 'Copy only what the build needs ';
  return `${add}instead of ${copy.kind} ${source.value} (e.g. COPY package*.json ./ then COPY src/ ./src/). `
    + (kept.length > 0
      ? kept.join(' ')
      : 'If a build step needs one of these files, mount it for that step only: RUN --mount=type=secret,id=<id>,target=<path> <command>, '
        + 'built with docker build --secret id=<id>,src=<file>.');
}

/** Why a named file is not excluded, and the secret-mount rewrite that lets it be. */
function copiedNote(path: string, reference: ContextReference, ignoreName: string, context: RuleContext<MessageId>): string {
  const where = reference.dockerfile === context.model.path
    ? `line ${reference.line}`
    : `${displayDockerfile(reference.dockerfile, context.buildContext)} line ${reference.line}`;
  const id = secretIdOf(path);
  const target = reference.destination ?? `<path>`;
  return `${path} is not added to ${ignoreName}: ${reference.keyword} ${reference.written} at ${where} names it, and excluding it would break that build. `
    + `Replace that copy with a secret mount for the step that needs it (RUN --mount=type=secret,id=${id},target=${target} <command>, `
    + `built with docker build --secret id=${id},src=${path}), then add ${path} to ${ignoreName}.`;
}

function displayDockerfile(file: string, buildContext: BuildContext): string {
  const normalised = file.replace(/\\/g, '/');
  const root = buildContext.root?.replace(/\\/g, '/');
  return root && normalised.startsWith(`${root}/`) ? normalised.slice(root.length + 1) : normalised;
}

function ignoreFileName(buildContext: BuildContext): string | undefined {
  return buildContext.ignoreFile ? posix.basename(buildContext.ignoreFile.path.replace(/\\/g, '/')) : undefined;
}

/** `.npmrc` → `npmrc`, `config/prod.key` → `prod_key`. */
function secretIdOf(path: string): string {
  const id = posix.basename(path).replace(/^\.+/, '').replace(/[^A-Za-z0-9_-]+/g, '_');
  return id === '' ? 'secret' : id;
}

const NO_CONTEXT_HELP = 'Add a .dockerignore next to the build context that excludes at least: **/.env, **/.env.*, .git, **/*.pem, **/*.key, '
  + '**/id_rsa*, **/.npmrc, **/.aws, **/.ssh (or start it with * and re-include only what the build needs: !src, !package*.json), '
  + 'or copy only what the build needs instead of the whole context. Lint with the context on disk to see the files that would be copied.';

const ONBUILD_HELP = 'Document that child images need a .dockerignore (excluding **/.env*, .git, keys), or replace the ONBUILD COPY '
  + 'with explicit COPY instructions in the child Dockerfiles.';
