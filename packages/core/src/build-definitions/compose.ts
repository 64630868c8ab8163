/** Compose files: `services.*.build` (context, dockerfile, dockerfile_inline, target, args, secrets, additional_contexts). */
import path from 'node:path';
import type { Range } from '../model/types.js';
import { interpolateCompose } from './interpolate.js';
import type { BuildDefinition, DefinitionProblem, SuppliedArg, SuppliedSecret } from './types.js';
import { YamlSource, isMap, isScalar, keyText, mapGet, mapPairs, scalarText, seqItems, type Node } from './yaml-source.js';

/** Compose's own file names, in the order `docker compose` looks for them. */
const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export function isComposeFileName(basename: string): boolean {
  return /^(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml$/.test(basename);
}

interface Located {
  value: string;
  /** The value names a variable that has no default: the real value depends on the build's environment. */
  unresolved: boolean;
  range: Range;
  file: string;
}

/** One service's `build:` as one compose file writes it (override files add to or replace fields). */
interface ServiceBuild {
  service: string;
  files: string[];
  at: { file: string; range: Range };
  context?: Located;
  dockerfile?: Located;
  inline?: Located;
  target?: Located;
  args: Map<string, SuppliedArg>;
  secrets: Map<string, SuppliedSecret>;
  additionalContexts: Record<string, string>;
}

export interface ComposeInput {
  path: string;
  text: string;
}

/**
 * Reads the compose files of one directory: the base file (`compose.yaml`…) alone, and the base merged with each
 * other compose file of the directory (`compose.override.yaml`, `docker-compose.prod.yml`: the `-f` style
 * overrides). Relative paths are resolved from the base file's directory, as compose does.
 */
export function readComposeDirectory(files: readonly ComposeInput[], problems: DefinitionProblem[]): BuildDefinition[] {
  const parsed = new Map<string, ServiceBuild[]>();
  for (const file of files) {
    const builds = parseComposeFile(file, problems);
    if (builds) parsed.set(file.path, builds);
  }
  const base = BASE_NAMES.map((name) => files.find((file) => path.basename(file.path) === name)).find((file) => file !== undefined);
  const definitions: BuildDefinition[] = [];
  const projectDir = path.dirname((base ?? files[0])!.path);
  if (base && parsed.has(base.path)) {
    const baseBuilds = parsed.get(base.path)!;
    for (const build of baseBuilds) definitions.push(toDefinition(build, projectDir));
    for (const file of files) {
      if (file === base || !parsed.has(file.path)) continue;
      for (const override of parsed.get(file.path)!) {
        const original = baseBuilds.find((build) => build.service === override.service);
        definitions.push(toDefinition(original ? merge(original, override) : override, projectDir));
      }
    }
  } else {
    for (const file of files) for (const build of parsed.get(file.path) ?? []) definitions.push(toDefinition(build, path.dirname(file.path)));
  }
  return definitions;
}

function parseComposeFile(file: ComposeInput, problems: DefinitionProblem[]): ServiceBuild[] | undefined {
  const source = new YamlSource(file.text);
  const firstError = source.errors[0];
  if (firstError) {
    problems.push({ file: file.path, message: `not valid YAML: ${firstError.message}`, range: firstError.range });
    return undefined;
  }
  const services = mapGet(source.root, 'services');
  if (services === undefined) return [];
  if (!isMap(services)) {
    problems.push({ file: file.path, message: '`services` is not a mapping', range: source.nodeRange(services) });
    return undefined;
  }
  const builds: ServiceBuild[] = [];
  for (const pair of mapPairs(services)) {
    const service = keyText(pair);
    const build = mapGet(pair.value, 'build');
    if (service === undefined || build === undefined) continue;
    const entry: ServiceBuild = {
      service,
      files: [file.path],
      at: { file: file.path, range: source.nodeRange(pair.key) },
      args: new Map(),
      secrets: new Map(),
      additionalContexts: {},
    };
    const located = (node: Node | undefined): Located | undefined => {
      const text = scalarText(node);
      if (text === undefined) return undefined;
      const { value, unresolved } = interpolateCompose(text);
      return { value, unresolved: unresolved.length > 0, range: source.nodeRange(node), file: file.path };
    };
    if (isScalar(build)) {
      const context = located(build);
      if (context) entry.context = context;
    } else if (isMap(build)) {
      const context = located(mapGet(build, 'context'));
      const dockerfile = located(mapGet(build, 'dockerfile'));
      const inline = located(mapGet(build, 'dockerfile_inline'));
      const target = located(mapGet(build, 'target'));
      if (context) entry.context = context;
      if (dockerfile) entry.dockerfile = dockerfile;
      if (inline) entry.inline = inline;
      if (target) entry.target = target;
      readArgs(source, file.path, mapGet(build, 'args'), entry.args);
      readSecrets(source, file.path, mapGet(build, 'secrets'), entry.secrets);
      for (const contextPair of mapPairs(mapGet(build, 'additional_contexts'))) {
        const name = keyText(contextPair);
        const value = scalarText(contextPair.value);
        if (name !== undefined && value !== undefined) entry.additionalContexts[name] = interpolateCompose(value).value;
      }
      for (const item of seqItems(mapGet(build, 'additional_contexts'))) {
        const text = scalarText(item);
        const eq = text?.indexOf('=') ?? -1;
        if (text !== undefined && eq > 0) entry.additionalContexts[text.slice(0, eq)] = interpolateCompose(text.slice(eq + 1)).value;
      }
    } else {
      problems.push({ file: file.path, message: `service ${service}: \`build\` is neither a path nor a mapping`, range: source.nodeRange(build) });
      continue;
    }
    builds.push(entry);
  }
  return builds;
}

/** `args:` as a mapping (`NPM_TOKEN: value`) or a list (`- NPM_TOKEN=value`, `- NPM_TOKEN`). */
function readArgs(source: YamlSource, file: string, node: Node | undefined, into: Map<string, SuppliedArg>): void {
  for (const pair of mapPairs(node)) {
    const name = keyText(pair);
    if (name === undefined) continue;
    const value = scalarText(pair.value);
    const arg: SuppliedArg = { name, file, range: source.nodeRange(pair.key) };
    if (value !== undefined) {
      arg.value = value;
      arg.valueRange = source.nodeRange(pair.value);
    }
    into.set(name, arg);
  }
  for (const item of seqItems(node)) {
    const text = scalarText(item);
    if (text === undefined || !isScalar(item)) continue;
    const eq = text.indexOf('=');
    const name = eq < 0 ? text : text.slice(0, eq);
    const arg: SuppliedArg = { name, file, range: source.rangeInScalar(item, 0, name.length) };
    if (eq >= 0) {
      arg.value = text.slice(eq + 1);
      arg.valueRange = source.rangeInScalar(item, eq + 1, text.length - eq - 1);
    }
    into.set(name, arg);
  }
}

/** `secrets:` of a build: `- npm_token` or `- source: npm_token` / `target: npm` (the id the Dockerfile mounts is the target). */
function readSecrets(source: YamlSource, file: string, node: Node | undefined, into: Map<string, SuppliedSecret>): void {
  for (const item of seqItems(node)) {
    if (isScalar(item)) {
      const id = scalarText(item);
      if (id !== undefined) into.set(id, { id, file, range: source.nodeRange(item) });
    } else if (isMap(item)) {
      const target = mapGet(item, 'target');
      const sourceNode = mapGet(item, 'source');
      const id = scalarText(target) ?? scalarText(sourceNode);
      if (id !== undefined) into.set(id, { id, file, range: source.nodeRange(target ?? sourceNode) });
    }
  }
}

function merge(base: ServiceBuild, override: ServiceBuild): ServiceBuild {
  const merged: ServiceBuild = {
    ...base,
    files: [...base.files, ...override.files],
    args: new Map([...base.args, ...override.args]),
    secrets: new Map([...base.secrets, ...override.secrets]),
    additionalContexts: { ...base.additionalContexts, ...override.additionalContexts },
  };
  for (const key of ['context', 'dockerfile', 'inline', 'target'] as const) if (override[key]) merged[key] = override[key];
  return merged;
}

function isRemoteContext(context: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(context);
}

function toDefinition(build: ServiceBuild, projectDir: string): BuildDefinition {
  const names = build.files.map((file) => path.basename(file)).join(' + ');
  const context = build.context?.value || '.';
  // A context that depends on an unset variable is unknown: better the default context than a wrong one.
  const remote = isRemoteContext(context) || build.context?.unresolved === true;
  const contextDir = remote ? undefined : path.resolve(projectDir, context);
  const definition: BuildDefinition = {
    kind: 'compose',
    file: build.files[0]!,
    label: `${names} service ${build.service}`,
    args: [...build.args.values()],
    secrets: [...build.secrets.values()],
    additionalContexts: build.additionalContexts,
    at: build.at,
  };
  if (contextDir !== undefined) definition.contextDir = contextDir;
  if (build.inline) definition.inlineDockerfile = true;
  else if (contextDir !== undefined) definition.dockerfile = path.resolve(contextDir, build.dockerfile?.value || 'Dockerfile');
  if (build.target?.value && !build.target.unresolved) definition.target = build.target.value;
  return definition;
}
