/** Public entry points of the engine used by every adapter (CLI, ESLint, language server). */
import type { BuildContext } from '../context/types.js';
import type { ResolvedConfig } from '../config/types.js';
import type { DockerfileModel } from '../model/types.js';
import type { LintSession } from './session.js';
import type { Finding, Rule } from './types.js';

export interface LintOptions {
  /** Path as it appears in findings (relative to cwd for the CLI, absolute/URI-derived for editors). */
  filePath: string;
  text: string;
  rules: readonly Rule[];
  config?: ResolvedConfig;
  /** Build context to use; when absent and `absolutePath` is set, it is loaded from disk (context = `contextDir` or the Dockerfile's directory). */
  buildContext?: BuildContext;
  /** Absolute path of the Dockerfile on disk, if it has one (stdin/editor buffers may not). */
  absolutePath?: string;
  contextDir?: string;
  /**
   * Other Dockerfiles known to be built from the same context (absolute paths: discovery, config `context`
   * mappings, compose/bake build definitions). The engine adds the ones it finds in the context itself. Fixes
   * that edit a shared `.dockerignore` keep every file these Dockerfiles name explicitly.
   */
  contextPeers?: readonly string[];
  /** Stage to build (`--target`); defaults to the config's target, then the last stage. */
  target?: string;
  /** How build definitions build this Dockerfile (label and the secret ids any build supplies). */
  build?: { label: string; secretIds: readonly string[] };
  /** Only these rule ids (CLI `--rule`). */
  onlyRules?: string[];
  /** Cross-lint reuse owned by the caller (see `LintSession`); without one nothing is reused between lints. */
  session?: LintSession;
}

export interface LintResult {
  filePath: string;
  findings: Finding[];
  /** Set when the file could not be analysed at all; a `parse-error` finding is also in `findings`. */
  fatal?: string;
  /**
   * Set when the target (`--target` or the config's) names no stage of this file. Docker fails such a build; the
   * findings are for the last stage. `stages` lists the stage names the file has.
   */
  unknownTarget?: { target: string; stages: string[] };
  model?: DockerfileModel;
  /** Rules that threw (a bug in the rule): the other rules still ran. Empty when every rule completed. */
  ruleErrors: RuleError[];
}

/** A rule that failed on a file. `message` is the error's first line, redacted. */
export interface RuleError {
  ruleId: string;
  message: string;
}

/** The one line every adapter shows for a failed rule. */
export function describeRuleError(error: RuleError, filePath: string): string {
  return `rule ${error.ruleId} failed on ${filePath}: ${error.message}`;
}
