/** Bake files (`docker-bake.hcl`, `docker-bake.json`, `docker-bake.override.*`): targets, groups, inherits. */
import path from 'node:path';
import { attribute, stringOf, stringsOf, type BakeBlock, type BakeEntry, type BakeValue } from './bake-values.js';
import { parseHcl } from './hcl.js';
import type { BuildDefinition, DefinitionProblem, SuppliedArg, SuppliedSecret } from './types.js';
import { YamlSource, isMap, isScalar, isSeq, keyText, mapPairs, scalarText, type Node } from './yaml-source.js';
import { loadYaml } from '../yaml-module.js';

export function isBakeFileName(basename: string): boolean {
  return /^docker-bake(?:\.[\w.-]+)?\.(?:hcl|json)$/.test(basename);
}

export interface BakeInput {
  path: string;
  text: string;
}

/** The order `docker buildx bake` reads its default files in: later files override earlier ones. */
function bakeOrder(file: string): number {
  const name = path.basename(file);
  if (name === 'docker-bake.json') return 0;
  if (name === 'docker-bake.hcl') return 1;
  if (name.startsWith('docker-bake.override.')) return 3;
  return 2;
}

interface FileBlock extends BakeBlock {
  file: string;
}

/** Reads the bake files of one directory as `docker buildx bake` does: merged, later files overriding earlier ones. */
export async function readBakeDirectory(files: readonly BakeInput[], problems: DefinitionProblem[]): Promise<BuildDefinition[]> {
  await loadYaml();
  const ordered = [...files].sort((a, b) => bakeOrder(a.path) - bakeOrder(b.path) || a.path.localeCompare(b.path));
  const blocks: FileBlock[] = [];
  for (const file of ordered) {
    try {
      const read = file.path.endsWith('.json') ? readBakeJson(file, problems) : await readBakeHcl(file, problems);
      blocks.push(...read.map((block) => ({ ...block, file: file.path })));
    } catch (error) {
      problems.push({ file: file.path, message: `could not read: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` });
    }
  }
  return resolveTargets(blocks, path.dirname(ordered[0]!.path));
}

async function readBakeHcl(file: BakeInput, problems: DefinitionProblem[]): Promise<BakeBlock[]> {
  const document = await parseHcl(file.text);
  if (document.error) {
    const before = file.text.slice(0, document.error.offset);
    const line = before.split('\n').length;
    const column = document.error.offset - (before.lastIndexOf('\n') + 1) + 1;
    problems.push({ file: file.path, message: `HCL ${document.error.message}`, range: { start: { line, column }, end: { line, column } } });
  }
  return document.blocks;
}

/** JSON bake files through the YAML parser (JSON is YAML), for positions; `${VAR}` in strings uses variable defaults. */
function readBakeJson(file: BakeInput, problems: DefinitionProblem[]): BakeBlock[] {
  const source = new YamlSource(file.text);
  const firstError = source.errors[0];
  if (firstError) {
    problems.push({ file: file.path, message: `not valid JSON: ${firstError.message}`, range: firstError.range });
    return [];
  }
  const variables = new Map<string, string>();
  const blocks: BakeBlock[] = [];
  for (const typePair of mapPairs(source.root)) {
    const type = keyText(typePair);
    if (type === undefined) continue;
    for (const blockPair of mapPairs(typePair.value)) {
      const name = keyText(blockPair);
      if (name === undefined) continue;
      const attributes: BakeEntry[] = mapPairs(blockPair.value).flatMap((pair) => {
        const key = keyText(pair);
        return key === undefined ? [] : [{ key, keyRange: source.nodeRange(pair.key), value: jsonValue(source, pair.value, variables) }];
      });
      const block: BakeBlock = { type, name, at: source.nodeRange(blockPair.key), attributes };
      if (type === 'variable') {
        const value = stringOf(attribute(block, 'default'));
        if (value !== undefined) variables.set(name, value);
      }
      blocks.push(block);
    }
  }
  return blocks;
}

function jsonValue(source: YamlSource, node: Node | null, variables: Map<string, string>): BakeValue {
  const range = source.nodeRange(node);
  if (isMap(node)) {
    return {
      kind: 'map',
      range,
      entries: mapPairs(node).flatMap((pair) => {
        const key = keyText(pair);
        return key === undefined ? [] : [{ key, keyRange: source.nodeRange(pair.key), value: jsonValue(source, pair.value, variables) }];
      }),
    };
  }
  if (isSeq(node)) return { kind: 'list', range, items: node.items.map((item) => jsonValue(source, item as Node, variables)) };
  const raw = isScalar(node) ? scalarText(node) : undefined;
  if (raw === undefined) return { kind: 'unknown', raw: '', range };
  let unknown = false;
  const value = raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_-]*)\}/g, (_whole, name: string) => {
    const known = variables.get(name);
    if (known === undefined) unknown = true;
    return known ?? '';
  });
  return unknown ? { kind: 'unknown', raw, range } : { kind: 'string', value, raw, range };
}

interface TargetAttributes {
  entries: Map<string, { value: BakeValue; keyRange: { start: { line: number; column: number }; end: { line: number; column: number } }; file: string }>;
  args: Map<string, SuppliedArg>;
  secrets: Map<string, SuppliedSecret>;
}

function resolveTargets(blocks: readonly FileBlock[], bakeDir: string): BuildDefinition[] {
  const targets = new Map<string, FileBlock[]>();
  const grouped = new Set<string>();
  const inherited = new Set<string>();
  for (const block of blocks) {
    if (block.type === 'target') targets.set(block.name, [...(targets.get(block.name) ?? []), block]);
    if (block.type === 'group') for (const item of stringsOf(attribute(block, 'targets'))) if (item.kind === 'string') grouped.add(item.value);
  }
  for (const parts of targets.values()) for (const part of parts) for (const item of stringsOf(attribute(part, 'inherits'))) if (item.kind === 'string') inherited.add(item.value);

  const cache = new Map<string, TargetAttributes>();
  const resolve = (name: string, seen: Set<string>): TargetAttributes => {
    const cached = cache.get(name);
    if (cached) return cached;
    const result: TargetAttributes = { entries: new Map(), args: new Map(), secrets: new Map() };
    if (seen.has(name)) return result; // inheritance cycle: bake refuses it; we read what we have
    seen.add(name);
    const parts = targets.get(name) ?? [];
    for (const part of parts) {
      for (const parent of stringsOf(attribute(part, 'inherits'))) {
        if (parent.kind !== 'string') continue;
        const inheritedAttributes = resolve(parent.value, seen);
        for (const [key, entry] of inheritedAttributes.entries) result.entries.set(key, entry);
        for (const [key, arg] of inheritedAttributes.args) result.args.set(key, arg);
        for (const [key, secret] of inheritedAttributes.secrets) result.secrets.set(key, secret);
      }
    }
    for (const part of parts) {
      for (const entry of part.attributes) {
        result.entries.set(entry.key, { value: entry.value, keyRange: entry.keyRange, file: part.file });
        if (entry.key === 'args' && entry.value.kind === 'map') for (const arg of entry.value.entries) result.args.set(arg.key, suppliedArg(arg, part.file));
        if (entry.key === 'secret') for (const secret of stringsOf(entry.value)) addSecret(result.secrets, secret, part.file);
      }
    }
    cache.set(name, result);
    return result;
  };

  const definitions: BuildDefinition[] = [];
  for (const [name, parts] of targets) {
    // Abstract targets (only inherited from, in no group) are never built by themselves.
    if (inherited.has(name) && !grouped.has(name) && name !== 'default') continue;
    const resolved = resolve(name, new Set());
    const first = parts[0]!;
    const files = [...new Set(parts.map((part) => path.basename(part.file)))].join(' + ');
    const value = (key: string) => resolved.entries.get(key)?.value;
    const context = value('context');
    const contextText = context === undefined ? '.' : stringOf(context);
    const remote = contextText === undefined || /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|cwd:\/\/)/i.test(contextText);
    const definition: BuildDefinition = {
      kind: 'bake',
      file: first.file,
      label: `${files} target ${name}`,
      args: [...resolved.args.values()],
      secrets: [...resolved.secrets.values()],
      additionalContexts: {},
      at: { file: first.file, range: first.at },
    };
    const contexts = value('contexts');
    if (contexts?.kind === 'map') for (const entry of contexts.entries) if (entry.value.kind === 'string') definition.additionalContexts[entry.key] = entry.value.value;
    if (!remote) definition.contextDir = path.resolve(bakeDir, contextText);
    if (value('dockerfile-inline') !== undefined) definition.inlineDockerfile = true;
    else if (definition.contextDir !== undefined) {
      const dockerfile = value('dockerfile');
      const dockerfileText = dockerfile === undefined ? 'Dockerfile' : stringOf(dockerfile);
      if (dockerfileText !== undefined) definition.dockerfile = path.resolve(definition.contextDir, dockerfileText);
    }
    const target = stringOf(value('target'));
    if (target) definition.target = target;
    definitions.push(definition);
  }
  return definitions;
}

function suppliedArg(entry: BakeEntry, file: string): SuppliedArg {
  const arg: SuppliedArg = { name: entry.key, file, range: entry.keyRange };
  if (entry.value.kind === 'string' || entry.value.kind === 'unknown') {
    arg.value = entry.value.kind === 'unknown' ? entry.value.raw.replace(/^"([\s\S]*)"$/, '$1') : entry.value.raw;
    arg.valueRange = entry.value.range;
  }
  return arg;
}

/** `"id=npm,env=NPM_TOKEN"`, `"type=file,id=aws,src=…"`: the id the Dockerfile mounts. */
function addSecret(into: Map<string, SuppliedSecret>, value: BakeValue, file: string): void {
  const text = value.kind === 'string' ? value.value : value.kind === 'unknown' ? value.raw : undefined;
  if (text === undefined) return;
  const id = secretIdOf(text);
  if (id) into.set(id, { id, file, range: value.range });
}

/** The `id=` of a `--secret` specification (`id=x,env=Y`, `type=file,id=x,src=…`); `src`/`env` name it when no id is given. */
export function secretIdOf(specification: string): string | undefined {
  const fields = new Map<string, string>();
  for (const field of specification.split(',')) {
    const eq = field.indexOf('=');
    if (eq > 0) fields.set(field.slice(0, eq).trim().toLowerCase(), field.slice(eq + 1).trim());
  }
  const id = fields.get('id');
  if (id) return id;
  const env = fields.get('env');
  if (env) return env;
  const src = fields.get('src') ?? fields.get('source');
  return src ? path.basename(src) : undefined;
}
