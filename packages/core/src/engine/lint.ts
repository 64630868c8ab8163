/** The engine: builds the model once, runs every enabled rule over it, applies config and directives. */
import { dirname } from 'node:path';
import { dockerfilesFoundInContext } from '../analysis/ignore-fixes.js';
import { LintAnalysis, type LintAnalysisInput } from '../analysis/lint-analysis.js';
import { skippedByCheckComment } from '../analysis/check-skip-comments.js';
import { contextFor as configuredContextFor } from '../config/load.js';
import { loadBuildContext, noBuildContext } from '../context/index.js';
import type { BuildContext } from '../context/types.js';
import type { LoadBuildContextOptions } from '../context/build-context.js';
import type { ResolvedConfig } from '../config/types.js';
import { buildModel, type BuildModelOptions } from '../model/build.js';
import { rangeContains } from '../model/positions.js';
import type { DockerfileModel, Instruction, Range } from '../model/types.js';
import { redactText, scanForSecrets } from '../secrets/index.js';
import { initShellParser } from '../shell/parser.js';
import { buildkitChecksOf, readDirectives } from './directives.js';
import { previousModelOf } from './edit-reuse.js';
import { fingerprintOf } from './fingerprint.js';
import type { LintOptions, LintResult, RuleError } from './lint-api.js';
import type { BuildInfo, Finding, Report, Rule, RuleContext, RuleOptions, Severity } from './types.js';
import { resolvedPath } from '../context/resolved-path.js';

export const DOCS_BASE_URL = 'https://github.com/dockerlint/dockerlint/blob/main/docs/rules/';
export const PARSE_ERROR_RULE_ID = 'parse-error';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Load the WebAssembly shell parser. Call once (it is idempotent) before `lintText`. */
export async function initialize(): Promise<void> {
  await initShellParser();
}

export function lintText(options: LintOptions): LintResult {
  let model: DockerfileModel;
  const target = targetOf(options);
  try {
    // Options objects are built field by field: a spread of a conditional literal costs a temporary object and a
    // generic copy on every lint.
    const modelOptions: BuildModelOptions = { path: options.filePath };
    if (target !== undefined) modelOptions.target = target;
    if (options.session) {
      modelOptions.session = options.session;
      // With edit reuse on (an editor), the document's previous model: the new one is parsed around the edit only.
      const previous = previousModelOf(options.session, options.filePath);
      if (previous) modelOptions.previous = previous;
    }
    model = buildModel(options.text, modelOptions);
  } catch (error) {
    return fatalResult(options.filePath, `could not parse: ${oneLine(error)}`);
  }
  const buildContext = options.buildContext ?? contextFor(options);
  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];

  // An empty file, or one with only comments and global ARGs, fails `docker build` just like one without FROM.
  if (model.stages.length === 0) {
    const empty = model.instructions.length === 0 && options.text.trim() === '';
    return fatalResult(options.filePath, empty ? 'empty file: no FROM instruction found' : 'not a Dockerfile: no FROM instruction found', model);
  }
  const firstProblem = model.problems[0];
  if (firstProblem) findings.push(parseErrorFinding(options.filePath, firstProblem.message, firstProblem.range));

  const directives = readDirectives(model);
  const config = options.config;
  const build: BuildInfo | undefined = options.build ? { label: options.build.label, secretIds: new Set(options.build.secretIds) } : undefined;
  const contextPeers = peersOf(options, buildContext);
  const analysisInput: LintAnalysisInput = { model, buildContext };
  if (options.session) analysisInput.session = options.session;
  const analysis = new LintAnalysis(analysisInput);
  // What every rule's context shares is made once per lint, not once per rule.
  const shared: SharedRuleContext = { model, buildContext, analysis, contextPeers, isAllowlisted: allowlistOf(config) };
  if (build) shared.build = build;
  const only = options.onlyRules && options.onlyRules.length > 0 ? options.onlyRules : undefined;
  for (const rule of options.rules) {
    const id = rule.meta.id;
    if (only && !only.includes(id)) continue;
    const setting = config?.rules[id];
    if (setting?.severity === 'off') continue;
    const ruleFindings = runRule(rule, shared, setting?.options ?? NO_OPTIONS, ruleErrors);
    if (ruleFindings === undefined) continue;
    for (const report of ruleFindings) {
      if (directives.isSuppressed(rule.meta, report.range.start.line)) continue;
      const severity: Severity = setting?.severity === 'error' || setting?.severity === 'warning' ? setting.severity : report.severity ?? rule.meta.severity;
      findings.push(toFinding(rule, report, severity, model));
    }
  }

  assignFingerprints(findings, model);
  const acceptedFingerprints = config?.allowlist.fingerprints ?? [];
  const accepted = acceptedFingerprints.length > 0 ? new Set(acceptedFingerprints) : undefined;
  const kept = accepted ? findings.filter((finding) => !accepted.has(finding.fingerprint)) : findings;
  kept.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  const result: LintResult = { filePath: options.filePath, findings: kept, model, ruleErrors };
  if (target !== undefined && !model.stages.some((stage) => stage.name?.toLowerCase() === target.toLowerCase())) {
    result.unknownTarget = { target, stages: model.stages.flatMap((stage) => (stage.name ? [stage.name] : [])) };
  }
  return result;
}

/** The options of a rule the config does not set: one object for all of them, frozen as rules share it. */
const NO_OPTIONS: RuleOptions = Object.freeze({});

/** The stage to lint for (`--target`, else the config's), if any. */
function targetOf(options: LintOptions): string | undefined {
  return (options.target ?? options.config?.target) || undefined;
}

function contextFor(options: LintOptions): BuildContext {
  if (!options.absolutePath && !options.contextDir) return noBuildContext();
  try {
    const contextDir = options.contextDir ?? dirname(options.absolutePath!);
    const contextOptions: LoadBuildContextOptions = { contextDir };
    if (options.absolutePath) contextOptions.dockerfilePath = options.absolutePath;
    if (options.session) contextOptions.session = options.session;
    return loadBuildContext(contextOptions);
  } catch {
    return noBuildContext();
  }
}

/** Lazily: the caller's peers plus the Dockerfiles found in the context whose (configured) context it is. */
function peersOf(options: LintOptions, buildContext: BuildContext): () => readonly string[] {
  let peers: readonly string[] | undefined;
  return () => {
    if (peers) return peers;
    const self = options.absolutePath ? resolvedPath(options.absolutePath) : undefined;
    const found = new Set((options.contextPeers ?? []).map((peer) => resolvedPath(peer)));
    try {
      const config = options.config;
      for (const file of dockerfilesFoundInContext(buildContext, (dockerfile) => (config ? configuredContextFor(config, dockerfile) : undefined))) found.add(file);
    } catch {
      // an unreadable context contributes no peers
    }
    if (self) found.delete(self);
    peers = [...found].sort();
    return peers;
  };
}

/** The part of a rule's context that is the same for every rule of one lint. */
type SharedRuleContext = Pick<RuleContext, 'model' | 'buildContext' | 'analysis' | 'contextPeers' | 'isAllowlisted' | 'build'>;

const NOTHING_ALLOWLISTED: RuleContext['isAllowlisted'] = () => false;

/** The config's allowlist as one test: names case-insensitively, values by pattern. */
function allowlistOf(config: ResolvedConfig | undefined): RuleContext['isAllowlisted'] {
  const nameList = config?.allowlist.names ?? [];
  const valuePatterns = config?.allowlist.values ?? [];
  if (nameList.length === 0 && valuePatterns.length === 0) return NOTHING_ALLOWLISTED;
  const names = new Set(nameList.map((name) => name.toLowerCase()));
  return ({ name, value }) => (name !== undefined && names.has(name.toLowerCase())) || (value !== undefined && valuePatterns.some((pattern) => pattern.test(value)));
}

/** The rule's reports; undefined when it made none. */
function runRule(rule: Rule, shared: SharedRuleContext, options: RuleOptions, ruleErrors: RuleError[]): readonly Report[] | undefined {
  const context = new RuleRun(rule, shared, options);
  try {
    rule.check(context);
  } catch (error) {
    // A rule bug must not take the other rules (or the other files) down with it.
    ruleErrors.push({ ruleId: rule.meta.id, message: oneLine(error) });
  }
  return context.reports;
}

/**
 * One rule's context in one lint. A class rather than a literal of closures: its methods are on the prototype, so
 * running a rule makes one object (and a reports array only once the rule reports; most report nothing), not three
 * closures and the scope they share, for every rule of every file.
 */
class RuleRun implements RuleContext {
  readonly build?: BuildInfo;
  reports: Report[] | undefined;
  /** The rule's related BuildKit checks, on the first question. */
  private buildkitChecks: string[] | undefined;

  constructor(
    private readonly rule: Rule,
    private readonly shared: SharedRuleContext,
    readonly options: RuleOptions,
  ) {
    if (shared.build) this.build = shared.build;
  }

  // What every rule of the lint shares is read from `shared`, not copied into each rule's context.
  get model(): DockerfileModel {
    return this.shared.model;
  }

  get buildContext(): BuildContext {
    return this.shared.buildContext;
  }

  get analysis(): LintAnalysis {
    return this.shared.analysis;
  }

  get contextPeers(): () => readonly string[] {
    return this.shared.contextPeers;
  }

  get isAllowlisted(): RuleContext['isAllowlisted'] {
    return this.shared.isAllowlisted;
  }

  reportsIn(instruction: Instruction): boolean {
    return this.options.stages === 'all' || instruction.stage?.ships === true;
  }

  skippedByCheckComment(instruction: Instruction): boolean {
    // Most files have no `# check=` comment: then neither the rule's checks nor a comment index are needed.
    const commentLines = this.shared.analysis.checkCommentLines();
    return commentLines !== undefined && skippedByCheckComment(this.shared.model, instruction, (this.buildkitChecks ??= buildkitChecksOf(this.rule.meta)), commentLines);
  }

  report(report: Report): void {
    (this.reports ??= []).push(report);
  }
}

function toFinding(rule: Rule, report: Report, severity: Severity, model: DockerfileModel): Finding & { anchor: string } {
  const template = rule.meta.messages[report.messageId] ?? report.messageId;
  const message = safeText(fillTemplate(template, report.data));
  const instruction = report.instruction ?? instructionAt(model, report.range);
  const finding: Finding & { anchor: string } = {
    ruleId: rule.meta.id,
    messageId: report.messageId,
    message,
    severity,
    file: model.path,
    line: report.range.start.line,
    column: report.range.start.column,
    endLine: report.range.end.line,
    endColumn: report.range.end.column,
    help: safeText(report.help ?? rule.meta.help),
    url: ruleDocsUrl(rule.meta.id),
    fingerprint: '',
    anchor: instruction ? `${instruction.text}\u0000${relativeSpan(model, instruction, report.range)}` : model.text.slice(model.offsetAt(report.range.start), model.offsetAt(report.range.end)),
  };
  if (report.related && report.related.length > 0) finding.related = report.related.map((entry) => ({ ...entry, message: safeText(entry.message) }));
  if (report.fix) finding.fix = report.fix;
  if (report.suggestions && report.suggestions.length > 0) finding.suggestions = report.suggestions;
  return finding;
}

function relativeSpan(model: DockerfileModel, instruction: Instruction, range: Range): string {
  return `${model.offsetAt(range.start) - instruction.offset}:${model.offsetAt(range.end) - instruction.offset}`;
}

function instructionAt(model: DockerfileModel, range: Range): Instruction | undefined {
  return model.allInstructions().find((instruction) => rangeContains(instruction.range, range));
}

function assignFingerprints(findings: Finding[], model: DockerfileModel): void {
  if (findings.length === 0) return; // most files: no occurrence map
  const seen = new Map<string, number>();
  for (const finding of findings as (Finding & { anchor?: string })[]) {
    const anchor = finding.anchor ?? '';
    const key = `${finding.ruleId}\u0000${finding.messageId}\u0000${anchor}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    finding.fingerprint = fingerprintOf({ ruleId: finding.ruleId, messageId: finding.messageId, file: model.path, anchorText: anchor, occurrence });
    delete finding.anchor;
  }
}

export function fillTemplate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}

/** Safety net behind the rules' own redaction: mask anything that still looks like a secret. */
export function safeText(text: string): string {
  const matches = scanForSecrets(text);
  return matches.length === 0 ? text : redactText(text, matches.map((match) => match.value));
}

function parseErrorFinding(file: string, message: string, range: Range): Finding {
  return {
    ruleId: PARSE_ERROR_RULE_ID,
    messageId: 'parse-error',
    message: safeText(message),
    severity: 'error',
    file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    help: 'Fix the Dockerfile syntax; `docker build --check` reports the same problem.',
    url: ruleDocsUrl(PARSE_ERROR_RULE_ID),
    fingerprint: fingerprintOf({ ruleId: PARSE_ERROR_RULE_ID, messageId: 'parse-error', file, anchorText: message, occurrence: 0 }),
  };
}

function fatalResult(file: string, message: string, model?: DockerfileModel): LintResult {
  const range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const result: LintResult = { filePath: file, findings: [parseErrorFinding(file, message, range)], fatal: message, ruleErrors: [] };
  if (model) result.model = model;
  return result;
}

export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return safeText(text.split(/\r?\n/)[0] ?? text);
}
