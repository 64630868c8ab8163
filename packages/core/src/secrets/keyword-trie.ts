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
  /**
   * `ascii[node * 128 + unit]`: the child of `node` for the ASCII code unit, 0 for none (node 0, the root, is no
   * one's child). An upper-case letter has the child of its lower-case letter.
   */
  private readonly ascii: Int32Array;
  /** Children for code units beyond ASCII (only keywords of a custom catalogue have them). */
  private readonly beyondAscii = new Map<number, number>();
  /** The index (in the constructor's list) of the keyword ending at each node, -1 for none. */
  private readonly ends: Int32Array;
  private readonly hasBeyondAscii: boolean;

  /**
   * `keywords`: distinct and non-empty. One with an ASCII upper-case letter never matches (text letters are
   * compared lower-cased), so it is left out.
   */
  constructor(keywords: readonly string[]) {
    // Room for the most nodes the keywords can make (one per character, and the root); cut to the nodes made.
    const slots = new Int32Array((keywords.reduce((sum, keyword) => sum + keyword.length, 0) + 1) * ASCII_SLOTS);
    const ends: number[] = [-1];
    for (let index = 0; index < keywords.length; index++) {
      const keyword = keywords[index] as string;
      if (/[A-Z]/.test(keyword)) continue;
      let node = 0;
      for (let at = 0; at < keyword.length; at++) {
        const unit = keyword.charCodeAt(at);
        let child = unit < ASCII_SLOTS ? (slots[node * ASCII_SLOTS + unit] as number) : (this.beyondAscii.get(node * UNIT_KEYS + unit) ?? 0);
        if (child === 0) {
          child = ends.length;
          ends.push(-1);
          if (unit >= ASCII_SLOTS) this.beyondAscii.set(node * UNIT_KEYS + unit, child);
          else {
            slots[node * ASCII_SLOTS + unit] = child;
            // The upper-case letter leads to the same node: the walk compares letters without lower-casing the text.
            if (unit >= 97 && unit <= 122) slots[node * ASCII_SLOTS + unit - 32] = child;
          }
        }
        node = child;
      }
      ends[node] = index;
    }
    this.ascii = slots.slice(0, ends.length * ASCII_SLOTS);
    this.ends = Int32Array.from(ends);
    this.hasBeyondAscii = this.beyondAscii.size > 0;
  }

  /**
   * Sets `found[i]` to 1 for every keyword `i` (its index in the constructor's list) occurring in `text` (ASCII
   * letters lower-cased first); whether one does.
   */
  markKeywordsIn(text: string, found: Uint8Array): boolean {
    let any = false;
    const { ascii, beyondAscii, hasBeyondAscii, ends } = this;
    const length = text.length;
    for (let start = 0; start < length; start++) {
      let node = 0;
      for (let at = start; at < length; at++) {
        const unit = text.charCodeAt(at);
        node = unit < ASCII_SLOTS ? (ascii[node * ASCII_SLOTS + unit] as number) : hasBeyondAscii ? (beyondAscii.get(node * UNIT_KEYS + unit) ?? 0) : 0;
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
