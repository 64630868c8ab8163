/**
 * Bake's HCL files through tree-sitter-hcl (the WASM grammar, run by the web-tree-sitter runtime the shell parser
 * already loads): full HCL2 syntax with positions. We evaluate the subset that decides how an image is built:
 * literals, templates, tuples, objects and `variable` defaults (never the environment). Function calls,
 * conditionals, `for` expressions and attribute access stay unknown (`kind: 'unknown'`).
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { configuredWasmFiles, initShellParser, shippedWasmFile } from '../shell/parser.js';
import { LineIndex } from '../model/positions.js';
import type { BakeBlock, BakeEntry, BakeValue } from './bake-values.js';

/** Longest HCL file parsed: bake files are kilobytes; this bounds pathological input. */
export const MAX_HCL_LENGTH = 512 * 1024;
const MAX_DEPTH = 64;

let hclParser: Promise<Parser> | undefined;

function loadHclParser(): Promise<Parser> {
  hclParser ??= (async () => {
    await initShellParser(); // initialises the shared tree-sitter runtime
    // Bundles pass it; the published package ships it in wasm/ (not the 2 MB grammar package); in this repository
    // it comes from the development package.
    const grammar =
      configuredWasmFiles()?.hcl ??
      shippedWasmFile('tree-sitter-hcl.wasm') ??
      createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm');
    const language = await Language.load(grammar);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  hclParser.catch(() => {
    hclParser = undefined;
  });
  return hclParser;
}

export interface HclDocument {
  blocks: BakeBlock[];
  /** The first syntax error, if any (the blocks before it are still read). */
  error?: { message: string; offset: number };
}

export async function parseHcl(text: string): Promise<HclDocument> {
  const parser = await loadHclParser();
  const source = text.length > MAX_HCL_LENGTH ? text.slice(0, MAX_HCL_LENGTH) : text;
  const tree = parser.parse(source);
  if (!tree) return { blocks: [], error: { message: 'could not parse', offset: 0 } };
  try {
    return new HclReader(source).read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

class HclReader {
  private readonly lines: LineIndex;
  private readonly variableNodes = new Map<string, Node | null>();
  private readonly variableValues = new Map<string, BakeValue>();
  private readonly evaluating = new Set<string>();

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  read(root: Node): HclDocument {
    const body = root.namedChildren.find((child) => child?.type === 'body');
    const blockNodes = body ? body.namedChildren.filter((child): child is Node => child?.type === 'block') : [];
    // Variables first: targets may use them before they are declared.
    for (const block of blockNodes) {
      if (this.blockType(block) !== 'variable') continue;
      const name = this.blockLabels(block)[0];
      if (name === undefined) continue;
      const defaultAttribute = this.attributes(block).find((attribute) => this.identifier(attribute) === 'default');
      this.variableNodes.set(name, defaultAttribute ? this.expressionOf(defaultAttribute) : null);
    }
    const blocks: BakeBlock[] = [];
    for (const block of blockNodes) {
      const type = this.blockType(block);
      const name = this.blockLabels(block)[0] ?? '';
      const attributes: BakeEntry[] = [];
      for (const attribute of this.attributes(block)) {
        const key = this.identifier(attribute);
        const expression = this.expressionOf(attribute);
        if (key === undefined || !expression) continue;
        const keyNode = attribute.namedChildren.find((child) => child?.type === 'identifier')!;
        attributes.push({ key, keyRange: this.range(keyNode), value: this.evaluate(expression, 0) });
      }
      blocks.push({ type, name, at: this.range(block.namedChildren[0] ?? block), attributes });
    }
    const document: HclDocument = { blocks };
    const error = firstError(root);
    if (error) document.error = { message: error.isMissing ? `missing ${error.type}` : 'syntax error', offset: error.startIndex };
    return document;
  }

  private range(node: Node) {
    return this.lines.rangeOf(node.startIndex, node.endIndex);
  }

  private source(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  private blockType(block: Node): string {
    const identifier = block.namedChildren.find((child) => child?.type === 'identifier');
    return identifier ? this.source(identifier) : '';
  }

  private blockLabels(block: Node): string[] {
    return block.namedChildren
      .filter((child): child is Node => child?.type === 'string_lit')
      .map((label) => label.namedChildren.filter((part) => part?.type === 'template_literal').map((part) => this.source(part!)).join(''));
  }

  private attributes(block: Node): Node[] {
    const body = block.namedChildren.find((child) => child?.type === 'body');
    return body ? body.namedChildren.filter((child): child is Node => child?.type === 'attribute') : [];
  }

  private identifier(attribute: Node): string | undefined {
    const identifier = attribute.namedChildren.find((child) => child?.type === 'identifier');
    return identifier ? this.source(identifier) : undefined;
  }

  private expressionOf(attribute: Node): Node | null {
    return attribute.namedChildren.find((child) => child?.type === 'expression') ?? null;
  }

  private unknown(node: Node): BakeValue {
    return { kind: 'unknown', raw: this.source(node), range: this.range(node) };
  }

  private evaluate(node: Node, depth: number): BakeValue {
    if (depth > MAX_DEPTH) return this.unknown(node);
    const range = this.range(node);
    switch (node.type) {
      case 'expression':
      case 'literal_value':
      case 'collection_value':
      case 'template_expr': {
        const only = node.namedChildren.length === 1 ? node.namedChildren[0] : null;
        return only ? this.evaluate(only, depth + 1) : this.unknown(node);
      }
      case 'numeric_lit':
      case 'bool_lit': {
        const raw = this.source(node);
        return { kind: 'string', value: raw, raw, range };
      }
      case 'null_lit':
        return this.unknown(node);
      case 'string_lit':
      case 'quoted_template':
        return this.template(node, depth);
      case 'heredoc_template':
        return this.template(node, depth);
      case 'tuple':
        return { kind: 'list', items: node.namedChildren.filter((child): child is Node => child?.type === 'expression').map((child) => this.evaluate(child, depth + 1)), range };
      case 'object': {
        const entries: BakeEntry[] = [];
        for (const element of node.namedChildren) {
          if (element?.type !== 'object_elem') continue;
          const keyNode = element.childForFieldName('key');
          const valueNode = element.childForFieldName('val');
          if (!keyNode || !valueNode) continue;
          const key = this.evaluate(keyNode, depth + 1);
          // `{ NPM_TOKEN = … }`: a bare identifier key is the name itself, not a variable reference.
          const bare = keyNode.namedChildren[0]?.type === 'variable_expr' ? this.source(keyNode) : undefined;
          const name = bare ?? (key.kind === 'string' ? key.value : undefined);
          if (name === undefined) continue;
          entries.push({ key: name, keyRange: this.range(keyNode), value: this.evaluate(valueNode, depth + 1) });
        }
        return { kind: 'map', entries, range };
      }
      case 'variable_expr':
        return this.variable(this.source(node), node);
      default:
        return this.unknown(node);
    }
  }

  private variable(name: string, at: Node): BakeValue {
    const known = this.variableValues.get(name);
    if (known) return { ...known, range: this.range(at), ...(known.kind === 'string' ? { raw: this.source(at) } : {}) };
    const definition = this.variableNodes.get(name);
    if (!definition || this.evaluating.has(name)) return this.unknown(at);
    this.evaluating.add(name);
    const value = this.evaluate(definition, 1);
    this.evaluating.delete(name);
    this.variableValues.set(name, value);
    return { ...value, range: this.range(at), ...(value.kind === 'string' ? { raw: this.source(at) } : {}) };
  }

  private template(node: Node, depth: number): BakeValue {
    let value = '';
    for (const part of node.namedChildren) {
      if (!part) continue;
      if (part.type === 'template_literal') value += unescapeHcl(this.source(part));
      else if (part.type === 'template_interpolation') {
        const inner = part.namedChildren.find((child) => child?.type === 'expression');
        const evaluated = inner ? this.evaluate(inner, depth + 1) : undefined;
        if (evaluated?.kind !== 'string') return this.unknown(node);
        value += evaluated.value;
      } else if (part.type === 'template_directive') return this.unknown(node);
    }
    const whole = this.source(node);
    const raw = node.type === 'heredoc_template' ? whole : whole.replace(/^"/, '').replace(/"$/, '');
    return { kind: 'string', value, raw, range: this.range(node) };
  }
}

function unescapeHcl(text: string): string {
  return text.replace(/\\(["\\nrt])|\$\$\{|%%\{/g, (whole, escaped: string | undefined) => {
    if (whole === '$${') return '${';
    if (whole === '%%{') return '%{';
    return escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : escaped === 't' ? '\t' : escaped!;
  });
}

function firstError(node: Node): Node | undefined {
  if (!node.hasError) return undefined;
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    const found = child ? firstError(child) : undefined;
    if (found) return found;
  }
  return node;
}
