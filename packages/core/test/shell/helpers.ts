import { initShellParser, parseShell } from '../../src/shell/parser.js';
import type { Position } from '../../src/model/types.js';
import type { ShellScript } from '../../src/shell/types.js';

export { initShellParser };

/** Position mapper for `text` placed at (line, column) of a Dockerfile. */
export function mapper(text: string, line = 1, column = 1): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let l = 0;
    while (l + 1 < starts.length && starts[l + 1]! <= offset) l++;
    const col = offset - starts[l]!;
    return l === 0 ? { line, column: column + col } : { line: line + l, column: 1 + col };
  };
}

/** Parse a RUN body written after `RUN ` on line 1 (so the script starts at column 5). */
export function run(body: string): ShellScript {
  return parseShell(body, mapper(body, 1, 5));
}

export function names(script: ShellScript): string[] {
  return script.commands.map((c) => c.name?.value ?? '<none>');
}
