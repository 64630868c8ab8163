/**
 * Config discovery and loading. JSON and YAML files are parsed as data and never execute anything;
 * `dockerlint.config.js` is imported (it runs code) only when it is present and JS config is allowed
 * (`allowJsConfig`: off where the repository is not trusted — the Action, VS Code's Restricted Mode, `--no-js-config`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { minimatch } from 'minimatch';
import { YamlNotLoadedError, loadYaml, loadedYaml } from '../yaml-module.js';
import { LintSession } from '../engine/session.js';
import { clearDirectoryListings, folderProbe, type FolderProbe } from '../context/listing.js';
import type { RuleOptions } from '../engine/types.js';
import { ConfigError, type ResolvedConfig, type UserConfig } from './types.js';
import { validateConfig, validateRuleIds } from './validate.js';
import { resolvedPath } from '../context/resolved-path.js';

/** Config file names, in priority order when several are in one directory (the first one wins). */
export const CONFIG_FILE_NAMES = ['.dockerlintrc.json', '.dockerlintrc.yaml', '.dockerlintrc.yml', 'dockerlint.config.js'] as const;

export interface LoadConfigOptions {
  /** Use exactly this config file (no lookup). */
  explicitConfig?: string;
  /** Do not look for config files; use the defaults (or only `explicitConfig`). */
  noConfigLookup?: boolean;
  /**
   * When given, rule ids in every config file are checked against it. Pass the same list, unchanged, for every
   * file of a session: its part of the session key is made once per list.
   */
  ruleIds?: Iterable<string>;
  /**
   * Load `dockerlint.config.js` files (default true). When false, a JS config that would apply is not imported:
   * it is listed in `ResolvedConfig.skippedJsConfigs` and the remaining (JSON/YAML) configs are used.
   */
  allowJsConfig?: boolean;
  /**
   * Where parsed config files, config chains and resolved configs are kept between calls (one per CLI run, per
   * language-server process). Without one, nothing is reused: each call reads the files again.
   */
  session?: LintSession;
}

/** Environment variable that disallows JS config (any value but "", "0" or "false"). */
export const NO_JS_CONFIG_ENV = 'DOCKERLINT_NO_JS_CONFIG';

/** Is JS config disallowed by the environment? */
export function jsConfigDisallowedByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[NO_JS_CONFIG_ENV]?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** True for the config file names that are JavaScript (imported, so they run code). */
export function isJsConfigFile(file: string): boolean {
  return /\.(c|m)?js$/.test(file);
}

/** The one line every surface shows when JS config files were not loaded. */
export function skippedJsConfigMessage(files: readonly string[], why: string): string {
  const list = files.join(', ');
  return `not loading ${files.length === 1 ? 'JS config' : 'JS configs'} ${list} (${why}); linting with the remaining configuration`;
}

/** Session kinds: parsed files (keyed by path, mtime and size, so an edit is a miss), chains per directory, resolved configs. */
const CONFIG_FILE_KIND = 'config-file';
const CONFIG_CHAIN_KIND = 'config-chain';
const RESOLVED_CONFIG_KIND = 'config-resolved';

/** Forget the configs a session keeps (editors after a config file changed on disk). */
export function clearConfigCache(session: LintSession): void {
  session.clear(CONFIG_FILE_KIND);
  session.clear(CONFIG_CHAIN_KIND);
  session.clear(RESOLVED_CONFIG_KIND);
  // Config files are found in the folders' listings: a created or deleted one must be seen.
  clearDirectoryListings(session);
}

/** The config file of a folder, if any: looked up in the folder's listing kept in the session, not `stat`ed per name. */
function configFileIn(dir: string, inDir: FolderProbe): string | undefined {
  for (const name of CONFIG_FILE_NAMES) if (inDir(name) === 'file') return path.join(dir, name);
  return undefined;
}

function isRootConfigSync(file: string, session: LintSession): boolean {
  if (file.endsWith('.js')) return false; // decided after import in loadConfig
  try {
    return readDataConfig(file, session).root === true;
  } catch (error) {
    if (error instanceof YamlNotLoadedError) throw error; // loadConfig loads yaml and walks again
    return false; // the error is reported when the file is loaded
  }
}

/**
 * Config files that apply to files in `startDir`, from the outermost to the nearest (nearest last).
 * Walks up to the filesystem root; stops at a config with `root: true` (JSON/YAML; a JS config's `root`
 * is honoured by `loadConfig`) and at a directory containing `.git` (that directory is still searched).
 * Reading a YAML config's `root` needs `await loadYaml()` first (`loadConfig` does it); without, YamlNotLoadedError.
 */
export function findConfigFiles(startDir: string, session: LintSession = new LintSession()): string[] {
  return [...configChain(resolvedPath(startDir), session)];
}

/** `findConfigFiles`, importing `yaml` first when the walk meets a YAML config (whose `root` it must read). */
async function configFilesLoadingYaml(dir: string, session: LintSession): Promise<string[]> {
  try {
    return findConfigFiles(dir, session);
  } catch (error) {
    if (!(error instanceof YamlNotLoadedError)) throw error;
    await loadYaml();
    return findConfigFiles(dir, session);
  }
}

/** `findConfigFiles` for an absolute directory, memoised per directory (sibling directories share their parents' walk). */
function configChain(dir: string, session: LintSession): string[] {
  return session.memo(CONFIG_CHAIN_KIND, dir, () => {
    const inDir = folderProbe(dir, session);
    const file = configFileIn(dir, inDir);
    const own = file ? [file] : [];
    if (file && isRootConfigSync(file, session)) return own;
    if (inDir('.git') !== undefined) return own;
    const parent = path.dirname(dir);
    return parent === dir ? own : [...configChain(parent, session), ...own];
  });
}

function parseText(file: string, text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (file.endsWith('.json')) {
    try {
      return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
    } catch (error) {
      throw new ConfigError(file, '(syntax)', `invalid JSON: ${oneLine((error as Error).message)}`);
    }
  }
  const doc = loadedYaml().parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    throw new ConfigError(file, '(syntax)', `invalid YAML${line ? ` at line ${line}` : ''}: ${oneLine(first.message)}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    // e.g. an alias bomb ("Excessive alias count"): still a config error naming the file.
    throw new ConfigError(file, '(syntax)', `invalid YAML: ${oneLine((error as Error).message)}`);
  }
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function cannotRead(file: string, error: unknown): ConfigError {
  return new ConfigError(file, '(file)', `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}

/** The session key of a config file's current content: an edit changes mtime or size, so it is a miss. */
function fileKey(file: string): { key: string; mtimeMs: number } {
  try {
    const stat = statSync(file);
    return { key: `${file}\u0000${stat.mtimeMs}\u0000${stat.size}`, mtimeMs: stat.mtimeMs };
  } catch (error) {
    throw cannotRead(file, error);
  }
}

function readDataConfig(file: string, session: LintSession): UserConfig {
  // In a file-system snapshot (a CLI run) the file does not change: its path is its key, no stat needed.
  return session.memo(CONFIG_FILE_KIND, session.fileSystemSnapshot ? file : fileKey(file).key, () => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw cannotRead(file, error);
    }
    return validateConfig(parseText(file, text), file);
  });
}

/** Reads and validates one config file (JSON, YAML or JS). */
export async function readConfigFile(file: string, session: LintSession = new LintSession()): Promise<UserConfig> {
  if (!isJsConfigFile(file)) {
    if (!file.endsWith('.json')) await loadYaml();
    return readDataConfig(file, session);
  }
  const { key, mtimeMs } = fileKey(file);
  return session.memo(CONFIG_FILE_KIND, key, () => importJsConfig(file, mtimeMs));
}

async function importJsConfig(file: string, mtimeMs: number): Promise<UserConfig> {
  let mod: { default?: unknown };
  try {
    mod = (await import(`${pathToFileURL(file).href}?mtime=${mtimeMs}`)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(file, '(load)', `cannot load: ${oneLine(error instanceof Error ? error.message : String(error))}`);
  }
  if (!('default' in mod)) throw new ConfigError(file, '(export)', 'expected a default export (export default { … })');
  return validateConfig(mod.default, file);
}

/** The config of a Dockerfile with no config file: every rule at its own severity, nothing allowlisted. */
export function defaultConfig(): ResolvedConfig {
  return { files: [], rules: {}, ignores: [], allowlist: { names: [], values: [], fingerprints: [] }, context: [] };
}

/** Merges configs from the outermost to the nearest; the nearest wins per key. */
export function mergeConfigs(entries: { file: string; config: UserConfig }[]): ResolvedConfig {
  const out = defaultConfig();
  for (const { file, config } of entries) {
    const baseDir = path.dirname(file);
    out.files.push(file);
    for (const [id, setting] of Object.entries(config.rules ?? {})) {
      const previous = out.rules[id];
      if (typeof setting === 'string') {
        out.rules[id] = { severity: setting, options: previous?.options ?? {} };
      } else {
        const options: RuleOptions | undefined = setting[1];
        out.rules[id] = { severity: setting[0], options: options ? { ...options } : (previous?.options ?? {}) };
      }
    }
    for (const pattern of config.ignores ?? []) out.ignores.push({ baseDir, pattern });
    const allow = config.allowlist;
    if (allow) {
      for (const n of allow.names ?? []) if (!out.allowlist.names.includes(n)) out.allowlist.names.push(n);
      for (const v of allow.values ?? []) out.allowlist.values.push(new RegExp(v));
      for (const f of allow.fingerprints ?? []) if (!out.allowlist.fingerprints.includes(f)) out.allowlist.fingerprints.push(f);
    }
    for (const [pattern, dir] of Object.entries(config.context ?? {})) {
      out.context.push({ baseDir, pattern, dir: path.resolve(baseDir, dir) });
    }
    if (config.target !== undefined) out.target = config.target;
  }
  return out;
}

async function resolveFiles(files: string[], ruleIds: Iterable<string> | undefined, allowJsConfig: boolean, session: LintSession): Promise<ResolvedConfig> {
  const entries: { file: string; config: UserConfig }[] = [];
  const skippedJsConfigs: string[] = [];
  const known = ruleIds ? [...ruleIds] : undefined;
  for (const file of files) {
    if (!allowJsConfig && isJsConfigFile(file)) {
      skippedJsConfigs.push(file);
      continue;
    }
    const config = await readConfigFile(file, session);
    if (known && known.length > 0) validateRuleIds(config, known, file);
    entries.push({ file, config });
  }
  // A JS config can declare `root: true` too: drop everything outside it.
  let start = 0;
  entries.forEach((e, i) => {
    if (e.config.root === true) start = i;
  });
  const resolved = mergeConfigs(entries.slice(start));
  if (skippedJsConfigs.length > 0) resolved.skippedJsConfigs = skippedJsConfigs;
  return resolved;
}

/**
 * The effective config for a Dockerfile. Looked up from the Dockerfile's directory (cached per directory)
 * unless `explicitConfig` (used alone) or `noConfigLookup` (defaults) is given.
 */
export function loadConfig(filePathOfDockerfile: string, options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const allowJsConfig = options.allowJsConfig ?? true;
  const session = options.session ?? new LintSession();
  const ruleKey = ruleKeyOf(options.ruleIds, allowJsConfig, session);
  if (options.explicitConfig !== undefined) {
    const file = path.resolve(options.explicitConfig);
    const key = `explicit:${file}${ruleKey}`;
    return session.memo(RESOLVED_CONFIG_KIND, key, async () => {
      if (!existsSync(file)) throw new ConfigError(file, '(file)', 'config file not found');
      // Asked for by name: refusing is an error, not a silent fallback to the defaults.
      if (!allowJsConfig && isJsConfigFile(file)) throw new ConfigError(file, '(file)', 'JS config is not allowed in this run (use a .dockerlintrc.json or .yaml file, or allow JS config)');
      return resolveFiles([file], options.ruleIds, allowJsConfig, session);
    });
  }
  if (options.noConfigLookup) return Promise.resolve(defaultConfig());
  const dir = path.dirname(resolvedPath(filePathOfDockerfile));
  const key = `dir:${dir}${ruleKey}`;
  return session.memo(RESOLVED_CONFIG_KIND, key, () =>
    configFilesLoadingYaml(dir, session).then((files) =>
      // Folders with the same config files (most often none) share one resolved config: not one merge per folder.
      session.memo(RESOLVED_CONFIG_KIND, `chain:${files.join('\0')}${ruleKey}`, () => resolveFiles(files, options.ruleIds, allowJsConfig, session)),
    ),
  );
}

/** Session attachment: the `ruleKey` of each rule-id list a caller passes (its identity), made once per session. */
const RULE_KEYS_ATTACHMENT = 'config-rule-keys';

/**
 * The part of a resolved config's session key that the options make: the known rule ids (an unknown id in a
 * config is an error) and whether JS configs are allowed. A caller passes the same rule-id list for every file,
 * so its key is made once per session, not once per Dockerfile.
 */
function ruleKeyOf(ruleIds: Iterable<string> | undefined, allowJsConfig: boolean, session: LintSession): string {
  const noJs = allowJsConfig ? '' : '\0no-js';
  if (!ruleIds) return noJs;
  const keys = session.attachment(RULE_KEYS_ATTACHMENT, () => new WeakMap<Iterable<string>, string>());
  let ids = keys.get(ruleIds);
  if (ids === undefined) keys.set(ruleIds, (ids = `\0${[...ruleIds].join(',')}`));
  return `${ids}${noJs}`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function relativeInside(baseDir: string, absPath: string): string | undefined {
  const rel = toPosix(path.relative(baseDir, absPath));
  if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return undefined;
  return rel;
}

/** Does a glob (relative to its config's directory) match the path or one of its parent directories? */
function globMatches(pattern: string, rel: string): boolean {
  const p = pattern.replace(/^\.\//, '').replace(/^\//, '').replace(/\/$/, '');
  if (minimatch(rel, p, { dot: true })) return true;
  // `legacy` or `legacy/` ignores everything below it; `*.old` (no slash) matches at any depth.
  if (!p.includes('/') && minimatch(rel, p, { dot: true, matchBase: true })) return true;
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (minimatch(prefix, p, { dot: true })) return true;
    if (!p.includes('/') && minimatch(parts[i - 1]!, p, { dot: true })) return true;
  }
  return false;
}

/** Is the Dockerfile at `absPath` excluded by the config's `ignores` (later patterns win; `!` re-includes)? */
export function isIgnoredByConfig(config: ResolvedConfig, absPath: string): boolean {
  let ignored = false;
  for (const { baseDir, pattern } of config.ignores) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    const rel = relativeInside(baseDir, absPath);
    if (rel === undefined) continue;
    if (globMatches(glob, rel)) ignored = !negated;
  }
  return ignored;
}

/** The build context directory configured for a Dockerfile (nearest config, last matching entry wins). */
export function contextFor(config: ResolvedConfig, absDockerfilePath: string): string | undefined {
  for (let i = config.context.length - 1; i >= 0; i--) {
    const entry = config.context[i]!;
    const rel = relativeInside(entry.baseDir, absDockerfilePath);
    if (rel === undefined) continue;
    const p = entry.pattern.replace(/^\.\//, '').replace(/^\//, '');
    if (minimatch(rel, p, { dot: true }) || (!p.includes('/') && minimatch(rel, p, { dot: true, matchBase: true }))) {
      return entry.dir;
    }
  }
  return undefined;
}

/** A JSON-friendly view of a resolved config (`--print-config`). */
export function serializeConfig(config: ResolvedConfig): Record<string, unknown> {
  return {
    files: config.files,
    rules: config.rules,
    ignores: config.ignores,
    allowlist: { ...config.allowlist, values: config.allowlist.values.map((r) => r.source) },
    context: config.context,
    ...(config.target !== undefined ? { target: config.target } : {}),
    ...(config.skippedJsConfigs ? { skippedJsConfigs: config.skippedJsConfigs } : {}),
  };
}
