/**
 * `--fix`: applies the parts of `finding.fix` that edit ignore files (`.dockerignore`, `<name>.dockerignore`,
 * `.containerignore`). Dockerfiles and any other file are never touched. Entries are appended (the last
 * matching pattern wins in .dockerignore, so an appended exclusion takes effect) and deduplicated.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@dockerlint/core';

export interface IgnoreFileWrite {
  /** Absolute path of the ignore file. */
  file: string;
  /** Entries added, in order. */
  added: string[];
  /** The file did not exist before. */
  created: boolean;
  /** Its new full content. */
  content: string;
}

export interface FixPlan {
  writes: IgnoreFileWrite[];
  /** Edits that were not applied (not an ignore file, or the Dockerfile itself), one line each. */
  skipped: string[];
  /** Findings whose fix contributed at least one edit (to re-lint their files). */
  fixedFindings: Finding[];
}

export function isIgnoreFilePath(file: string): boolean {
  const base = path.basename(file);
  return base === '.dockerignore' || base === '.containerignore' || base.endsWith('.dockerignore') || base.endsWith('.containerignore');
}

function readMaybe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Works out the ignore-file changes for a set of findings. `dockerfileOf(finding)` gives the absolute
 * path of the Dockerfile a finding is about (edits aimed at it are never applied).
 */
export function planFixes(findings: readonly { finding: Finding; dockerfile: string | undefined }[]): FixPlan {
  const entriesByFile = new Map<string, string[]>();
  const skipped: string[] = [];
  const fixedFindings: Finding[] = [];
  for (const { finding, dockerfile } of findings) {
    if (!finding.fix) continue;
    let used = false;
    for (const edit of finding.fix.edits) {
      if (!edit.file) continue; // the Dockerfile itself: never rewritten by --fix
      const target = path.resolve(edit.file);
      if ((dockerfile && target === path.resolve(dockerfile)) || !isIgnoreFilePath(target)) {
        skipped.push(`${finding.ruleId}: not applying an edit to ${edit.file} (only ignore files are written)`);
        continue;
      }
      const list = entriesByFile.get(target) ?? [];
      for (const line of edit.text.split(/\r?\n/)) {
        const entry = line.trim();
        if (entry !== '') list.push(entry);
      }
      entriesByFile.set(target, list);
      used = true;
    }
    if (used) fixedFindings.push(finding);
  }
  const writes: IgnoreFileWrite[] = [];
  for (const file of [...entriesByFile.keys()].sort()) {
    const before = readMaybe(file);
    const existing = new Set((before ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean));
    const added: string[] = [];
    for (const entry of entriesByFile.get(file)!) {
      if (existing.has(entry)) continue;
      existing.add(entry);
      added.push(entry);
    }
    if (added.length === 0) continue;
    // Comment-only additions (a header without entries) are not worth a write.
    if (added.every((e) => e.startsWith('#'))) continue;
    const eol = before?.includes('\r\n') ? '\r\n' : '\n';
    let content = before ?? '';
    if (content !== '' && !content.endsWith('\n')) content += eol;
    content += added.join(eol) + eol;
    writes.push({ file, added, created: before === undefined, content });
  }
  return { writes, skipped, fixedFindings };
}

export function applyFixPlan(plan: FixPlan): void {
  for (const w of plan.writes) {
    mkdirSync(path.dirname(w.file), { recursive: true });
    writeFileSync(w.file, w.content);
  }
}

export function describeWrite(w: IgnoreFileWrite, cwd: string, dryRun: boolean): string {
  const rel = path.relative(cwd, w.file) || w.file;
  const verb = dryRun ? 'would add' : 'added';
  const entries = w.added.filter((e) => !e.startsWith('#'));
  return `dockerlint: fix: ${verb} ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} to ${rel}${w.created ? (dryRun ? ' (would create it)' : ' (created)') : ''}: ${entries.join(', ')}`;
}
