import { describe, expect, it, beforeAll } from 'vitest';
import { buildModel, initialize, type ArgInstruction, type CopyInstruction, type EnvInstruction, type RunInstruction } from '../../src/index.js';

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
    // Not made while building the model: most rules read a RUN through its scripts.
    expect(typeof Object.getOwnPropertyDescriptor(run, 'args')?.get).toBe('function');
    const words = run.args;
    expect(words.map((word) => [word.value, word.raw])).toEqual([['apk', 'apk'], ['add', 'add'], ['"curl"', '"curl"'], ['jq', 'jq']]);
    expect(words[2]!.range).toEqual({ start: { line: 3, column: 5 }, end: { line: 3, column: 11 } });
    expect(run.args).toBe(words);
    expect(Object.keys(run)).toContain('args');
  });
});
