import type { Finding, RuleMeta } from '@dockerlint/core';
import type { FileResult, FormatterContext } from '../../packages/cli/src/types.js';

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'no-secret-arg',
    messageId: 'secretArg',
    message: 'ARG NPM_TOKEN is recorded in the image history',
    severity: 'error',
    file: 'svc/Dockerfile',
    line: 2,
    column: 5,
    endLine: 2,
    endColumn: 14,
    help: 'Use RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN',
    url: 'https://example.test/docs/rules/no-secret-arg.md',
    fingerprint: 'fp-0123456789abcdef',
    ...overrides,
  };
}

export const metas: RuleMeta[] = [
  { id: 'no-secret-arg', description: 'Secret-like ARG in a shipping stage', severity: 'error', messages: {}, help: 'Use a secret mount.', tags: ['security', 'secrets'], securitySeverity: 7.5 },
  { id: 'no-hardcoded-secret', description: 'Literal secret in the Dockerfile', severity: 'error', messages: {}, help: 'Remove it and rotate it.', securitySeverity: 9.5 },
];

export function ctx(overrides: Partial<FormatterContext> = {}): FormatterContext {
  return { cwd: '/repo', rootDir: '/repo', rules: metas, version: '1.2.3', color: false, ...overrides };
}

export function result(overrides: Partial<FileResult> = {}): FileResult {
  return { filePath: 'svc/Dockerfile', absolutePath: '/repo/svc/Dockerfile', findings: [finding()], ...overrides };
}
