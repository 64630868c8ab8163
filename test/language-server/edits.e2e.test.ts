/**
 * End-to-end: the real server binary over stdio, a document edited incrementally with a pull after every edit.
 * The server reuses work of the previous lint of the document (engine/edit-reuse.ts); after each edit its
 * diagnostics must equal what the real CLI reports for the same text on disk.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fakes } from '@dockerlint/core/testing';
import { EDIT_SEQUENCE, editSequenceStart } from '../helpers/edit-sequence.js';
import { fixturePath } from '../helpers/fixtures.js';
import { cliFindings, fromDiagnostics, LspClient, type TextEdit } from './client.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The one-range incremental edit that turns `before` into `after` (what an editor sends for a keystroke or a paste). */
function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const position = (offset: number) => {
    const lines = before.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  };
  return { range: { start: position(start), end: position(before.length - end) }, newText: after.slice(start, after.length - end) };
}

describe('diagnostics after a sequence of edits', () => {
  test('equal the CLI on the same text after every edit (pull)', async () => {
    // A real build context with a `.env` the Dockerfile copies and later removes.
    const dir = mkdtempSync(path.join(tmpdir(), 'dockerlint-ls-edits-'));
    temps.push(dir);
    cpSync(fixturePath('no-secret-stage-copy', 'context-env-through-builder'), dir, { recursive: true });
    const file = path.join(dir, 'Dockerfile');
    let text = editSequenceStart(fakes.npmToken(41));
    writeFileSync(file, text);
    const client = await LspClient.start({ mode: 'pull', rootDir: dir });
    try {
      const uri = await client.open(file);
      const texts = [text];
      const pulled = [fromDiagnostics(await client.pull(uri))];
      for (const edit of EDIT_SEQUENCE) {
        const next = edit.apply(text);
        if (next !== text) await client.edit(uri, [minimalEdit(text, next)]);
        text = next;
        expect(client.document(uri).getText()).toBe(text);
        texts.push(text);
        pulled.push(fromDiagnostics(await client.pull(uri)));
      }
      expect(pulled[0]!.map((d) => d.ruleId)).toEqual(expect.arrayContaining(['no-secret-deleted-in-later-layer', 'no-secret-stage-copy']));
      // The CLI lints each text from disk, in a process of its own (nothing reused).
      for (const [i, version] of texts.entries()) {
        writeFileSync(file, version);
        const expected = cliFindings([file], [], dir).get(file) ?? [];
        expect({ step: i === 0 ? 'opened' : EDIT_SEQUENCE[i - 1]!.name, got: pulled[i] }).toEqual({ step: i === 0 ? 'opened' : EDIT_SEQUENCE[i - 1]!.name, got: expected });
      }
    } finally {
      await client.stop();
    }
  });
});
