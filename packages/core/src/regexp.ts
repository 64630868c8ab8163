/** `text` as a regular-expression source that matches exactly `text` (every syntax character escaped). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface LiteralTrie {
  end: boolean;
  next: Map<string, LiteralTrie>;
}

/**
 * A regular-expression source matching exactly `literals` (and `between`, a source, between any two of their
 * characters), as a trie with one branch per next character (`p(?:ass|wd)`): at each position the engine follows
 * the one branch of the next character instead of trying every literal in turn, and a longer literal is tried
 * before a shorter one it extends. No literals (or only '') give '', which matches anywhere.
 */
export function literalTrieSource(literals: Iterable<string>, between = ''): string {
  const root: LiteralTrie = { end: false, next: new Map() };
  for (const literal of literals) {
    let node = root;
    for (const ch of literal) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: LiteralTrie): string => {
    const branches = [...node.next].map(([ch, child]) => escapeRegExp(ch) + (child.next.size > 0 ? between + emit(child) : ''));
    const group = `(?:${branches.join('|')})`;
    return node.end ? `${group}?` : group;
  };
  return root.next.size === 0 ? '' : emit(root);
}
