/** Test helpers: lint Dockerfile text (with an in-memory or on-disk build context) through the real engine. */
import { resolve } from 'node:path';
import {
  initialize,
  inMemoryBuildContext,
  lintText,
  noBuildContext,
  type BuildContext,
  type Finding,
  type ResolvedConfig,
  type RuleOptions,
  type SeveritySetting,
} from '@dockerlint/core';
import { rules } from '@dockerlint/rules';

export interface LintCaseOptions {
  /** Only run these rules (default: all). */
  rules?: string[];
  /** Context files (relative; directories end with `/`). Absent = no build context at all. */
  files?: string[];
  dockerignore?: string;
  /** Contents of context files (for content checks such as "is this .pem a private key?"). */
  contents?: Record<string, string>;
  buildContext?: BuildContext;
  target?: string;
  /** Per-rule options/severity. */
  ruleSettings?: Record<string, { severity?: SeveritySetting; options?: RuleOptions }>;
  filePath?: string;
}

export async function lint(text: string, options: LintCaseOptions = {}): Promise<Finding[]> {
  await initialize();
  const buildContext = options.buildContext
    ?? (options.files ? inMemoryBuildContext(options.files, options.dockerignore, options.contents ? { contents: options.contents } : {}) : noBuildContext());
  const config = options.ruleSettings ? configWith(options.ruleSettings) : undefined;
  const result = lintText({
    filePath: options.filePath ?? 'Dockerfile',
    text,
    rules,
    buildContext,
    ...(config ? { config } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.rules ? { onlyRules: options.rules } : {}),
  });
  return result.findings;
}

/** Lint a fixture directory's Dockerfile with its real build context on disk. */
export async function lintFixture(dir: string, dockerfile = 'Dockerfile', options: { rules?: string[]; contextDir?: string; target?: string } = {}): Promise<Finding[]> {
  await initialize();
  const { readFileSync } = await import('node:fs');
  const absolutePath = resolve(dir, dockerfile);
  const result = lintText({
    filePath: absolutePath,
    text: readFileSync(absolutePath, 'utf8'),
    rules,
    absolutePath,
    ...(options.contextDir ? { contextDir: resolve(dir, options.contextDir) } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.rules ? { onlyRules: options.rules } : {}),
  });
  return result.findings;
}

function configWith(settings: NonNullable<LintCaseOptions['ruleSettings']>): ResolvedConfig {
  const rulesConfig: ResolvedConfig['rules'] = {};
  for (const [id, setting] of Object.entries(settings)) rulesConfig[id] = { severity: setting.severity ?? ('default' as SeveritySetting), options: setting.options ?? {} };
  return { files: [], rules: rulesConfig, ignores: [], allowlist: { names: [], values: [], fingerprints: [] }, context: [] };
}

/** Compact `ruleId@line:col-endLine:endCol` form for exact assertions. */
export function at(finding: Finding): string {
  return `${finding.ruleId}@${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn}`;
}

export function summary(findings: Finding[]): string[] {
  return findings.map((finding) => `${at(finding)} ${finding.severity}`);
}
