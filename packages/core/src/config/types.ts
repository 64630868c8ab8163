/** Configuration as users write it (`.dockerlintrc.json|yaml`, `dockerlint.config.js`) and as the engine uses it. */
import { redactText } from '../secrets/redact.js';
import { scanForSecrets } from '../secrets/scan.js';
import type { RuleOptions, SeveritySetting } from '../engine/types.js';

/** `"error"`, `"warning"`, `"off"`, or `["error", { …options }]`. */
export type RuleSetting = SeveritySetting | [SeveritySetting] | [SeveritySetting, RuleOptions];

export interface UserConfig {
  /** Stop looking for config files in parent directories. */
  root?: boolean;
  rules?: Record<string, RuleSetting>;
  /** Globs (minimatch, relative to the config file's directory) of Dockerfiles not to lint. */
  ignores?: string[];
  allowlist?: {
    /** Variable names never reported by name (exact, case-insensitive). */
    names?: string[];
    /** Regexes (source strings); a secret value matching one is not reported. */
    values?: string[];
    /** Finding fingerprints accepted as known (baseline). */
    fingerprints?: string[];
  };
  /** Build-context mapping: Dockerfile glob (relative to the config file) → context dir (relative to the config file). */
  context?: Record<string, string>;
  /** Which stage is built (like `--target`). */
  target?: string;
}

/** A config after loading and validation, with paths resolved. */
export interface ResolvedConfig {
  /** Config files that contributed, nearest last. */
  files: string[];
  /** Per rule id; without a severity (only options were set) the rule grades its own reports. */
  rules: Record<string, { severity?: SeveritySetting; options: RuleOptions }>;
  ignores: { baseDir: string; pattern: string }[];
  allowlist: { names: string[]; values: RegExp[]; fingerprints: string[] };
  context: { baseDir: string; pattern: string; dir: string }[];
  target?: string;
  /** `dockerlint.config.js` files that would apply but were not loaded because JS config was not allowed. */
  skippedJsConfigs?: string[];
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    detail: string,
  ) {
    // Config values can be secrets (a token pasted in the wrong key): never echo one into a CI log.
    const message = `${file}: ${key}: ${detail}`;
    const found = scanForSecrets(message);
    super(found.length === 0 ? message : redactText(message, found.map((match) => match.value)));
    this.name = 'ConfigError';
  }
}
