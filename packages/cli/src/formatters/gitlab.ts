/** GitLab Code Quality report (a JSON array of Code Climate issues). */
import type { Finding } from '@dockerlint/core';
import type { FileResult, FormatterContext, Formatter } from '../types.js';
import { NOT_LINTED_ID, hash, metaOf, reportPath } from './util.js';

export function gitlabSeverity(f: Finding, ctx: FormatterContext): 'info' | 'minor' | 'major' | 'critical' | 'blocker' {
  if (f.severity === 'warning') return 'minor';
  const rule = ctx.rules.map(metaOf).find((m) => m.id === f.ruleId);
  return (rule?.securitySeverity ?? 0) >= 9 ? 'critical' : 'major';
}

export function toGitlab(results: readonly FileResult[], ctx: FormatterContext): Record<string, unknown>[] {
  return results.flatMap((result) => {
    const path = reportPath(result, ctx);
    const notLinted = result.notLinted === undefined ? [] : [{
      type: 'issue',
      description: result.notLinted,
      check_name: NOT_LINTED_ID,
      categories: ['Bug Risk'],
      fingerprint: hash('md5', `${NOT_LINTED_ID}\0${path}`),
      severity: 'major',
      location: { path, lines: { begin: 1, end: 1 } },
    }];
    return [...notLinted, ...result.findings.map((f) => ({
      type: 'issue',
      description: f.message,
      check_name: f.ruleId,
      categories: ['Security'],
      fingerprint: hash('md5', `${f.ruleId}\0${path}\0${f.fingerprint}`),
      severity: gitlabSeverity(f, ctx),
      location: { path, lines: { begin: f.line, end: f.endLine } },
    }))];
  });
}

export const gitlab: Formatter = (results, ctx) => `${JSON.stringify(toGitlab(results, ctx), null, 2)}\n`;
