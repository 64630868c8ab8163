/**
 * Shared by the ESLint ≥ 9 language path and the ESLint 8 worker: run the core engine for one Dockerfile and turn
 * its findings into plain, serialisable "portable" findings (positions as the engine reports them, fixes as text
 * offsets). Nothing here grades or filters findings — the adapter only maps them (docs/architecture.md, "Adapters").
 */
import { isAbsolute } from 'node:path';
import {
  createLintSession,
  lintDocument,
  PARSE_ERROR_RULE_ID,
  redactSecrets,
  ruleDocsUrl,
  type ConfigOverrides,
  type DockerfileModel,
  type Finding,
  type Fix,
  type Rule,
  type RuleOptions,
} from '@dockerlint/core';
import { rules as coreRules } from '@dockerlint/rules';

/** `languageOptions` of the `dockerlint/dockerfile` language (and `settings.dockerlint` on ESLint 8). */
export interface DockerfileLanguageOptions {
  /** Build context directory (absolute, or relative to the current working directory). Default: the Dockerfile's directory. */
  context?: string;
  /** Stage being built (like `docker build --target`). Default: the last stage. */
  target?: string;
  /** Names never reported by name and value regexes (source strings) never reported as secrets. */
  allowlist?: { names?: string[]; values?: string[] };
  [key: string]: unknown;
}

/** A text edit on the Dockerfile as `[start, end)` UTF-16 offsets. */
export interface PortableEdit {
  range: [number, number];
  text: string;
}

export interface PortableFix {
  description: string;
  edits: PortableEdit[];
}

export interface PortableFinding {
  ruleId: string;
  messageId: string;
  /** The finding's message followed by its help (both already redacted by the engine). */
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  url: string;
  /** Only when every edit is on the Dockerfile itself (ESLint cannot edit other files). */
  fix?: PortableFix;
  suggestions?: PortableFix[];
}

export interface PortableResult {
  fatal?: { message: string; line: number; column: number };
  findings: PortableFinding[];
}

/** The engine's id for syntax problems, which the plugin reports as the `dockerlint/parse-error` rule. */
export const PARSE_ERROR_ID = PARSE_ERROR_RULE_ID;

export function ruleUrl(id: string): string {
  return ruleDocsUrl(id);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function isDockerfileFix(fix: Fix): boolean {
  return fix.edits.length > 0 && fix.edits.every((edit) => edit.file === undefined);
}

function toPortableFix(fix: Fix, model: DockerfileModel | undefined): PortableFix | undefined {
  if (!model || !isDockerfileFix(fix)) return undefined;
  return {
    description: fix.description,
    edits: fix.edits.map((edit) => ({ range: [model.offsetAt(edit.range.start), model.offsetAt(edit.range.end)], text: edit.text })),
  };
}

/** Map one engine finding 1:1 (same rule, same positions); edits on other files are described, not applied. */
export function toPortable(finding: Finding, model: DockerfileModel | undefined): PortableFinding {
  let message = sentence(finding.message);
  if (finding.help && finding.help.trim() !== '') message += ` ${sentence(finding.help)}`;
  const portable: PortableFinding = {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    message,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    url: finding.url,
  };
  const elsewhere: string[] = [];
  if (finding.fix) {
    const fix = toPortableFix(finding.fix, model);
    if (fix) portable.fix = fix;
    else elsewhere.push(finding.fix.description);
  }
  const suggestions: PortableFix[] = [];
  for (const suggestion of finding.suggestions ?? []) {
    const fix = toPortableFix(suggestion, model);
    if (fix) suggestions.push(fix);
    else elsewhere.push(suggestion.description);
  }
  if (suggestions.length > 0) portable.suggestions = suggestions;
  // e.g. "add .env to .dockerignore": ESLint can only edit the linted file, the CLI's --fix can do the rest.
  if (elsewhere.length > 0 && !/--fix\b/.test(finding.help)) portable.message += ` (\`dockerlint --fix\` or the editor can: ${elsewhere.map((text) => text.trim().replace(/\.$/, '')).join('; ')}.)`;
  return portable;
}

/** The ESLint-side settings as overrides of the default config: rule options, allowlist, target. */
export function configOverridesFor(options: DockerfileLanguageOptions, only: LintRequest['only']): ConfigOverrides {
  return {
    ...(only ? { rules: { [only.ruleId]: { options: only.options } } } : {}),
    ...(options.allowlist ? { allowlist: options.allowlist } : {}),
    ...(typeof options.target === 'string' ? { target: options.target } : {}),
  };
}

export interface LintRequest {
  text: string;
  /** Absolute path when the Dockerfile is on disk (ESLint's filename); otherwise a display name. */
  filePath: string;
  options: DockerfileLanguageOptions;
  /** Run only this rule with these options; absent = all rules with their default options. */
  only?: { ruleId: string; options: RuleOptions };
  rules?: readonly Rule[];
}

/** This ESLint process's cross-lint reuse (ESLint lints every file of a run in one process). */
const session = createLintSession();

/** One engine run through core's document API. Never throws: an engine failure becomes a fatal result. */
export function lintPortable(request: LintRequest): PortableResult & { model?: DockerfileModel } {
  try {
    const result = lintDocument({
      text: request.text,
      displayPath: request.filePath,
      ...(isAbsolute(request.filePath) ? { path: request.filePath } : {}),
      rules: request.rules ?? coreRules,
      configOverrides: configOverridesFor(request.options, request.only),
      ...(typeof request.options.context === 'string' && request.options.context !== '' ? { contextDir: request.options.context } : {}),
      ...(request.only ? { onlyRules: [request.only.ruleId] } : {}),
      session,
    });
    if (result.notLinted) return { fatal: { message: `not linted: ${result.notLinted.message}`, line: 1, column: 1 }, findings: [] };
    if (result.fatal !== undefined) {
      const first = result.findings[0];
      return { fatal: { message: result.fatal, line: first?.line ?? 1, column: first?.column ?? 1 }, findings: [] };
    }
    const portable: PortableResult & { model?: DockerfileModel } = { findings: result.findings.map((finding) => toPortable(finding, result.model)) };
    if (result.model) portable.model = result.model;
    return portable;
  } catch (error) {
    const message = redactSecrets((error instanceof Error ? error.message : String(error)).split(/\r?\n/)[0] ?? 'internal error');
    return { fatal: { message: `dockerlint could not analyse this file: ${message}`, line: 1, column: 1 }, findings: [] };
  }
}

/**
 * ESLint's `fixable` / `hasSuggestions` from the core rule's metadata. A fix that writes the .dockerignore never
 * reaches ESLint (it edits only the linted file), so such a rule is not fixable there.
 */
export function fixMeta(rule: Rule): { fixable?: 'code'; hasSuggestions?: true } {
  return {
    ...(rule.meta.fixable === 'code' && rule.meta.fixEdits === undefined ? { fixable: 'code' as const } : {}),
    ...(rule.meta.hasSuggestions ? { hasSuggestions: true as const } : {}),
  };
}

/** Rule option schema for ESLint, from the core rule's option metadata. */
export function optionsSchema(rule: Rule): unknown[] {
  const properties: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(rule.meta.options ?? {})) {
    properties[name] =
      option.type === 'string[]' ? { type: 'array', items: { type: 'string' } } : option.values ? { enum: option.values } : { type: option.type };
  }
  // Like the CLI's config validation: known options are type-checked, others are passed through.
  return [{ type: 'object', properties, additionalProperties: true }];
}
