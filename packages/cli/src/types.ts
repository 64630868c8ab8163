/** Shapes shared by the CLI's runner and its formatters. */
import type { Finding, Rule, RuleMeta } from '@dockerlint/core';

/** The outcome of linting one file, as handed to formatters. */
export interface FileResult {
  /** Path as shown to the user: relative to the cwd (or `<stdin>` / the `--stdin-filename`). */
  filePath: string;
  /** Absolute path on disk, when the file has one. */
  absolutePath?: string;
  findings: Finding[];
  /** Set when the file could not be analysed at all (a `parse-error` finding is in `findings`). */
  fatal?: string;
  /**
   * Set when the file was asked for but could not be linted (binary, larger than 2 MB, unreadable): the one
   * non-rule message every format reports for it. It counts as an error (docs/ci.md#exit-codes).
   */
  notLinted?: string;
  /** The Dockerfile text (for code frames). Never printed unmasked. */
  source?: string;
}

export interface FormatterContext {
  /** Working directory: display paths are relative to it. */
  cwd: string;
  /** Repository root (or cwd): SARIF / GitLab / GitHub paths are relative to it. */
  rootDir: string;
  /** Rules that were run (SARIF `tool.driver.rules`). */
  rules: readonly (Rule | RuleMeta)[];
  /** dockerlint version. */
  version: string;
  /** Colour output (stylish only). */
  color?: boolean;
  /**
   * Masks secrets in source text (same length, `*` for each masked character). When absent, stylish prints
   * no code frames at all: a raw source line may contain the secret.
   */
  maskSecrets?: (text: string) => string;
  /** Docs URL for a rule without findings (SARIF `helpUri`). */
  docsUrl?: (ruleId: string) => string;
  /** Run-level configuration notices (e.g. a JS config that was not loaded): SARIF `toolConfigurationNotifications`. */
  configNotices?: readonly { id: string; message: string }[];
}

export type Formatter = (results: readonly FileResult[], ctx: FormatterContext) => string;
