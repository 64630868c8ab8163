/**
 * tree-sitter's syntax tree copied into plain objects in one cursor pass, for the shell walk.
 *
 * Every property of a web-tree-sitter `Node` is a call into the WASM runtime (the node is written into a
 * transfer buffer first), and every `children`/`namedChildren` builds fresh `Node` objects; the walk asks for a
 * node's type, end and children several times. Copying each node once, with the few properties the walk
 * reads, costs one cursor step and five reads per node, and the copy is plain data the walk can ask freely.
 */
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';

/** Node types whose `hasError` the walk reads (a `$(…)` script's `hasErrors`); other nodes do not carry it. */
const ERROR_CHECKED_TYPES: ReadonlySet<string> = new Set(['command_substitution', 'process_substitution']);
/** Node types whose children the walk looks up by field (`body`; `name`, `value`): only their children carry `field`. */
const FIELD_PARENT_TYPES: ReadonlySet<string> = new Set(['redirected_statement', 'variable_assignment']);

/**
 * The children of every leaf: one shared empty list. Most nodes are leaves, and a list each (allocated with room
 * to grow) would be made for nothing on every parsed RUN.
 */
const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

export class SyntaxNode {
  /** Set by `copyTree` only (`addChild`). */
  children: readonly SyntaxNode[] = NO_CHILDREN;
  private named: readonly SyntaxNode[] | undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    /** UTF-16 offsets into the parsed text, as web-tree-sitter reports them. */
    readonly startIndex: number,
    readonly endIndex: number,
    /** The field this node fills in its parent, if any; only read when the parent is of FIELD_PARENT_TYPES. */
    readonly field: string | undefined,
    /** Whether the node is or holds a syntax error; only computed for ERROR_CHECKED_TYPES (false for others). */
    readonly hasError: boolean,
  ) {}

  /** The named children: the children list itself when all are named (a leaf's among them), else a filtered copy. */
  get namedChildren(): readonly SyntaxNode[] {
    return (this.named ??= this.children.every((child) => child.isNamed) ? this.children : this.children.filter((child) => child.isNamed));
  }

  get childCount(): number {
    return this.children.length;
  }

  child(index: number): SyntaxNode | undefined {
    return this.children[index];
  }

  namedChild(index: number): SyntaxNode | undefined {
    return this.namedChildren[index];
  }

  childForFieldName(field: string): SyntaxNode | undefined {
    if (!FIELD_PARENT_TYPES.has(this.type)) throw new Error(`shell syntax tree: fields of ${this.type} nodes are not copied`);
    return this.children.find((child) => child.field === field);
  }
}

/**
 * Whether each node type of a grammar is named, by type id: a fact of the grammar (a node's `isNamed` is its
 * type's, aliases included), read once per type instead of once per node.
 */
const namedTypesByLanguage = new WeakMap<Language, Array<boolean | undefined>>();

function namedTypes(language: Language): Array<boolean | undefined> {
  let named = namedTypesByLanguage.get(language);
  if (!named) namedTypesByLanguage.set(language, (named = []));
  return named;
}

function nodeAtCursor(cursor: TreeCursor, language: Language, named: Array<boolean | undefined>, parentType: string | undefined): SyntaxNode {
  const typeId = cursor.nodeTypeId;
  const type = language.types[typeId] || 'ERROR';
  const isNamed = (named[typeId] ??= language.nodeTypeIsNamed(typeId));
  const hasError = ERROR_CHECKED_TYPES.has(type) && cursor.currentNode.hasError;
  const field = parentType !== undefined && FIELD_PARENT_TYPES.has(parentType) ? (cursor.currentFieldName ?? undefined) : undefined;
  return new SyntaxNode(type, isNamed, cursor.startIndex, cursor.endIndex, field, hasError);
}

function addChild(parent: SyntaxNode, child: SyntaxNode): void {
  if (parent.children === NO_CHILDREN) parent.children = [child];
  else (parent.children as SyntaxNode[]).push(child);
}

/** The whole tree, without recursion (a pathological script nests thousands of levels deep). */
export function copyTree(tree: Tree): SyntaxNode {
  const cursor = tree.walk();
  const language = tree.language;
  const named = namedTypes(language);
  try {
    const root = nodeAtCursor(cursor, language, named, undefined);
    /** The ancestors of `current`, its parent last. */
    const ancestors: SyntaxNode[] = [];
    let current = root;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = nodeAtCursor(cursor, language, named, current.type);
        addChild(current, child);
        ancestors.push(current);
        current = child;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        current = ancestors.pop()!;
      }
      const parent = ancestors[ancestors.length - 1]!;
      const sibling = nodeAtCursor(cursor, language, named, parent.type);
      addChild(parent, sibling);
      current = sibling;
    }
  } finally {
    cursor.delete();
  }
}
