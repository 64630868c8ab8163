/**
 * The document API every adapter calls: a Dockerfile by path and/or text, what the user set (config, overrides,
 * context, target), and one result back — the findings, typed rule errors, or why the document was not linted.
 * File handling (limits, binary sniff, BOM), config layering, `ignores`, build-context choice and the default
 * config live here; `lintText` is the engine underneath.
 */
import { isIgnoredByConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import type { BuildContext } from '../context/types.js';
import type { BuildLintOptions } from '../build-definitions/resolve.js';
import { lintEachBuild } from '../build-definitions/lint.js';
import { lintText } from '../engine/lint.js';
import type { LintOptions, LintResult } from '../engine/lint-api.js';
import type { LintSession } from '../engine/session.js';
import type { Rule } from '../engine/types.js';
import { documentContextDir, layerConfig, loadDocumentConfig, type ConfigOverrides, type DocumentConfigOptions } from './config.js';
import { readDockerfile, stripBom, textNotLinted, type NotLinted } from './read.js';

export interface DocumentInput {
  /** Absolute path of the Dockerfile on disk. Read from there unless `text` is given; config `ignores`, context mappings and the default build context follow it. */
  path?: string;
  /** The document's text (editor buffer, stdin); the same limits apply as to a file. A leading BOM is dropped. */
  text?: string;
  /** The path as findings show it. Default: `path`, else `<text>`. */
  displayPath?: string;
  rules: readonly Rule[];
  /** The config that applies (see `loadDocumentConfig`); default: the defaults. */
  config?: ResolvedConfig;
  /** What the user set on top of the config (CLI flags, editor settings, ESLint options). */
  configOverrides?: ConfigOverrides;
  /** Build context chosen by the user; default: the config's `context` mapping, else the Dockerfile's directory. */
  contextDir?: string;
  /** An already loaded build context (tests, in-memory contexts); wins over `contextDir`. */
  buildContext?: BuildContext;
  /** Stage being built; default: the config's `target`, then the last stage. */
  target?: string;
  /** How one build definition builds this Dockerfile (label and the secret ids it supplies). */
  build?: LintOptions['build'];
  /** Every build of this Dockerfile by the build definitions: linted once per build, findings merged. */
  builds?: readonly BuildLintOptions[];
  onlyRules?: string[];
  contextPeers?: readonly string[];
  session?: LintSession;
  /** Skip a document the config's `ignores` exclude (default true; needs `path`). */
  honourIgnores?: boolean;
}

export interface DocumentResult extends LintResult {
  /** Set when the document was not linted at all (no findings then): binary, too large, unreadable, a directory, ignored. */
  notLinted?: NotLinted;
  /** The text that was linted (BOM removed); absent when nothing was read. */
  text?: string;
  /** The config it was linted with (overrides applied). */
  config: ResolvedConfig;
}

/** Set when the config's `ignores` exclude the Dockerfile at `absPath`: says which config (the nearest). */
export function ignoredByConfig(config: ResolvedConfig, absPath: string): NotLinted | undefined {
  if (!isIgnoredByConfig(config, absPath)) return undefined;
  return { reason: 'ignored', message: `ignored by config ${config.files[config.files.length - 1] ?? ''}`.trimEnd() };
}

function notLintedResult(filePath: string, config: ResolvedConfig, notLinted: NotLinted): DocumentResult {
  return { filePath, findings: [], ruleErrors: [], config, notLinted };
}

/** Lints one document. Never throws for bad input: what cannot be linted comes back as `notLinted`. */
export function lintDocument(input: DocumentInput): DocumentResult {
  const filePath = input.displayPath ?? input.path ?? '<text>';
  const config = layerConfig(input.config, input.configOverrides);
  const ignored = input.path !== undefined && input.honourIgnores !== false ? ignoredByConfig(config, input.path) : undefined;
  if (ignored) return notLintedResult(filePath, config, ignored);
  let text: string;
  if (input.text !== undefined) {
    const refused = textNotLinted(input.text);
    if (refused) return notLintedResult(filePath, config, refused);
    text = stripBom(input.text);
  } else if (input.path !== undefined) {
    const read = readDockerfile(input.path);
    if ('notLinted' in read) return notLintedResult(filePath, config, read.notLinted);
    text = read.text;
  } else {
    text = '';
  }
  const contextDir = documentContextDir(config, input.path, input.contextDir);
  // Optional fields set one by one: this runs once per file, and conditional spreads allocate and copy per field.
  const options: LintOptions = { filePath, text, rules: input.rules, config };
  if (input.path !== undefined) options.absolutePath = input.path;
  if (input.buildContext) options.buildContext = input.buildContext;
  if (contextDir !== undefined) options.contextDir = contextDir;
  if (input.contextPeers && input.contextPeers.length > 0) options.contextPeers = input.contextPeers;
  if (input.target) options.target = input.target;
  if (input.build) options.build = input.build;
  if (input.onlyRules && input.onlyRules.length > 0) options.onlyRules = input.onlyRules;
  if (input.session) options.session = input.session;
  const result: DocumentResult = Object.assign(input.builds && input.builds.length > 0 ? lintEachBuild(options, input.builds) : lintText(options), { text, config });
  return result;
}

/** `lintDocument` after looking up the config of `input.path` (unless `input.config` is given); a broken config lints with the defaults and says why in `configError`. */
export async function lintDocumentWithConfig(input: DocumentInput, lookup: DocumentConfigOptions = {}): Promise<DocumentResult & { configError?: string }> {
  if (input.config !== undefined || input.path === undefined) return lintDocument(input);
  const { config, error } = await loadDocumentConfig(input.path, { ...lookup, ...(input.session ? { session: input.session } : {}) });
  const result = lintDocument({ ...input, config });
  return error !== undefined ? { ...result, configError: error } : result;
}
