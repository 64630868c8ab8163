import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Finding, Rule, RuleMeta } from '@dockerlint/core';
import type { FileResult, FormatterContext } from '../types.js';

export const INFORMATION_URI = 'https://github.com/dockerlint/dockerlint';
export const DEFAULT_DOCS_BASE = 'https://github.com/dockerlint/dockerlint/blob/main/docs/rules/';

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function absolutePathOf(result: FileResult, ctx: FormatterContext): string {
  return result.absolutePath ?? path.resolve(ctx.cwd, result.filePath);
}

/** Path relative to the repository root, `/`-separated; undefined when the file lies outside it. */
export function repoRelative(result: FileResult, ctx: FormatterContext): string | undefined {
  if (!result.absolutePath && result.filePath.startsWith('<')) return undefined;
  const rel = toPosix(path.relative(ctx.rootDir, absolutePathOf(result, ctx)));
  if (rel === '' || rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return undefined;
  return rel;
}

/** A path for reports that must be relative (GitHub annotations, GitLab): repo-relative, else as displayed. */
export function reportPath(result: FileResult, ctx: FormatterContext): string {
  return repoRelative(result, ctx) ?? toPosix(result.filePath);
}

/** The id reports use for a file that could not be linted where they need one (it is not a rule). */
export const NOT_LINTED_ID = 'file-not-linted';

export function metaOf(rule: Rule | RuleMeta): RuleMeta {
  return 'meta' in rule ? rule.meta : rule;
}

export function countsOf(findings: readonly Finding[]): { errors: number; warnings: number; fixableErrors: number; fixableWarnings: number } {
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') {
      errors++;
      if (f.fix) fixableErrors++;
    } else {
      warnings++;
      if (f.fix) fixableWarnings++;
    }
  }
  return { errors, warnings, fixableErrors, fixableWarnings };
}

/** XML 1.0 text/attribute escaping; characters XML cannot represent are dropped. */
export function xmlEscape(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function hash(algorithm: 'md5' | 'sha256', value: string): string {
  return createHash(algorithm).update(value).digest('hex');
}

export function docsUrlFor(ruleId: string, ctx: FormatterContext, findings?: readonly Finding[]): string {
  const fromFinding = findings?.find((f) => f.ruleId === ruleId && f.url)?.url;
  return fromFinding ?? ctx.docsUrl?.(ruleId) ?? `${DEFAULT_DOCS_BASE}${ruleId}.md`;
}
