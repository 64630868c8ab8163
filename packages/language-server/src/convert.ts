/**
 * Pure mappings between core findings and LSP objects. Nothing here grades, filters or rewords a finding:
 * positions are shifted from 1-based to 0-based (both count UTF-16 code units), severities map 1:1.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { redactSecrets, type DockerfileModel, type Finding, type Fix, type Range as CoreRange } from '@dockerlint/core';
import type {
  CodeAction,
  CreateFile,
  Diagnostic,
  DiagnosticRelatedInformation,
  Position,
  Range,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';

export const SOURCE = 'dockerlint';
export const DISABLE_DIRECTIVE = 'dockerlint-disable-next-line';

/** What a diagnostic carries back to the server in `data` (to find its finding again for code actions). */
export interface DiagnosticData {
  fingerprint: string;
}

export function toLspPosition(line: number, column: number): Position {
  return { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
}

export function toLspRange(range: CoreRange): Range {
  return { start: toLspPosition(range.start.line, range.start.column), end: toLspPosition(range.end.line, range.end.column) };
}

export function findingRange(finding: Finding): Range {
  return { start: toLspPosition(finding.line, finding.column), end: toLspPosition(finding.endLine, finding.endColumn) };
}

/** Masks anything that still looks like a secret (belt and braces: the engine already redacts). Core's redaction. */
export const safe: (text: string) => string = redactSecrets;

export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: findingRange(finding),
    severity: finding.severity === 'error' ? 1 : 2,
    code: finding.ruleId,
    codeDescription: { href: finding.url },
    source: SOURCE,
    message: safe(finding.message),
    data: { fingerprint: finding.fingerprint } satisfies DiagnosticData,
  };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (entry): DiagnosticRelatedInformation => ({
        location: {
          uri,
          range: {
            start: toLspPosition(entry.line, entry.column),
            end: toLspPosition(entry.endLine ?? entry.line, entry.endColumn ?? entry.column),
          },
        },
        message: safe(entry.message),
      }),
    );
  }
  return diagnostic;
}

export function rangesIntersect(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  // Touching counts (an empty cursor range at a finding's edge asks for its actions).
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function rangeContainsPosition(range: Range, position: Position): boolean {
  const le = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return le(range.start, position) && le(position, range.end);
}

export interface EditTarget {
  /** The document being linted. */
  uri: string;
  version: number;
  /** Its path on disk (absent for untitled buffers). */
  fsPath?: string;
}

export interface EditCapabilities {
  documentChanges: boolean;
  createFiles: boolean;
  /** Versions of other open documents (for edits to an open `.dockerignore`). */
  openVersion(uri: string): number | undefined;
}

/**
 * A core `Fix` as a `WorkspaceEdit`. Edits to other files (a `.dockerignore`) become their own text
 * document edits, preceded by a `CreateFile` when the file does not exist yet. Returns undefined when the
 * client cannot apply it (e.g. the fix creates a file but the client has no resource operations).
 */
export function toWorkspaceEdit(fix: Fix, target: EditTarget, caps: EditCapabilities): WorkspaceEdit | undefined {
  const byUri = new Map<string, { edits: TextEdit[]; create: boolean; version: number | null }>();
  for (const edit of fix.edits) {
    const own = edit.file === undefined || (target.fsPath !== undefined && path.resolve(edit.file) === path.resolve(target.fsPath));
    const uri = own ? target.uri : pathToFileURL(path.resolve(edit.file!)).href;
    let entry = byUri.get(uri);
    if (!entry) {
      const openVersion = own ? target.version : caps.openVersion(uri);
      const create = !own && openVersion === undefined && !existsSync(edit.file!);
      entry = { edits: [], create, version: openVersion ?? null };
      byUri.set(uri, entry);
    }
    entry.edits.push({ range: toLspRange(edit.range), newText: edit.text });
  }
  const needsCreate = [...byUri.values()].some((entry) => entry.create);
  if (needsCreate && !(caps.documentChanges && caps.createFiles)) return undefined;
  if (!caps.documentChanges) {
    const changes: Record<string, TextEdit[]> = {};
    for (const [uri, entry] of byUri) changes[uri] = entry.edits;
    return { changes };
  }
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const [uri, entry] of byUri) {
    if (entry.create) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri, version: entry.version }, edits: entry.edits });
  }
  return { documentChanges };
}

/**
 * The "disable for this instruction" edit: `# dockerlint-disable-next-line <id>` on its own line above the
 * instruction that holds the finding, with that instruction's indentation. When the line above already is
 * such a directive (without a `--` reason), the id is appended to it instead.
 */
export function disableNextLineEdit(model: DockerfileModel, text: string, finding: Finding): { range: Range; newText: string } | undefined {
  const instruction = model.instructions.find(
    (candidate) => candidate.range.start.line <= finding.line && finding.line <= candidate.range.end.line,
  );
  if (!instruction) return undefined;
  const lines = text.split(/\r\n|\r|\n/);
  const lineIndex = instruction.range.start.line - 1;
  const lineText = lines[lineIndex] ?? '';
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const above = lineIndex > 0 ? lines[lineIndex - 1] : undefined;
  if (above !== undefined) {
    const match = /^([ \t]*#\s*dockerlint-disable-next-line)(\s+([^\s].*?))?\s*$/.exec(above);
    if (match && !/(^|\s)--(\s|$)/.test(match[3] ?? '')) {
      const ids = (match[3] ?? '').split(/[\s,]+/).filter(Boolean);
      if (ids.includes(finding.ruleId)) return undefined;
      const newLine = `${match[1]} ${[...ids, finding.ruleId].join(', ')}`;
      return { range: { start: { line: lineIndex - 1, character: 0 }, end: { line: lineIndex - 1, character: above.length } }, newText: newLine };
    }
  }
  return {
    range: { start: { line: lineIndex, character: 0 }, end: { line: lineIndex, character: 0 } },
    newText: `${indent}# ${DISABLE_DIRECTIVE} ${finding.ruleId}${eol}`,
  };
}

export function quickFix(title: string, diagnostic: Diagnostic, edit: WorkspaceEdit, preferred = false): CodeAction {
  const action: CodeAction = { title: safe(title), kind: 'quickfix', diagnostics: [diagnostic], edit };
  if (preferred) action.isPreferred = true;
  return action;
}
