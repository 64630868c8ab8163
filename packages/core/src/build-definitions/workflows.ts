/**
 * GitHub Actions workflows (`.github/workflows/*.yml`): `docker/build-push-action` steps (`with:` context, file,
 * target, build-args, secrets, secret-files) and `docker build` / `docker buildx build` command lines in `run:` steps.
 */
import path from 'node:path';
import type { Range } from '../model/types.js';
import { secretIdOf } from './bake.js';
import { dockerBuildCommand, splitCommands, type ScriptWord } from './command-line.js';
import type { BuildDefinition, DefinitionProblem, SuppliedArg, SuppliedSecret } from './types.js';
import { YamlSource, isScalar, keyText, mapGet, mapPairs, scalarText, seqItems, type Node, type Scalar } from './yaml-source.js';

export function isWorkflowPath(absolutePath: string): boolean {
  const parts = absolutePath.split(/[\\/]/);
  return parts.length >= 3 && parts[parts.length - 3] === '.github' && parts[parts.length - 2] === 'workflows' && /\.ya?ml$/.test(parts[parts.length - 1]!);
}

export interface WorkflowInput {
  path: string;
  text: string;
}

/** The action input lists (`build-args`, `secrets`): one entry per line. */
function inputLines(text: string): { line: string; offset: number }[] {
  const lines: { line: string; offset: number }[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const trimmed = raw.trim();
    if (trimmed !== '') lines.push({ line: trimmed, offset: offset + raw.indexOf(trimmed) });
    offset += raw.length + 1;
  }
  return lines;
}

function hasExpression(text: string): boolean {
  return text.includes('${{') || /\$[A-Za-z_{]/.test(text);
}

export function readWorkflow(file: WorkflowInput, problems: DefinitionProblem[]): BuildDefinition[] {
  const source = new YamlSource(file.text);
  const firstError = source.errors[0];
  if (firstError) {
    problems.push({ file: file.path, message: `not valid YAML: ${firstError.message}`, range: firstError.range });
    return [];
  }
  // `.github/workflows/x.yml` → the repository root, where `actions/checkout` puts the code.
  const repoRoot = path.resolve(path.dirname(file.path), '..', '..');
  const workflowName = path.basename(file.path);
  const workflowDir = scalarText(mapGet(mapGet(mapGet(source.root, 'defaults'), 'run'), 'working-directory'));
  const definitions: BuildDefinition[] = [];
  for (const jobPair of mapPairs(mapGet(source.root, 'jobs'))) {
    const job = keyText(jobPair);
    if (job === undefined) continue;
    const jobDir = scalarText(mapGet(mapGet(mapGet(jobPair.value, 'defaults'), 'run'), 'working-directory')) ?? workflowDir;
    seqItems(mapGet(jobPair.value, 'steps')).forEach((step, index) => {
      const stepName = scalarText(mapGet(step, 'name'));
      const label = `${workflowName} job ${job} step ${stepName !== undefined ? `"${stepName}"` : index + 1}`;
      const uses = scalarText(mapGet(step, 'uses'));
      if (uses !== undefined && /^docker\/build-push-action@/.test(uses)) {
        definitions.push(buildPushAction(source, file.path, repoRoot, label, step));
        return;
      }
      const run = mapGet(step, 'run');
      if (isScalar(run) && typeof run.value === 'string') {
        const stepDir = scalarText(mapGet(step, 'working-directory')) ?? jobDir;
        const cwd = stepDir !== undefined && !hasExpression(stepDir) ? path.resolve(repoRoot, stepDir) : repoRoot;
        definitions.push(...runSteps(source, file.path, cwd, label, run));
      }
    });
  }
  return definitions;
}

function buildPushAction(source: YamlSource, file: string, repoRoot: string, label: string, step: Node): BuildDefinition {
  const inputs = mapGet(step, 'with');
  const input = (name: string) => scalarText(mapGet(inputs, name));
  const definition: BuildDefinition = {
    kind: 'workflow',
    file,
    label: `${label} (docker/build-push-action)`,
    args: [],
    secrets: [],
    additionalContexts: {},
    at: { file, range: source.nodeRange(mapGet(step, 'uses')) },
  };
  // Without `context` the action builds the Git context of the commit: the repository's tracked files.
  const context = input('context') ?? '.';
  if (!hasExpression(context) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(context)) definition.contextDir = path.resolve(repoRoot, context);
  const dockerfile = input('file');
  if (dockerfile !== undefined && !hasExpression(dockerfile)) definition.dockerfile = path.resolve(repoRoot, dockerfile);
  else if (dockerfile === undefined && definition.contextDir !== undefined) definition.dockerfile = path.join(definition.contextDir, 'Dockerfile');
  const target = input('target');
  if (target && !hasExpression(target)) definition.target = target;
  const listInput = (name: string, each: (line: string, range: (start: number, length: number) => Range) => void) => {
    const node = mapGet(inputs, name);
    if (!isScalar(node) || typeof node.value !== 'string') return;
    for (const { line, offset } of inputLines(node.value)) each(line, (start, length) => source.rangeInScalar(node as Scalar, offset + start, length));
  };
  listInput('build-args', (line, range) => {
    const eq = line.indexOf('=');
    const name = eq < 0 ? line : line.slice(0, eq);
    const arg: SuppliedArg = { name, file, range: range(0, name.length) };
    if (eq >= 0) {
      arg.value = line.slice(eq + 1);
      arg.valueRange = range(eq + 1, line.length - eq - 1);
    }
    definition.args.push(arg);
  });
  // `secrets: NAME=value` and `secret-files: NAME=path` lines: NAME is the id the Dockerfile mounts.
  for (const name of ['secrets', 'secret-files', 'secret-envs']) {
    listInput(name, (line, range) => {
      const eq = line.indexOf('=');
      const id = (eq < 0 ? line : line.slice(0, eq)).replace(/^"|"$/g, '');
      if (id !== '') definition.secrets.push({ id, file, range: range(0, eq < 0 ? line.length : eq) });
    });
  }
  return definition;
}

function runSteps(source: YamlSource, file: string, cwd: string, label: string, run: Scalar): BuildDefinition[] {
  const script = String(run.value);
  const definitions: BuildDefinition[] = [];
  const rangeOf = (word: ScriptWord, from = 0, length = word.end - word.start - from) => source.rangeInScalar(run, word.start + from, length);
  for (const words of splitCommands(script)) {
    const command = dockerBuildCommand(words);
    if (!command) continue;
    const definition: BuildDefinition = {
      kind: 'workflow',
      file,
      label: `${label} (docker build)`,
      args: [],
      secrets: [],
      additionalContexts: {},
      at: { file, range: rangeOf(words[0]!) },
    };
    const context = command.context?.text;
    if (context !== undefined && context !== '-' && !hasExpression(context) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(context)) definition.contextDir = path.resolve(cwd, context);
    const dockerfile = command.file?.text;
    if (dockerfile !== undefined && dockerfile !== '-' && !hasExpression(dockerfile)) definition.dockerfile = path.resolve(cwd, dockerfile);
    else if (dockerfile === undefined && definition.contextDir !== undefined) definition.dockerfile = path.join(definition.contextDir, 'Dockerfile');
    if (command.target && !hasExpression(command.target.text)) definition.target = command.target.text;
    for (const word of command.buildArgs) {
      const quoted = script[word.start] === '"' || script[word.start] === "'" ? 1 : 0;
      const eq = word.text.indexOf('=');
      const name = eq < 0 ? word.text : word.text.slice(0, eq);
      const arg: SuppliedArg = { name, file, range: rangeOf(word, quoted, name.length) };
      if (eq >= 0) {
        arg.value = word.text.slice(eq + 1);
        arg.valueRange = rangeOf(word, quoted + eq + 1, Math.max(0, word.end - word.start - quoted * 2 - eq - 1));
      }
      definition.args.push(arg);
    }
    for (const word of command.secrets) {
      const id = secretIdOf(word.text);
      if (id) definition.secrets.push({ id, file, range: rangeOf(word) } satisfies SuppliedSecret);
    }
    definitions.push(definition);
  }
  return definitions;
}
