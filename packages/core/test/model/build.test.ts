import { Comment, DockerfileParser, Instruction } from 'dockerfile-ast';
import { describe, expect, it, beforeAll, vi } from 'vitest';
import { buildModel, initialize, type ArgInstruction, type CopyInstruction, type EnvInstruction, type RunInstruction } from '../../src/index.js';
import { PlainWord } from '../../src/model/plain-words.js';
import { LintSession } from '../../src/engine/session.js';
import { RAW_ARGUMENTS } from '../../src/model/ast-memo.js';

beforeAll(async () => {
  await initialize();
});

const multiStage = [
  '# syntax=docker/dockerfile:1',
  '# check=skip=SecretsUsedInArgOrEnv',
  'ARG NODE_VERSION=20',
  'ARG NPM_TOKEN',
  'FROM node:${NODE_VERSION} AS deps',
  'WORKDIR /app',
  'ARG NPM_TOKEN',
  'ENV NODE_ENV=production HOME_DIR=/home/app',
  'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \\',
  '    --mount=type=cache,target=/root/.npm \\',
  '    npm ci',
  '',
  'from deps as build',
  'env BUILD_DIR=$HOME_DIR/build',
  'COPY . .',
  'RUN npm run build',
  '',
  'FROM gcr.io/distroless/nodejs20 AS final',
  'COPY --from=build /app/dist /app/dist',
  '',
].join('\n');

describe('buildModel: stages and shipping', () => {
  let model: ReturnType<typeof buildModel>;
  beforeAll(async () => {
    await initialize();
    model = buildModel(multiStage, { path: 'Dockerfile' });
  });

  it('finds the stages, their bases and the target', () => {
    expect(model.stages.map((stage) => [stage.name, stage.baseImage, stage.baseStage?.name])).toEqual([
      ['deps', 'node:20', undefined],
      ['build', 'deps', 'deps'],
      ['final', 'gcr.io/distroless/nodejs20', undefined],
    ]);
    expect(model.targetStage?.name).toBe('final');
    expect(model.stages.map((stage) => stage.ships)).toEqual([false, false, true]);
    expect(model.stages[2]!.copiesFrom.map((stage) => stage.name)).toEqual(['build']);
  });

  it('ships the base chain of the chosen target', () => {
    const targeted = buildModel(multiStage, { path: 'Dockerfile', target: 'build' });
    expect(targeted.stages.map((stage) => stage.ships)).toEqual([true, true, false]);
  });

  it('reads parser directives', () => {
    expect(model.directives.syntax).toBe('docker/dockerfile:1');
    expect(model.directives.checkSkip).toEqual(['SecretsUsedInArgOrEnv']);
    expect(model.directives.escape).toBe('\\');
  });

  it('keeps global ARGs apart and resolves a stage re-declaration to the global default', () => {
    expect(model.globalArgs.map((arg) => arg.declarations.map((d) => d.name))).toEqual([['NODE_VERSION'], ['NPM_TOKEN']]);
    const run = model.stages[0]!.instructions.find((i) => i.kind === 'RUN')!;
    const scope = model.scopeAt(run);
    expect(scope.get('NPM_TOKEN')?.kind).toBe('arg');
    expect(scope.get('NODE_VERSION')).toBeUndefined();
    expect(scope.get('NODE_ENV')?.resolvedValue).toBe('production');
  });

  it('inherits ENV (not ARG) through FROM <stage>', () => {
    const env = model.stages[1]!.instructions.find((i) => i.kind === 'ENV') as EnvInstruction;
    expect(env.keywordText).toBe('env');
    const scope = model.scopeAt(env);
    expect(scope.get('BUILD_DIR')?.resolvedValue).toBe('/home/app/build');
    expect(scope.get('BUILD_DIR')?.references).toEqual(['HOME_DIR']);
    expect(scope.get('NPM_TOKEN')).toBeUndefined();
  });

  it('parses mounts with defaults and positions', () => {
    const run = model.stages[0]!.instructions.find((i) => i.kind === 'RUN') as RunInstruction;
    expect(run.mounts.map((m) => [m.type, m.id, m.target])).toEqual([
      ['secret', 'npmrc', '/root/.npmrc'],
      ['cache', undefined, '/root/.npm'],
    ]);
    expect(run.range).toEqual({ start: { line: 9, column: 1 }, end: { line: 11, column: 11 } });
    expect(run.scripts[0]?.commands.map((c) => [c.name?.value, c.args.map((a) => a.value)])).toEqual([['npm', ['ci']]]);
    expect(run.scripts[0]?.commands[0]?.range.start).toEqual({ line: 11, column: 5 });
  });

  it('resolves COPY destinations against WORKDIR and --from stages', () => {
    const copy = model.stages[1]!.instructions.find((i) => i.kind === 'COPY') as CopyInstruction;
    expect(copy.resolvedDestination).toBe('/app');
    expect(copy.sources.map((s) => s.value)).toEqual(['.']);
    const fromCopy = model.stages[2]!.instructions.find((i) => i.kind === 'COPY') as CopyInstruction;
    expect(fromCopy.fromStage?.name).toBe('build');
    expect(fromCopy.resolvedDestination).toBe('/app/dist');
  });
});

describe('buildModel: syntax corners', () => {
  it('splits ARG declarations with several names', () => {
    const model = buildModel('FROM alpine\nARG A B=2 C="x"\n', { path: 'Dockerfile' });
    const arg = model.instructions[1] as ArgInstruction;
    expect(arg.declarations.map((d) => [d.name, d.value])).toEqual([['A', undefined], ['B', '2'], ['C', 'x']]);
    expect(arg.declarations[1]!.nameRange).toEqual({ start: { line: 2, column: 7 }, end: { line: 2, column: 8 } });
    expect(arg.declarations[1]!.valueRange).toEqual({ start: { line: 2, column: 9 }, end: { line: 2, column: 10 } });
  });

  it('parses heredoc RUN bodies as the script', () => {
    const text = 'FROM alpine\nRUN <<EOF\nset -e\necho "$X" > /root/.netrc\nEOF\n';
    const run = buildModel(text, { path: 'Dockerfile' }).instructions[1] as RunInstruction;
    expect(run.form).toBe('heredoc');
    expect(run.heredocs[0]?.body.text).toBe('set -e\necho "$X" > /root/.netrc');
    const echo = run.scripts[0]!.commands.find((c) => c.name?.value === 'echo')!;
    expect(echo.range.start).toEqual({ line: 4, column: 1 });
    expect(echo.redirects[0]?.target?.value).toBe('/root/.netrc');
  });

  it('parses a command line with a heredoc (`RUN cat <<EOF > file`)', () => {
    const text = 'FROM alpine\nRUN cat <<EOF > /etc/app.conf\ntoken=abc\nEOF\n';
    const run = buildModel(text, { path: 'Dockerfile' }).instructions[1] as RunInstruction;
    const cat = run.scripts[0]!.commands[0]!;
    expect(cat.name?.value).toBe('cat');
    expect(cat.redirects.some((r) => r.target?.value === '/etc/app.conf')).toBe(true);
  });

  it('honours the backtick escape directive for continuations', () => {
    const text = '# escape=`\nFROM alpine\nRUN echo one `\n    && echo two\n';
    const model = buildModel(text, { path: 'Dockerfile' });
    const run = model.instructions[1] as RunInstruction;
    expect(model.directives.escape).toBe('`');
    expect(run.scripts[0]!.commands.map((c) => c.args.map((a) => a.value).join(' '))).toEqual(['one', 'two']);
    expect(run.scripts[0]!.commands[1]!.range.start).toEqual({ line: 4, column: 8 });
  });

  it('drops comment and empty lines inside continuations, as Docker does', () => {
    const text = 'FROM alpine\nRUN apk add \\\n# a comment\n\n    curl\n';
    const run = buildModel(text, { path: 'Dockerfile' }).instructions[1] as RunInstruction;
    expect(run.scripts[0]!.commands[0]!.args.map((a) => a.value)).toEqual(['add', 'curl']);
  });

  it('parses exec-form RUN, including `sh -c` scripts', () => {
    const text = 'FROM alpine\nRUN ["sh", "-c", "echo hi > /tmp/x"]\nRUN ["npm", "ci"]\n';
    const model = buildModel(text, { path: 'Dockerfile' });
    const [shC, plain] = [model.instructions[1] as RunInstruction, model.instructions[2] as RunInstruction];
    expect(shC.form).toBe('exec');
    expect(shC.scripts[0]!.commands[0]!.redirects[0]?.target?.value).toBe('/tmp/x');
    expect(plain.scripts[0]!.commands[0]!.name?.value).toBe('npm');
    expect(plain.scripts[0]!.commands[0]!.range.start.line).toBe(3);
  });

  it('skips shell analysis under a non-POSIX SHELL', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore\nSHELL ["powershell", "-Command"]\nRUN Write-Host hi\n';
    const run = buildModel(text, { path: 'Dockerfile' }).instructions[2] as RunInstruction;
    expect(run.shell).toEqual(['powershell', '-Command']);
    expect(run.scripts).toEqual([]);
  });

  it('exposes ONBUILD triggers with their wrapper and scope', () => {
    const text = 'FROM alpine\nARG TOKEN\nONBUILD RUN echo "$TOKEN" > /x\n';
    const model = buildModel(text, { path: 'Dockerfile' });
    const trigger = model.allInstructions().find((i) => i.onbuild);
    expect(trigger?.kind).toBe('RUN');
    expect(trigger?.onbuild?.kind).toBe('ONBUILD');
    expect(trigger?.range.start).toEqual({ line: 3, column: 9 });
    expect(model.scopeAt(trigger!).has('TOKEN')).toBe(true);
    expect(model.stages[0]!.instructions.includes(trigger!)).toBe(false);
  });

  it('reports unknown instructions and unterminated heredocs as problems without throwing', () => {
    const model = buildModel('FROM alpine\nFOO bar\nRUN <<EOF\necho\n', { path: 'Dockerfile' });
    expect(model.problems.map((p) => p.message)).toEqual(expect.arrayContaining(['unknown instruction FOO']));
  });

  it('maps CRLF files to the right positions', () => {
    const text = 'FROM alpine\r\nRUN echo a \\\r\n  && echo b\r\n';
    const run = buildModel(text, { path: 'Dockerfile' }).instructions[1] as RunInstruction;
    expect(run.scripts[0]!.commands.map((c) => c.range.start)).toEqual([{ line: 2, column: 5 }, { line: 3, column: 6 }]);
  });
});

describe("an instruction's words", () => {
  it('are made on first read, once, with values, raw text and ranges from the source', () => {
    const model = buildModel('FROM alpine\nRUN apk add \\\n    "curl" jq\n', { path: 'Dockerfile' });
    const run = model.instructions[1] as RunInstruction;
    // The words of this RUN are of the plain shape (model/plain-words.ts): their values are made on first read too.
    const made = vi.spyOn(PlainWord.prototype, 'getValue');
    try {
      const words = run.args;
      // Not made while building the model (most rules read a RUN through its scripts): made now, from the 4 words.
      expect(made).toHaveBeenCalledTimes(4);
      expect(words.map((word) => [word.value, word.raw])).toEqual([['apk', 'apk'], ['add', 'add'], ['"curl"', '"curl"'], ['jq', 'jq']]);
      expect(words[2]!.range).toEqual({ start: { line: 3, column: 5 }, end: { line: 3, column: 11 } });
      expect(run.args).toBe(words);
      expect(made).toHaveBeenCalledTimes(4);
    } finally {
      made.mockRestore();
    }
  });

  it("are right when their scan is reused through a session from another file with the instruction at the same place", () => {
    const session = new LintSession();
    const words = (text: string) => buildModel(text, { path: 'Dockerfile', session }).instructions[1]!.args.map((word) => [word.raw, word.range]);
    // The ARG starts at line 2, column 1 in both, at offset 12 in one and 16 in the other.
    expect(words('FROM alpine\nARG NPM_TOKEN A=1\n')).toEqual([
      ['NPM_TOKEN', { start: { line: 2, column: 5 }, end: { line: 2, column: 14 } }],
      ['A=1', { start: { line: 2, column: 15 }, end: { line: 2, column: 18 } }],
    ]);
    expect(session.stats().entries[RAW_ARGUMENTS]).toBeGreaterThan(0);
    expect(words('FROM node:20-x\nARG NPM_TOKEN A=1\n')).toEqual([
      ['NPM_TOKEN', { start: { line: 2, column: 5 }, end: { line: 2, column: 14 } }],
      ['A=1', { start: { line: 2, column: 15 }, end: { line: 2, column: 18 } }],
    ]);
  });

  it('are not all that is made on first read: the keyword range is too, from the source', () => {
    const model = buildModel('FROM alpine\n  run echo hi\nFOO bar\n', { path: 'Dockerfile' });
    const [, run, unknown] = model.instructions;
    expect(Object.keys(run!)).not.toContain('keywordRange');
    expect(run!.keywordRange).toEqual({ start: { line: 2, column: 3 }, end: { line: 2, column: 6 } });
    expect(run!.keywordRange).toBe(run!.keywordRange);
    // An unknown keyword's range is reported right away.
    expect(model.problems).toEqual([{ message: 'unknown instruction FOO', range: unknown!.keywordRange }]);
  });

  it('are read through one accessor shared by all instructions, not one closure per instruction', () => {
    const model = buildModel('FROM alpine\nRUN a\nRUN b\nCOPY x /y\n', { path: 'Dockerfile' });
    const [from, first, second, copy] = model.instructions;
    for (const instruction of [from, first, second, copy]) {
      expect(Object.getOwnPropertyDescriptor(instruction!, 'args')).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(instruction!, 'scripts')).toBeUndefined();
    }
    expect(Object.getPrototypeOf(first)).toBe(Object.getPrototypeOf(second));
    expect((first as RunInstruction).scripts[0]!.commands[0]!.name?.value).toBe('a');
    const replaced = [{ value: 'b', raw: 'b', range: first!.range }];
    first!.args = replaced;
    expect(first!.args).toBe(replaced);
  });
});

describe('heredocs', () => {
  it('are looked for only in instructions with a word that starts with `<<`', () => {
    const text = 'FROM alpine\nRUN apk add curl \\\n  git\nCOPY a b\nRUN echo "1 < 2"\nRUN <<EOF\necho hi\nEOF\nCOPY <<-"CONF" /etc/x\n\tkey=1\n\tCONF\n';
    const scanned = vi.spyOn(Instruction.prototype, 'getHeredocs');
    try {
      const model = buildModel(text, { path: 'Dockerfile' });
      expect(scanned).toHaveBeenCalledTimes(2);
      const heredocs = model.instructions.map((instruction) => instruction.heredocs.map((h) => [h.name, h.stripTabs, h.quoted, h.body.text]));
      expect(heredocs).toEqual([[], [], [], [], [['EOF', false, false, 'echo hi']], [['CONF', true, true, '\tkey=1']]]);
      expect((model.instructions[4] as RunInstruction).form).toBe('heredoc');
      expect((model.instructions[4] as RunInstruction).scripts[0]!.commands[0]!.name?.value).toBe('echo');
    } finally {
      scanned.mockRestore();
    }
  });
});

describe('ENV and LABEL pairs', () => {
  it('have their names, values and raw values at once and make their ranges on first read, from the source', () => {
    const model = buildModel('FROM alpine\nENV A="x y" B\nLABEL c=3\n', { path: 'Dockerfile' });
    const [a] = (model.instructions[1] as EnvInstruction).pairs;
    expect(Object.keys(a!)).toEqual(['name', 'value', 'rawValue']);
    expect([a!.name, a!.value, a!.rawValue]).toEqual(['A', 'x y', '"x y"']);
    expect([a!.range, a!.nameRange, a!.valueRange]).toEqual([
      { start: { line: 2, column: 5 }, end: { line: 2, column: 12 } },
      { start: { line: 2, column: 5 }, end: { line: 2, column: 6 } },
      { start: { line: 2, column: 7 }, end: { line: 2, column: 12 } },
    ]);
    expect(a!.range).toBe(a!.range);
    const [c] = (model.instructions[2] as EnvInstruction).pairs;
    expect([c!.name, c!.value, c!.valueRange]).toEqual(['c', '3', { start: { line: 3, column: 9 }, end: { line: 3, column: 10 } }]);
  });
});

describe('comments', () => {
  it("are read from the text, as dockerfile-ast's trimmed content, without its per-comment position conversions", () => {
    const text = '#\r\n#   \r\n  # indented # twice \r\nFROM alpine\n#\tx\t\nRUN a \\\n# inside\n  b\n#no space';
    const content = vi.spyOn(Comment.prototype, 'getContent');
    try {
      const model = buildModel(text, { path: 'Dockerfile' });
      expect(content).not.toHaveBeenCalled();
      const stock = DockerfileParser.parse(text).getComments().map((comment) => (comment.getContent() ?? '').trim());
      expect(model.comments.map((comment) => comment.text)).toEqual(stock);
      expect(model.comments.map((comment) => [comment.line, comment.text])).toEqual([
        [1, ''], [2, ''], [3, 'indented # twice'], [5, 'x'], [7, 'inside'], [9, 'no space'],
      ]);
    } finally {
      content.mockRestore();
    }
  });

  it('make their ranges on first read (most readers want only the text, line and offsets), once, from the source', () => {
    const model = buildModel('FROM alpine\n  # note\nRUN a\n', { path: 'Dockerfile' });
    const comment = model.comments[0]!;
    expect(Object.keys(comment)).toEqual(['text', 'line', 'offset', 'endOffset']);
    expect([comment.offset, comment.endOffset]).toEqual([14, 20]);
    expect(comment.range).toEqual({ start: { line: 2, column: 3 }, end: { line: 2, column: 9 } });
    expect(comment.range).toBe(comment.range);
  });
});

describe('instruction facts', () => {
  it('are shared by consecutive instructions that run with the same WORKDIR, USER and home, and right for each', () => {
    const text = 'ARG BASE=alpine\nFROM $BASE\nRUN a\nRUN b\nWORKDIR /app\nRUN c\nUSER 1000\nRUN d\nENV HOME=/home/x\nRUN e\nONBUILD RUN f\nWORKDIR sub\n';
    const model = buildModel(text, { path: 'Dockerfile' });
    const facts = model.allInstructions().map((instruction) => [instruction.keywordText, instruction.onbuild ? 'trigger' : '', instruction.facts]);
    expect(facts).toEqual([
      ['ARG', '', { workdir: '/', user: undefined, home: '/root' }],
      ['FROM', '', { workdir: '/', user: undefined, home: '/root' }],
      ['RUN', '', { workdir: '/', user: undefined, home: '/root' }],
      ['RUN', '', { workdir: '/', user: undefined, home: '/root' }],
      ['WORKDIR', '', { workdir: '/', user: undefined, home: '/root' }],
      ['RUN', '', { workdir: '/app', user: undefined, home: '/root' }],
      ['USER', '', { workdir: '/app', user: undefined, home: '/root' }],
      ['RUN', '', { workdir: '/app', user: '1000', home: '/' }],
      ['ENV', '', { workdir: '/app', user: '1000', home: '/home/x' }],
      ['RUN', '', { workdir: '/app', user: '1000', home: '/home/x' }],
      ['ONBUILD', '', { workdir: '/app', user: '1000', home: '/home/x' }],
      ['RUN', 'trigger', { workdir: '/app/sub', user: '1000', home: '/home/x' }],
      ['WORKDIR', '', { workdir: '/app', user: '1000', home: '/home/x' }],
    ]);
    const [, from, a, b, , c] = model.instructions;
    expect(a!.facts).toBe(from!.facts);
    expect(b!.facts).toBe(a!.facts);
    expect(c!.facts).not.toBe(b!.facts);
    expect(model.stages[0]!.range).toEqual({ start: { line: 2, column: 1 }, end: { line: 12, column: 12 } });
  });
});
