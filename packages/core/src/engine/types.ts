/** Findings, rules and the engine contract (docs/architecture.md, "Contracts"). */
import type { LintAnalysis } from '../analysis/lint-analysis.js';
import type { BuildDefinition, DefinitionFile } from '../build-definitions/types.js';
import type { BuildContext } from '../context/types.js';
import type { ImageLocation, LayerVisibility } from '../image/types.js';
import type { DockerfileModel, Instruction, Range } from '../model/types.js';

export type Severity = 'error' | 'warning';
export type SeveritySetting = Severity | 'off';

/** A text edit on a file: replace [range) with `text`. `file` absent = the Dockerfile itself. */
export interface TextEdit {
  /** Absolute path of another file (e.g. a .dockerignore). For a file that does not exist yet, `range` is 1:1-1:1. */
  file?: string;
  range: Range;
  text: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: RelatedLocation[];
  help: string;
  url: string;
  /** Stable hash of rule, file, message and the instruction's normalised text (not its line). */
  fingerprint: string;
  /** Safe automatic fix (`--fix`). */
  fix?: Fix;
  /** Rewrites that need a human's judgement (editor quick fixes). */
  suggestions?: Fix[];
  /** For a finding from a built image (`--image`): where in the image it is. */
  image?: FindingImageLocation;
  /** With `--verify`: what the built image says about this finding. */
  verification?: Verification;
}

/** Where an image finding is: layer + path, config field, or history entry, and whether a later layer hid it. */
export type FindingImageLocation = ImageLocation & { visibility?: LayerVisibility };

export type VerificationStatus = 'confirmed' | 'not-observed' | 'not-checkable' | 'missed-by-static';

export interface Verification {
  status: VerificationStatus;
  /** One line, redacted: the evidence (`layer 3 /app/.env`) or why it cannot be checked. */
  note: string;
}

/** What a rule reports; the engine fills in file, url, fingerprint, severity overrides and redaction. */
export interface Report<MessageId extends string = string> {
  /** A key of the rule's `meta.messages` (checked by the compiler for rules written with `defineRule`). */
  messageId: MessageId;
  /** Values substituted into the message template `{{name}}`. Secret values must go through `redact()` first. */
  data?: Record<string, string | number>;
  range: Range;
  /** Defaults to the rule's default severity. */
  severity?: Severity;
  related?: RelatedLocation[];
  /** Overrides the rule's help text. */
  help?: string;
  fix?: Fix;
  suggestions?: Fix[];
  /** The instruction reported on (used for fingerprints and directives); found from `range` if absent. */
  instruction?: Instruction;
}

/** Tools whose checks overlap a rule's (`RuleMeta.related`). */
export type RelatedTool =
  | 'buildkit'
  | 'trivy'
  | 'hadolint'
  | 'checkov'
  | 'kics'
  | 'dockle'
  | 'gitleaks'
  | 'secretlint'
  | 'trufflehog'
  | 'ggshield';

/**
 * A check of another tool that covers part of what a rule does. A `buildkit` entry is also the BuildKit check
 * name that `# check=skip=<id>` turns off: the rule is skipped with it.
 */
export interface RelatedCheck {
  tool: RelatedTool;
  /** The check's id in that tool; absent when the tool as a whole is the related check (a secret scanner). */
  id?: string;
  /** How it relates, for the docs: what it covers that this rule does not, or the other way round. */
  note?: string;
}

/** One rule option: its type, for config validation and the ESLint schema, and its description for the docs. */
export interface RuleOptionMeta {
  type: 'boolean' | 'string' | 'string[]' | 'number';
  description: string;
  /** The only values a `string` option accepts. */
  values?: readonly string[];
  default?: unknown;
}

export interface RuleMeta<MessageId extends string = string> {
  id: string;
  description: string;
  /** Default severity (a report can pick another, e.g. error for literals, warning otherwise). */
  severity: Severity;
  /** Message templates by messageId, `{{name}}` placeholders. */
  messages: Record<MessageId, string>;
  /** Default help text (what to do). */
  help: string;
  /** `'code'`: some findings carry a safe automatic fix (`dockerlint --fix`, the editor's quick fix). */
  fixable?: 'code';
  /**
   * Which file the fix edits when it is not the Dockerfile. ESLint can only edit the file it lints, so the
   * ESLint rule of a rule whose fix writes the `.dockerignore` is not fixable.
   */
  fixEdits?: '.dockerignore';
  /** Some findings carry suggestions: rewrites that need a human's judgement (editor quick fixes). */
  hasSuggestions?: boolean;
  /** Whether the rule needs the build context on disk to say anything definite. */
  usesContext?: boolean;
  /** Options by name, for docs, config validation and the ESLint schema. */
  options?: Record<string, RuleOptionMeta>;
  /** Security tags (SARIF `properties.tags`) and a CVSS-like score for GitHub. */
  tags?: string[];
  securitySeverity?: number;
  /** Checks of other tools that overlap this rule (docs; BuildKit entries also drive `# check=skip=`). */
  related?: readonly RelatedCheck[];
  /** Is the rule in the recommended set? All are, by default. */
  recommended?: boolean;
}

export interface RuleOptions {
  /** `stages: "all"` also reports in stages that do not ship. */
  stages?: 'shipping' | 'all';
  [key: string]: unknown;
}

/** How the linted Dockerfile is built, when build definitions (compose, bake, workflows) say so. */
export interface BuildInfo {
  /** Which definitions build it this way: `compose.yaml service api`. */
  label: string;
  /** Secret ids supplied by any build of this Dockerfile (`secrets:`, bake `secret`, `--secret`). */
  secretIds: ReadonlySet<string>;
}

export interface RuleContext<MessageId extends string = string> {
  model: DockerfileModel;
  buildContext: BuildContext;
  /**
   * This lint's analyses (secret scopes, layer events, live secret files), shared by every rule: each is
   * computed on a rule's first request and memoised for the rest of the lint.
   */
  analysis: LintAnalysis;
  /** Set when build definitions build this Dockerfile. */
  build?: BuildInfo;
  options: RuleOptions;
  /** Whether an instruction's stage is reported on with the current `stages` option. */
  reportsIn(instruction: Instruction): boolean;
  /**
   * BuildKit's `# check=skip=<names>` comment directly above `instruction` names one of the BuildKit checks in this
   * rule's `related` metadata (or `all`): the rule stays quiet there, as BuildKit does.
   */
  skippedByCheckComment(instruction: Instruction): boolean;
  /**
   * Other Dockerfiles built from the same context (absolute paths): the caller's `contextPeers` plus those found
   * in the context directory. Computed on first call (only fixes that edit a shared ignore file need it).
   */
  contextPeers(): readonly string[];
  /** Config allowlist: names (exact, case-insensitive) and value regexes the user accepted. */
  isAllowlisted(candidate: { name?: string; value?: string }): boolean;
  /** A property, not a method: a context of one rule's message ids is not a context of any other's. */
  report: (report: Report<MessageId>) => void;
}

/** What a rule reports in a build definition file (compose, bake, workflow). */
export interface DefinitionReport<MessageId extends string = string> extends Omit<Report<MessageId>, 'instruction' | 'fix'> {
  /** Absolute path of the definition file. */
  file: string;
}

export interface BuildDefinitionRuleContext<MessageId extends string = string> {
  /** Every definition read in this run. */
  definitions: readonly BuildDefinition[];
  /** The definition files and their text. */
  files: readonly DefinitionFile[];
  /** Options of the rule (from the nearest config of the file reported in). */
  optionsFor(file: string): RuleOptions;
  isAllowlisted(file: string, candidate: { name?: string; value?: string }): boolean;
  report: (report: DefinitionReport<MessageId>) => void;
}

/** A rule; write one with `defineRule<MessageId>()` so its message ids are checked. */
export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  check(context: RuleContext<MessageId>): void;
  /** Findings whose cause is in a build definition file (a build arg passed with a secret, a literal secret). */
  checkBuildDefinitions?(context: BuildDefinitionRuleContext<MessageId>): void;
}
