/**
 * Model reuse across edits (model/build.ts, `BuildModelOptions.previous`): an instruction with the same text at the
 * same line and column takes what the previous model made from its own text. Every model built that way must
 * equal a model built from scratch — parsed whole or only around the edit (model/reparse.ts) — after scripted edits (lines added, instructions split and merged, ARG/ENV
 * and stage names read later changed, `# check=skip` / `# dockerlint-disable` comments toggled, the escape
 * directive changed) and after random ones — and the takeover must actually happen.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, createLintSession, MAX_NODE_AGE, enableEditReuse, initialize, lintText, type DockerfileModel, type Instruction } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { rules } from '@dockerlint/rules';
import { EDIT_SEQUENCE, editSequenceStart } from '../helpers/edit-sequence.js';
import { fixturePath } from '../helpers/fixtures.js';
import { seededRandom } from '../helpers/random.js';

const contextDir = fixturePath('no-secret-stage-copy', 'context-env-through-builder');
const dockerfile = path.join(contextDir, 'Dockerfile');

/** Everything a rule can read of one instruction, as plain data (links to other model objects by index). */
function instructionData(model: DockerfileModel, instruction: Instruction): unknown {
  const { stage, onbuild, facts, ...own } = instruction as Instruction & Record<string, unknown>;
  const data: Record<string, unknown> = { ...own, args: instruction.args, keywordRange: instruction.keywordRange, stage: stage?.index, onbuild: onbuild?.offset, facts };
  if ('trigger' in own) data.trigger = (own.trigger as Instruction | undefined)?.offset;
  if (instruction.kind === 'COPY' || instruction.kind === 'ADD') data.fromStage = instruction.fromStage?.index;
  if (instruction.kind === 'ENV' || instruction.kind === 'LABEL') {
    data.pairs = instruction.pairs.map((pair) => ({ name: pair.name, value: pair.value, rawValue: pair.rawValue, range: pair.range, nameRange: pair.nameRange, valueRange: pair.valueRange }));
  }
  if (instruction.kind === 'RUN') data.scripts = instruction.scripts.map((script) => ({ source: script.source, range: script.range, commands: script.commands.length, hasErrors: script.hasErrors }));
  data.scope = [...model.scopeAt(instruction)].map(([name, binding]) => [name, binding.kind, binding.value, binding.resolvedValue, binding.declaredAt.offset]);
  return data;
}

function modelData(model: DockerfileModel): string {
  return JSON.stringify({
    text: model.text,
    directives: model.directives,
    comments: model.comments.map((comment) => ({ text: comment.text, line: comment.line, range: comment.range, offset: comment.offset, endOffset: comment.endOffset })),
    problems: model.problems,
    instructions: model.allInstructions().map((instruction) => instructionData(model, instruction)),
    globalArgs: model.globalArgs.map((arg) => arg.offset),
    stages: model.stages.map((stage) => ({
      index: stage.index, name: stage.name, from: stage.from.offset, baseImage: stage.baseImage, baseStage: stage.baseStage?.index, ships: stage.ships,
      copiesFrom: stage.copiesFrom.map((source) => source.index), range: stage.range, instructions: stage.instructions.map((i) => i.offset),
    })),
    targetStage: model.targetStage?.index,
  });
}

/** Instructions of `next` that took over the flags of an instruction of `previous` (the same array). */
function takenOver(previous: DockerfileModel, next: DockerfileModel): number {
  const before = new Set(previous.instructions.map((instruction) => instruction.flags));
  return next.instructions.filter((instruction) => before.has(instruction.flags)).length;
}

/** Instructions of `next` made from a dockerfile-ast node of `previous` (its parse carried over, not parsed again). */
function carriedNodes(previous: DockerfileModel, next: DockerfileModel): number {
  type Parsed = { sourceNode(): unknown };
  const before = new Set(previous.instructions.map((instruction) => (instruction as unknown as Parsed).sourceNode()));
  return next.instructions.filter((instruction) => before.has((instruction as unknown as Parsed).sourceNode())).length;
}

/** A 120-line multi-stage file like an editor's (the language-server benchmark's shape, smaller). */
function longDockerfile(): string {
  const lines = ['# syntax=docker/dockerfile:1', 'ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION} AS deps', 'WORKDIR /app', 'COPY package.json ./'];
  for (let n = 1; n <= 12; n++) {
    lines.push(`RUN --mount=type=cache,target=/root/.npm npm install left-pad@1.${n}.0 && \\`, `    echo "step ${n}" > /tmp/step-${n}.log`, `ENV FEATURE_${n}=on PATH_${n}=/opt/tool-${n}/bin`, '# a comment');
  }
  lines.push('FROM deps AS build', 'ARG NPM_TOKEN', 'COPY . .', 'RUN npm run build');
  for (let n = 13; n <= 40; n++) lines.push(`RUN apt-get install -y pkg-${n}`, `LABEL org.example.step${n}="value ${n}"`);
  lines.push('FROM node:20-slim', 'WORKDIR /app', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/index.js"]');
  return `${lines.join('\n')}\n`;
}

const npmToken = fakes.npmToken(51);

/** Edits besides the shared sequence: what else can change how the rest of the file is read. */
const MORE_EDITS: { name: string; apply: (text: string) => string }[] = [
  { name: 'an ARG default read by a later FROM', apply: (t) => t.replace('ARG BASE=node:20', 'ARG BASE=node:22') },
  { name: 'an ENV read by later instructions added', apply: (t) => t.replace('WORKDIR /app\nCOPY . .', 'ENV APP=/app\nWORKDIR $APP\nCOPY . .') },
  { name: 'the ENV value changed', apply: (t) => t.replace('ENV APP=/app', 'ENV APP=/srv') },
  { name: 'an instruction split in two', apply: (t) => t.replace('RUN rm -f /opt/data', 'RUN rm -f /opt/data\nRUN true') },
  { name: 'two instructions merged by a continuation', apply: (t) => t.replace('RUN rm -f /opt/data\nRUN true', 'RUN rm -f /opt/data \\\n  && true') },
  { name: 'a check=skip directive added', apply: (t) => t.replace('# syntax=docker/dockerfile:1\n', '# syntax=docker/dockerfile:1\n# check=skip=SecretsUsedInArgOrEnv\n') },
  { name: 'a disable comment before an instruction', apply: (t) => t.replace('COPY package.json /opt/', '# dockerlint-disable-next-line no-secret-file-copy\nCOPY package.json /opt/') },
  { name: 'the disable comment removed', apply: (t) => t.replace('# dockerlint-disable-next-line no-secret-file-copy\n', '') },
  { name: 'a heredoc opened in a RUN', apply: (t) => t.replace('RUN rm -f /opt/data \\\n  && true', 'RUN <<SH\nrm -f /opt/data\nSH') },
  { name: 'a stage copy from an index', apply: (t) => t.replace('COPY --from=builder /app ./', 'COPY --from=0 /app ./') },
  { name: 'an unknown instruction', apply: (t) => t.replace('COPY package.json /opt/', 'COPPY package.json /opt/') },
  { name: 'the escape directive (every line reads differently)', apply: (t) => t.replace('# syntax=docker/dockerfile:1\n', '# escape=`\n') },
  { name: 'a backtick continuation', apply: (t) => t.replace('RUN npm ci && \\\n', 'RUN npm ci && `\n') },
  { name: 'the escape directive removed', apply: (t) => t.replace('# escape=`\n', '') },
  { name: 'CRLF line ends', apply: (t) => t.replace(/\n/g, '\r\n') },
];

const random = seededRandom;

/** What a keystroke or a paste inserts: plain characters and what changes how lines join or what a word means. */
const INSERTS = ['a', '1', ' ', '\n', '\\\n', '\\', '`', '$', '${BASE}', '"', "'", '=', '--from=build ', '--mount=type=secret,id=npm ', '<<EOF\n', '\nEOF\n', '# ', 'ONBUILD ', 'RUN ', 'ENV X=1 ', 'ARG ', '[', ']', '\r\n', '\r', '\t'];

describe('model reuse across edits of one document', () => {
  it('builds, after every scripted edit, the model a fresh build makes, and takes over the unchanged instructions', async () => {
    await initialize();
    let text = editSequenceStart(npmToken);
    let previous = buildModel(text, { path: dockerfile });
    let takeovers = 0;
    for (const edit of [...EDIT_SEQUENCE, ...MORE_EDITS]) {
      const next = edit.apply(text);
      expect(next === text, `edit "${edit.name}" changes the text`).toBe(edit.name.startsWith('nothing'));
      text = next;
      const reused = buildModel(text, { path: dockerfile, previous });
      expect(modelData(reused), `after editing ${edit.name}`).toBe(modelData(buildModel(text, { path: dockerfile })));
      const count = takenOver(previous, reused);
      if (edit.name.startsWith('the escape directive')) expect(count, `nothing taken over after ${edit.name}`).toBe(0);
      // With CRLF line ends only the one-line instructions keep their text.
      if (edit.name === 'CRLF line ends') expect(count).toBe(reused.instructions.filter((i) => !i.text.includes('\n') && i.kind !== 'ONBUILD' && i.kind !== 'UNKNOWN' && i.heredocs.length === 0).length);
      if (edit.name.startsWith('nothing')) expect(count).toBe(reused.instructions.filter((i) => i.kind !== 'ONBUILD' && i.heredocs.length === 0).length);
      takeovers += count;
      previous = reused;
    }
    expect(takeovers).toBeGreaterThan(200);
    // An edit inside one line leaves the other instructions' nodes in place: only the window around it (the edited
    // instruction and the one before it) is parsed again.
    const before = buildModel(text, { path: dockerfile });
    const after = buildModel(text.replace('npm ci && rm -f /root/.npmrc', 'npm ci --omit=dev && rm -f /root/.npmrc'), { path: dockerfile, previous: before });
    expect(carriedNodes(before, after)).toBe(after.instructions.length - 2);
  });

  it.each([
    ['the edit-sequence file', () => editSequenceStart(npmToken), 15],
    ['a long file', longDockerfile, 16],
  ])('builds, after random edits of %s, the model a fresh build makes, parsing only around the edits', async (_name, start, seed) => {
    await initialize();
    const next = random(seed);
    let text = start();
    let previous = buildModel(text, { path: dockerfile });
    let carried = 0;
    let instructions = 0;
    for (let step = 0; step < 500; step++) {
      const at = Math.floor(next() * (text.length + 1));
      const remove = next() < 0.4 ? Math.floor(next() * 4) : 0;
      const insert = next() < 0.8 ? INSERTS[Math.floor(next() * INSERTS.length)]! : '';
      text = text.slice(0, at) + insert + text.slice(at + remove);
      const reused = buildModel(text, { path: dockerfile, previous });
      expect(modelData(reused), `step ${step}: ${JSON.stringify(insert)} at ${at}, ${remove} removed`).toBe(modelData(buildModel(text, { path: dockerfile })));
      // A lone CR makes the whole file parse again (reparse.ts): count the partial parses on the other texts.
      if (!/\r(?!\n)/.test(text)) {
        carried += carriedNodes(previous, reused);
        instructions += reused.instructions.length;
      }
      previous = reused;
      // Now and then start over, so that the random edits do not leave the text without any instructions.
      if (step % 50 === 49) text = start();
    }
    // Most instructions were not parsed again (the edits the window cannot take parse the whole file).
    expect(carried / instructions).toBeGreaterThan(0.5);
  });

  it.each([
    ['in the parser directives', (t: string) => t.replace('# syntax', '# s\ryntax')],
    ['between two instructions', (t: string) => t.replace('COPY . .\n', 'COPY . .\r')],
    ['inside a continued RUN', (t: string) => t.replace('RUN npm ci && \\\n', 'RUN npm ci && \\\r')],
  ])('builds the model a fresh build makes when a lone CR ends a line %s', async (_where, withCr) => {
    await initialize();
    const text = withCr(editSequenceStart(npmToken));
    const previous = buildModel(text, { path: dockerfile });
    for (const edited of [text.replace('npm test', 'npm run test'), text.replace('RUN rm -f /opt/data', 'RUN rm -f /opt/data\nRUN true')]) {
      expect(modelData(buildModel(edited, { path: dockerfile, previous }))).toBe(modelData(buildModel(edited, { path: dockerfile })));
    }
  });

  it('gives a carried-over instruction its words at their new offsets when an edit before it changed a line\'s length', async () => {
    await initialize();
    const text = 'FROM alpine AS build\nRUN apk add curl\nWORKDIR /src\nRUN make all\nCOPY --chown=1:1 a.txt \\\n  b.txt /dst/\nUSER app\n';
    const previous = buildModel(text, { path: dockerfile }); // its words are never read: the edited model makes them
    const edited = text.replace('make all', 'make all install'); // the nodes after it are carried over (reparse.ts)
    const next = buildModel(edited, { path: dockerfile, previous });
    expect(carriedNodes(previous, next)).toBeGreaterThan(0);
    const fresh = buildModel(edited, { path: dockerfile });
    const words = (model: DockerfileModel) => model.instructions.map((instruction) => instruction.args.map((word) => [word.value, word.raw, word.range]));
    expect(words(next)).toEqual(words(fresh));
    expect(next.instructions[4]!.args[1]).toEqual({ value: 'b.txt', raw: 'b.txt', range: { start: { line: 6, column: 3 }, end: { line: 6, column: 8 } } });
  });

  it('parses the whole file again once the nodes carried over are MAX_NODE_AGE parses old', async () => {
    await initialize();
    let text = longDockerfile();
    let previous = buildModel(text, { path: dockerfile });
    const wholeParses: number[] = [];
    for (let edit = 1; edit <= 2 * MAX_NODE_AGE + 2; edit++) {
      text = text.replace(/pkg-\d+/, `pkg-${1000 + edit}`);
      const next = buildModel(text, { path: dockerfile, previous });
      if (carriedNodes(previous, next) === 0) wholeParses.push(edit);
      previous = next;
    }
    // Each node is carried over at most MAX_NODE_AGE - 1 times: the file's text of an old parse is not kept for long.
    expect(wholeParses).toEqual([MAX_NODE_AGE, 2 * MAX_NODE_AGE]);
  });

  it('takes the previous model from a session with edit reuse on, for the same document only', async () => {
    await initialize();
    const session = createLintSession();
    enableEditReuse(session);
    const text = editSequenceStart(npmToken);
    const lint = (source: string, file = dockerfile) => lintText({ filePath: file, text: source, rules, absolutePath: file, contextDir, session }).model!;
    const first = lint(text);
    const edited = lint(text.replace('npm test', 'npm run test'));
    // Every instruction but the edited RUN, the ONBUILDs and the heredoc RUN took over its flags.
    const fresh = edited.instructions.filter((instruction) => instruction.kind === 'ONBUILD' || instruction.heredocs.length > 0 || instruction.text.includes('npm run test'));
    expect(takenOver(first, edited)).toBe(edited.instructions.length - fresh.length);
    const other = lint(text, path.join(contextDir, 'other.Dockerfile'));
    expect(takenOver(edited, other)).toBe(0);
    // Without edit reuse a session keeps no model.
    const plain = createLintSession();
    const a = lintText({ filePath: dockerfile, text, rules, absolutePath: dockerfile, contextDir, session: plain }).model!;
    const b = lintText({ filePath: dockerfile, text, rules, absolutePath: dockerfile, contextDir, session: plain }).model!;
    expect(takenOver(a, b)).toBe(0);
  });
});
