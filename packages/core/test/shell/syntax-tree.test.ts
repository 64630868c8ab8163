import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { copyTree, type SyntaxNode } from '../../src/shell/syntax-tree.js';
import { initShellParser } from './helpers.js';

let parser: Parser;

beforeAll(async () => {
  await initShellParser(); // initialises the web-tree-sitter runtime
  parser = new Parser();
  parser.setLanguage(await Language.load(createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm')));
});

/** The properties the walk reads, from web-tree-sitter's own nodes. */
function fromNodes(node: Node): unknown {
  return {
    type: node.type,
    isNamed: node.isNamed,
    startIndex: node.startIndex,
    endIndex: node.endIndex,
    children: node.children.map((child) => fromNodes(child!)),
  };
}

function fromCopy(node: SyntaxNode): unknown {
  return { type: node.type, isNamed: node.isNamed, startIndex: node.startIndex, endIndex: node.endIndex, children: node.children.map(fromCopy) };
}

function copyOf(script: string, withNodes = true): { copy: SyntaxNode; nodes: unknown } {
  const tree = parser.parse(script)!;
  try {
    return { copy: copyTree(tree), nodes: withNodes ? fromNodes(tree.rootNode) : undefined };
  } finally {
    tree.delete();
  }
}

describe('copyTree', () => {
  it('copies every node (named and anonymous) with its type, offsets and children, as web-tree-sitter reports them', () => {
    const script = 'A="é$(id -u)" cat <<EOF > /tmp/x && [ -f "$A" ] || { echo \'ü\' 2>&1 | tee -a log; }\nbody $A\nEOF\n# done';
    const { copy, nodes } = copyOf(script);
    expect(fromCopy(copy)).toEqual(nodes);
    expect(copy.type).toBe('program');
  });

  it('gives every leaf the one shared empty list of children, and a node whose children are all named that list itself as named children', () => {
    const { copy } = copyOf('apt-get install -y curl && echo "$HOME" > /tmp/home');
    const leaves: SyntaxNode[] = [];
    const allNamed: SyntaxNode[] = [];
    const visit = (node: SyntaxNode): void => {
      if (node.children.length === 0) leaves.push(node);
      else if (node.children.every((child) => child.isNamed)) allNamed.push(node);
      node.children.forEach(visit);
    };
    visit(copy);
    expect(leaves.length).toBeGreaterThan(5);
    expect(new Set(leaves.map((leaf) => leaf.children)).size).toBe(1);
    expect(allNamed.length).toBeGreaterThan(0);
    for (const node of [...allNamed, ...leaves]) expect(node.namedChildren).toBe(node.children);
    // A node with an anonymous child (`&&`) gets a filtered copy.
    const list = copy.children[0]!.children[0]!;
    expect(list.type).toBe('list');
    expect(list.children.map((child) => child.type)).toEqual(['command', '&&', 'command']);
    expect(list.namedChildren.map((child) => child.type)).toEqual(['command', 'command']);
  });

  it('copies a syntax error as an ERROR node and marks the $(…) that holds one', () => {
    const { copy, nodes } = copyOf('echo $(a |) $(true)');
    expect(fromCopy(copy)).toEqual(nodes);
    const substitutions: SyntaxNode[] = [];
    const visit = (node: SyntaxNode): void => {
      if (node.type === 'command_substitution') substitutions.push(node);
      node.children.forEach(visit);
    };
    visit(copy);
    expect(substitutions.map((node) => node.hasError)).toEqual([true, false]);
  });

  it('keeps the fields the walk looks up (body of a redirected statement, name and value of an assignment)', () => {
    const { copy } = copyOf('echo a > out; Y=2');
    const redirected = copy.namedChildren[0]!;
    expect(redirected.type).toBe('redirected_statement');
    expect(redirected.childForFieldName('body')?.type).toBe('command');
    const assignment = copy.namedChildren[1]!;
    expect(assignment.childForFieldName('name')?.type).toBe('variable_name');
    expect(assignment.childForFieldName('value')?.type).toBe('number');
  });

  it('refuses a field lookup on a node type whose fields are not copied (instead of answering "no such child")', () => {
    const { copy } = copyOf('echo hi');
    expect(() => copy.namedChildren[0]!.childForFieldName('name')).toThrow(/fields of command nodes are not copied/);
  });

  it('copies a deeply nested tree without recursion', () => {
    const depth = 5000;
    const { copy } = copyOf(`${'('.repeat(depth)}true${')'.repeat(depth)}`, false);
    let levels = 0;
    for (let node: SyntaxNode | undefined = copy; node; node = node.namedChildren[0]) levels++;
    expect(levels).toBeGreaterThan(depth);
  });
});
