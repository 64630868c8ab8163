/**
 * Edit reuse (engine/edit-reuse.ts): after an edit, the layer events of the instructions before the first changed
 * character come from the previous lint of the document. The findings after every edit of a sequence must equal
 * a fresh lint of the same text, and the reuse must actually happen.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLintSession, editReuseStats, enableEditReuse, forgetDocumentEdits, initialize, LintAnalysis, lintText, type FileEvent, type Finding, type Rule } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { rules } from '@dockerlint/rules';
import { EDIT_SEQUENCE, editSequenceStart } from '../helpers/edit-sequence.js';
import { fixturePath } from '../helpers/fixtures.js';

// A real build context with a `.env` (secret-bearing) and a `.dockerignore` that does not exclude it.
const contextDir = fixturePath('no-secret-stage-copy', 'context-env-through-builder');
const dockerfile = path.join(contextDir, 'Dockerfile');
const npmToken = fakes.npmToken(31);

/** An event as plain data: what a fresh computation must agree on (object links by position). */
function eventData(event: FileEvent): unknown {
  // `pathMatcher` is a glob compiled on first use: not part of what the event says.
  const data: Record<string, unknown> = { ...event, instruction: event.instruction.offset, pathMatcher: undefined };
  if (event.kind === 'add') {
    if (event.fromStage) data.fromStage = event.fromStage.index;
    if (event.origin) data.origin = `${event.origin.instruction.offset}:${event.origin.path}`;
    if (event.command) data.command = event.command.text;
  }
  return data;
}

/**
 * Not a real rule: checks that the layer events of every instruction (ONBUILD triggers included) equal a fresh
 * computation without a session, that they point into this lint's model (instruction, `fromStage`), and that an
 * `origin` is the very event its instruction has in this lint. Each violation is recorded.
 */
const violations: string[] = [];
const eventProbe: Rule = {
  meta: { id: 'test-event-probe', description: 'probe', severity: 'warning', messages: {}, help: '', tags: [] },
  check({ model, analysis, buildContext }) {
    const fresh = new LintAnalysis({ model, buildContext });
    const instructions = new Set(model.allInstructions());
    const stages = new Set(model.stages);
    for (const instruction of model.allInstructions()) {
      const events = analysis.instructionEvents(instruction);
      const line = `line ${instruction.range.start.line} (${instruction.text.split('\n')[0]})`;
      if (JSON.stringify(events.map(eventData)) !== JSON.stringify(fresh.instructionEvents(instruction).map(eventData))) violations.push(`${line}: events differ from a fresh computation`);
      for (const event of events) {
        if (!instructions.has(event.instruction)) violations.push(`${line}: ${event.path}: instruction of another lint`);
        if (event.kind === 'add' && event.fromStage && !stages.has(event.fromStage)) violations.push(`${line}: ${event.path}: fromStage of another lint`);
        if (event.kind === 'add' && event.origin && !analysis.instructionEvents(event.origin.instruction).includes(event.origin)) violations.push(`${line}: ${event.path}: origin of another lint`);
      }
    }
  },
};

const strip = (findings: Finding[]) => JSON.parse(JSON.stringify(findings)) as unknown;

describe('edit reuse across lints of one document', () => {
  it('gives the findings of a fresh lint after every edit, and reuses the events of unchanged instructions', async () => {
    await initialize();
    const session = createLintSession();
    enableEditReuse(session);
    const lint = (text: string, withSession: boolean) =>
      lintText({ filePath: dockerfile, text, rules: [...rules, eventProbe], absolutePath: dockerfile, contextDir, ...(withSession ? { session } : {}) });

    let text = editSequenceStart(npmToken);
    const first = lint(text, true);
    // The sequence exercises what is reused: a deleted-in-later-layer and a stage-copy finding exist from the start.
    expect(first.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['no-secret-deleted-in-later-layer', 'no-secret-stage-copy']));
    expect(strip(first.findings)).toEqual(strip(lint(text, false).findings));
    expect(editReuseStats(session)?.reused).toBe(0);

    for (const edit of EDIT_SEQUENCE) {
      const next = edit.apply(text);
      expect(next === text, `edit "${edit.name}" changes the text`).toBe(edit.name.startsWith('nothing'));
      text = next;
      const before = editReuseStats(session)!.reused;
      const edited = lint(text, true);
      expect(strip(edited.findings), `after editing ${edit.name}`).toEqual(strip(lint(text, false).findings));
      if (edit.name.startsWith('the last line') || edit.name.startsWith('nothing')) {
        expect(editReuseStats(session)!.reused, `events reused after editing ${edit.name}`).toBeGreaterThan(before);
      }
    }
    expect(violations).toEqual([]);
  });

  it('after an edit inside a RUN, reuses the RUNs after it (the edited one is computed again)', async () => {
    await initialize();
    const session = createLintSession();
    enableEditReuse(session);
    const text = ['FROM alpine:3.20 AS tools', 'RUN echo one > /opt/one', 'RUN echo two > /opt/two', 'RUN rm -f /opt/one', ''].join('\n');
    const lint = (source: string) => lintText({ filePath: dockerfile, text: source, rules, absolutePath: dockerfile, contextDir, session });
    lint(text);
    // The rules ask for the events of the FROM and the three RUNs.
    expect(editReuseStats(session)).toEqual({ reused: 0, computed: 4 });
    lint(text.replace('echo one', 'echo uno'));
    // The FROM before the edit and the two RUNs after it are reused; the edited RUN is computed.
    expect(editReuseStats(session)).toEqual({ reused: 3, computed: 5 });
    // A line added moves the RUNs after it: only the FROM is reused, the four RUNs are computed.
    lint(text.replace('echo one', 'echo uno\nRUN true'));
    expect(editReuseStats(session)).toEqual({ reused: 4, computed: 9 });
  });

  it('after an edit of a LABEL or CMD between RUNs, reuses the RUNs after it; after an ENV edit, computes them', async () => {
    await initialize();
    const session = createLintSession();
    enableEditReuse(session);
    const text = ['FROM alpine:3.20 AS tools', 'LABEL org.example.step="1"', 'RUN echo one > /opt/one', 'CMD ["sh"]', 'ENV MODE=a', 'RUN echo two > /opt/two', 'RUN rm -f /opt/one', ''].join('\n');
    const lint = (source: string) => lintText({ filePath: dockerfile, text: source, rules, absolutePath: dockerfile, contextDir, session });
    const counts = () => editReuseStats(session);
    lint(text);
    // The rules ask for the events of all seven instructions.
    expect(counts()).toEqual({ reused: 0, computed: 7 });
    // The FROM before the edit and the three RUNs are reused; the LABEL is computed, and so are the CMD and the ENV
    // after it (no events to reuse: only RUNs and build-context COPY/ADD are taken from after an edit).
    lint(text.replace('step="1"', 'step="2"'));
    expect(counts()).toEqual({ reused: 4, computed: 10 });
    // A CMD changed (same for ENTRYPOINT, EXPOSE, …): FROM, LABEL and RUN before it, the two RUNs after it reused.
    lint(text.replace('step="1"', 'step="2"').replace('CMD ["sh"]', 'CMD ["bash"]'));
    expect(counts()).toEqual({ reused: 9, computed: 12 });
    // An ENV changed: a later RUN may read it, so the ENV and both RUNs after it are computed again.
    lint(text.replace('step="1"', 'step="2"').replace('CMD ["sh"]', 'CMD ["bash"]').replace('MODE=a', 'MODE=b'));
    expect(counts()).toEqual({ reused: 13, computed: 15 });
  });

  it('reuses nothing when the session did not enable it, for another document, or after the document is forgotten', async () => {
    await initialize();
    const plain = createLintSession();
    lintText({ filePath: dockerfile, text: editSequenceStart(npmToken), rules, absolutePath: dockerfile, contextDir, session: plain });
    expect(editReuseStats(plain)).toBeUndefined();

    const session = createLintSession();
    enableEditReuse(session);
    const other = path.join(contextDir, 'other.Dockerfile');
    lintText({ filePath: dockerfile, text: editSequenceStart(npmToken), rules, absolutePath: dockerfile, contextDir, session });
    lintText({ filePath: other, text: editSequenceStart(npmToken), rules, absolutePath: other, contextDir, session });
    expect(editReuseStats(session)?.reused).toBe(0);
    forgetDocumentEdits(session, dockerfile);
    lintText({ filePath: dockerfile, text: editSequenceStart(npmToken), rules, absolutePath: dockerfile, contextDir, session });
    expect(editReuseStats(session)?.reused).toBe(0);
    lintText({ filePath: dockerfile, text: editSequenceStart(npmToken), rules, absolutePath: dockerfile, contextDir, session });
    expect(editReuseStats(session)!.reused).toBeGreaterThan(0);
  });
});
