/**
 * The secret scanner's keyword prefilter: which of a catalogue's keywords occur in a text, ASCII letters compared
 * without case. A hand-written walk of a keyword trie from each position of the text that marks the keywords found
 * in the caller's array: nothing is allocated. The regex it replaces made a match array and a string for every
 * keyword occurrence, and short keywords (`sk`, `eyj`) occur in many words.
 */

/** Child slots per node: one per ASCII code unit. */
const ASCII_SLOTS = 128;
/** Distinct keys for (node, code unit) pairs beyond ASCII: `node * UNIT_KEYS + unit`. */
const UNIT_KEYS = 0x10000;

export class KeywordTrie {
  /** `ascii[node * 128 + unit]`: the child of `node` for the ASCII code unit, 0 for none (node 0, the root, is no one's child). */
  private readonly ascii: Int32Array;
  /** Children for code units beyond ASCII (only keywords of a custom catalogue have them). */
  private readonly beyondAscii = new Map<number, number>();
  /** The index (in the constructor's list) of the keyword ending at each node, -1 for none. */
  private readonly ends: number[] = [-1];

  /**
   * `keywords`: distinct and non-empty; an ASCII upper-case letter in one never matches (text letters are compared
   * lower-cased).
   */
  constructor(keywords: readonly string[]) {
    // Room for the most nodes the keywords can make (one per character, and the root); cut to the nodes made.
    const slots = new Int32Array((keywords.reduce((sum, keyword) => sum + keyword.length, 0) + 1) * ASCII_SLOTS);
    for (let index = 0; index < keywords.length; index++) {
      const keyword = keywords[index] as string;
      let node = 0;
      for (let at = 0; at < keyword.length; at++) {
        const unit = keyword.charCodeAt(at);
        let child = unit < ASCII_SLOTS ? (slots[node * ASCII_SLOTS + unit] as number) : (this.beyondAscii.get(node * UNIT_KEYS + unit) ?? 0);
        if (child === 0) {
          child = this.ends.length;
          this.ends.push(-1);
          if (unit < ASCII_SLOTS) slots[node * ASCII_SLOTS + unit] = child;
          else this.beyondAscii.set(node * UNIT_KEYS + unit, child);
        }
        node = child;
      }
      this.ends[node] = index;
    }
    this.ascii = slots.slice(0, this.ends.length * ASCII_SLOTS);
  }

  /**
   * Sets `found[i]` to 1 for every keyword `i` (its index in the constructor's list) occurring in `text` (ASCII
   * letters lower-cased first); whether one does.
   */
  markKeywordsIn(text: string, found: Uint8Array): boolean {
    let any = false;
    const { ascii, beyondAscii, ends } = this;
    const length = text.length;
    for (let start = 0; start < length; start++) {
      let node = 0;
      for (let at = start; at < length; at++) {
        let unit = text.charCodeAt(at);
        if (unit >= 65 && unit <= 90) unit += 32; // A-Z → a-z
        node = unit < ASCII_SLOTS ? (ascii[node * ASCII_SLOTS + unit] as number) : beyondAscii.size === 0 ? 0 : (beyondAscii.get(node * UNIT_KEYS + unit) ?? 0);
        if (node === 0) break;
        const keyword = ends[node] as number;
        if (keyword >= 0) {
          found[keyword] = 1;
          any = true;
        }
      }
    }
    return any;
  }
}
