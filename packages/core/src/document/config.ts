/**
 * The config a document is linted with: the nearest config files (or the defaults) with the caller's overrides on
 * top — CLI flags, editor settings, ESLint rule options and language options. Adapters say what the user set;
 * the layering is done here, once.
 */
import path from 'node:path';
import { contextFor, defaultConfig, loadConfig, type LoadConfigOptions } from '../config/load.js';
import { ConfigError, type ResolvedConfig } from '../config/types.js';
import type { LintSession } from '../engine/session.js';
import type { RuleOptions, SeveritySetting } from '../engine/types.js';
import { errorLine } from './redaction.js';

export interface ConfigOverrides {
  /**
   * Per rule id: a severity (the config's options are kept), options (the config's severity is kept), or both.
   * Without a severity from either side the rule grades its own reports.
   */
  rules?: Record<string, { severity?: SeveritySetting; options?: RuleOptions }>;
  /** Added to the config's allowlist: names (case-insensitive) and value regexes as source strings. */
  allowlist?: { names?: readonly string[]; values?: readonly string[] };
  /** The stage being built, instead of the config's `target`. */
  target?: string;
}

/** `base` (or the defaults) with `overrides` on top. `base` is not changed. */
export function layerConfig(base: ResolvedConfig | undefined, overrides: ConfigOverrides | undefined): ResolvedConfig {
  const config = base ?? defaultConfig();
  if (!overrides) return config;
  const layered: ResolvedConfig = { ...config, rules: { ...config.rules }, allowlist: { ...config.allowlist } };
  for (const [id, override] of Object.entries(overrides.rules ?? {})) {
    const own = config.rules[id];
    const severity = override.severity ?? own?.severity;
    layered.rules[id] = { ...(severity !== undefined ? { severity } : {}), options: override.options ?? own?.options ?? {} };
  }
  const names = overrides.allowlist?.names ?? [];
  if (names.length > 0) layered.allowlist.names = [...new Set([...config.allowlist.names, ...names])];
  const values = overrides.allowlist?.values ?? [];
  if (values.length > 0) layered.allowlist.values = [...config.allowlist.values, ...values.map((source) => new RegExp(source))];
  if (overrides.target !== undefined && overrides.target !== '') layered.target = overrides.target;
  return layered;
}

/**
 * The build context directory of a Dockerfile: the caller's choice (CLI `--context`, editor setting, ESLint
 * `languageOptions.context`), else the config's `context` mapping; undefined means the Dockerfile's own directory
 * (or none, for a document that is not on disk).
 */
export function documentContextDir(config: ResolvedConfig | undefined, dockerfilePath: string | undefined, chosen?: string): string | undefined {
  if (chosen !== undefined && chosen !== '') return path.resolve(chosen);
  if (config && dockerfilePath) return contextFor(config, dockerfilePath);
  return undefined;
}

export interface DocumentConfigOptions extends LoadConfigOptions {
  /** Where loaded config files are kept between lints (see `LintSession`). */
  session?: LintSession;
}

/**
 * The config that applies to a Dockerfile (looked up from its directory; `path` may be a file that does not exist,
 * e.g. an untitled buffer in a workspace folder). Never throws: a broken config gives the defaults and `error`.
 */
export async function loadDocumentConfig(dockerfilePath: string, options: DocumentConfigOptions = {}): Promise<{ config: ResolvedConfig; error?: string }> {
  try {
    return { config: await loadConfig(dockerfilePath, options) };
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : errorLine(error);
    return { config: defaultConfig(), error: message };
  }
}
