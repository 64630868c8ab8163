/** The model's comments. */
import type { Comment as AstComment } from 'dockerfile-ast';
import { fromLspRange } from './positions.js';
import type { Comment, Range } from './types.js';

/**
 * A comment: its range is made on first read. Its readers look at its text, line and offsets (directives,
 * `check=` lines, the secret scan of comments); a range (three objects) for every comment was a sizeable part of
 * what the model allocated.
 */
export class ModelComment implements Comment {
  readonly #source: AstComment;
  #range: Range | undefined = undefined;

  constructor(source: AstComment, readonly text: string, readonly line: number, readonly offset: number, readonly endOffset: number) {
    this.#source = source;
  }

  get range(): Range {
    return (this.#range ??= fromLspRange(this.#source.getRange()));
  }

  /** The same comment in a text where it starts `by` characters later (an edit before it kept the line count: same line and column). */
  moved(by: number): ModelComment {
    return by === 0 ? this : new ModelComment(this.#source, this.text, this.line, this.offset + by, this.endOffset + by);
  }
}
