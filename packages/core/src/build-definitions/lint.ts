/** Running the rules' build-definition checks, and merging the findings of one Dockerfile linted once per build. */
import type { ResolvedConfig } from '../config/types.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import { fillTemplate, lintText, ruleDocsUrl, safeText } from '../engine/lint.js';
import type { LintOptions, LintResult } from '../engine/lint-api.js';
import type { BuildLintOptions } from './resolve.js';
import type { BuildDefinitionRuleContext, DefinitionReport, Finding, Rule, Severity } from '../engine/types.js';
import type { BuildDefinitionSet } from './types.js';

export interface BuildDefinitionLintOptions {
  set: BuildDefinitionSet;
  rules: readonly Rule[];
  /** The config that applies to a definition file (nearest config file); none = defaults. */
  configFor?: (file: string) => ResolvedConfig | undefined;
  /** How a definition file's path appears in findings (relative to the cwd for the CLI). */
  displayPath: (file: string) => string;
  /** Only these rule ids (CLI `--rule`). */
  onlyRules?: readonly string[];
}

export interface DefinitionLintResult {
  /** Absolute path of the definition file. */
  file: string;
  /** Path as shown in findings. */
  filePath: string;
  findings: Finding[];
  /** Rules that failed (bugs), one line each. */
  errors: string[];
}

const DISABLE_NEXT_LINE = /^\s*(?:#|\/\/)\s*dockerlint-disable-next-line\b(.*)$/;

/**
 * Findings whose cause is in a definition file, reported in that file (one result per file that has findings).
 * Config severities, `allowlist` and `# dockerlint-disable-next-line <id>` comments (YAML and HCL) apply.
 */
export function lintBuildDefinitions(options: BuildDefinitionLintOptions): DefinitionLintResult[] {
  const results = new Map<string, DefinitionLintResult>();
  const texts = new Map(options.set.files.map((file) => [file.path, file.text]));
  for (const rule of options.rules) {
    if (!rule.checkBuildDefinitions) continue;
    const id = rule.meta.id;
    if (options.onlyRules && options.onlyRules.length > 0 && !options.onlyRules.includes(id)) continue;
    const setting = (file: string) => options.configFor?.(file)?.rules[id];
    const reports: DefinitionReport[] = [];
    const context: BuildDefinitionRuleContext = {
      definitions: options.set.definitions,
      files: options.set.files,
      optionsFor: (file) => setting(file)?.options ?? {},
      isAllowlisted: (file, { name, value }) => {
        const allowlist = options.configFor?.(file)?.allowlist;
        if (!allowlist) return false;
        return (name !== undefined && allowlist.names.some((allowed) => allowed.toLowerCase() === name.toLowerCase())) || (value !== undefined && allowlist.values.some((pattern) => pattern.test(value)));
      },
      report: (report) => reports.push(report),
    };
    const errors: string[] = [];
    try {
      rule.checkBuildDefinitions(context);
    } catch (error) {
      errors.push(`rule ${id} failed on build definitions: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    }
    for (const report of reports) {
      const configured = setting(report.file)?.severity;
      if (configured === 'off') continue;
      const text = texts.get(report.file) ?? '';
      if (disabledByComment(text, report.range.start.line, id)) continue;
      const result = resultFor(results, report.file, options.displayPath);
      const severity: Severity = configured === 'error' || configured === 'warning' ? configured : (report.severity ?? rule.meta.severity);
      const finding: Finding = {
        ruleId: id,
        messageId: report.messageId,
        message: safeText(fillTemplate(rule.meta.messages[report.messageId] ?? report.messageId, report.data)),
        severity,
        file: result.filePath,
        line: report.range.start.line,
        column: report.range.start.column,
        endLine: report.range.end.line,
        endColumn: report.range.end.column,
        help: safeText(report.help ?? rule.meta.help),
        url: ruleDocsUrl(id),
        fingerprint: fingerprintOf({ ruleId: id, messageId: report.messageId, file: result.filePath, anchorText: lineAt(text, report.range.start.line), occurrence: 0 }),
      };
      if (report.related && report.related.length > 0) finding.related = report.related.map((entry) => ({ ...entry, message: safeText(entry.message) }));
      if (report.suggestions && report.suggestions.length > 0) finding.suggestions = report.suggestions;
      result.findings.push(finding);
    }
    for (const error of errors) for (const result of results.values()) result.errors.push(error);
  }
  for (const result of results.values()) {
    result.findings.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
    const accepted = new Set(options.configFor?.(result.file)?.allowlist.fingerprints ?? []);
    if (accepted.size > 0) result.findings = result.findings.filter((finding) => !accepted.has(finding.fingerprint));
    distinctFingerprints(result.findings);
  }
  return [...results.values()].filter((result) => result.findings.length > 0 || result.errors.length > 0).sort((a, b) => a.filePath.localeCompare(b.filePath));
}

function resultFor(results: Map<string, DefinitionLintResult>, file: string, displayPath: (file: string) => string): DefinitionLintResult {
  let result = results.get(file);
  if (!result) {
    result = { file, filePath: displayPath(file), findings: [], errors: [] };
    results.set(file, result);
  }
  return result;
}

function lineAt(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}

/** `# dockerlint-disable-next-line [<id>, …] [-- reason]` on the line above (YAML and HCL comments). */
function disabledByComment(text: string, line: number, ruleId: string): boolean {
  if (line < 2) return false;
  const match = DISABLE_NEXT_LINE.exec(lineAt(text, line - 1));
  if (!match) return false;
  const ids = match[1]!.split('--')[0]!.split(/[\s,]+/).filter(Boolean).map((id) => id.replace(/^dockerlint\//, ''));
  return ids.length === 0 || ids.includes(ruleId);
}

/** Equal anchors in one file (the same line reported twice) get distinct fingerprints by occurrence. */
function distinctFingerprints(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const occurrence = seen.get(finding.fingerprint) ?? 0;
    seen.set(finding.fingerprint, occurrence + 1);
    if (occurrence > 0) finding.fingerprint = fingerprintOf({ ruleId: finding.ruleId, messageId: finding.messageId, file: finding.file, anchorText: finding.fingerprint, occurrence });
  }
}

/**
 * One Dockerfile linted once per distinct build (context, target): a finding that every build has is reported once;
 * one that only some builds have says which (`[build: compose.yaml service api]`) and gets its own fingerprint.
 */
export function mergeBuildFindings(perBuild: readonly { label: string; findings: readonly Finding[] }[]): Finding[] {
  if (perBuild.length === 0) return [];
  if (perBuild.length === 1) return [...perBuild[0]!.findings];
  const keyOf = (finding: Finding) => [finding.ruleId, finding.messageId, finding.line, finding.column, finding.endLine, finding.endColumn, finding.message].join('\u0000');
  const buildsWith = new Map<string, number>();
  for (const build of perBuild) for (const key of new Set(build.findings.map(keyOf))) buildsWith.set(key, (buildsWith.get(key) ?? 0) + 1);
  const merged: Finding[] = [];
  const emitted = new Set<string>();
  for (const build of perBuild) {
    for (const finding of build.findings) {
      const key = keyOf(finding);
      if (buildsWith.get(key) === perBuild.length) {
        if (emitted.has(key)) continue;
        emitted.add(key);
        merged.push(finding);
        continue;
      }
      merged.push({
        ...finding,
        message: `${finding.message} [build: ${build.label}]`,
        fingerprint: fingerprintOf({ ruleId: finding.ruleId, messageId: finding.messageId, file: finding.file, anchorText: `${finding.fingerprint}\u0000${build.label}`, occurrence: 0 }),
      });
    }
  }
  return merged.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
}

/** Lints one Dockerfile once per build and merges the findings (an editor's one diagnostics list per file). */
export function lintEachBuild(options: LintOptions, builds: readonly BuildLintOptions[]): LintResult {
  if (builds.length === 0) return lintText(options);
  const results = builds.map((build) => {
    const own: LintOptions = { ...options, build: build.build };
    delete own.contextDir;
    delete own.target;
    return { label: build.build.label, result: lintText({ ...own, ...(build.contextDir !== undefined ? { contextDir: build.contextDir } : {}), ...(build.target !== undefined ? { target: build.target } : {}) }) };
  });
  const first = results[0]!.result;
  const merged: LintResult = { ...first, findings: mergeBuildFindings(results.map(({ label, result }) => ({ label, findings: result.findings }))) };
  const seen = new Set<string>();
  merged.ruleErrors = results.flatMap(({ result }) => result.ruleErrors).filter((error) => {
    const key = `${error.ruleId}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return merged;
}
