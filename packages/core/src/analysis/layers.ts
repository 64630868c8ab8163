/**
 * What each instruction does to the image filesystem: files it adds (COPY/ADD, heredocs, RUN writes) and
 * files it deletes (RUN rm). Every instruction is its own layer, so an add in one instruction followed by a
 * delete in another still ships the file. Rules about deleted secrets, persisted secrets and stage copies
 * all read this one model.
 */
import { posix } from 'node:path';
import type { BuildContext } from '../context/types.js';
import { expandHome, isWithin, joinPosix } from '../model/paths.js';
import type { CopyInstruction, DockerfileModel, Instruction, Range, RunInstruction, Stage } from '../model/types.js';
import { matchCredentialCommand } from '../secrets/commands.js';
import { scanForSecrets } from '../secrets/scan.js';
import type { ShellScript, ShellWord, SimpleCommand } from '../shell/types.js';
import { classifySensitivePath, refineByContent, type SensitiveMatch } from './sensitive-files.js';
import { secretScopeOf, secretFileOf, wordSecret, type SecretScope, type SecretSource } from './secret-scope.js';

export interface AddEvent {
  kind: 'add';
  /** Absolute path in the image. For a directory copy, the directory. */
  path: string;
  isDirectory: boolean;
  instruction: Instruction;
  range: Range;
  via: 'copy' | 'add' | 'heredoc' | 'run';
  /** For COPY/ADD: the source as written; for context copies, the context-relative path. */
  source?: string;
  fromStage?: Stage;
  /** The file is a known credential file by name/content. */
  sensitive?: SensitiveMatch;
  /** The file's content is a secret (written from a secret source, or a heredoc with a token). */
  secret?: SecretSource;
  /** Description of what wrote it (`npm config set`), for messages. */
  writer?: string;
  /** Concrete safer alternative, when a known tool wrote it. */
  safeAlternative?: string;
}

export interface DeleteEvent {
  kind: 'delete';
  /** Absolute path or glob in the image. */
  path: string;
  instruction: RunInstruction;
  range: Range;
}

export type FileEvent = AddEvent | DeleteEvent;

const cache = new WeakMap<DockerfileModel, Map<Stage, FileEvent[]>>();

/** Events of one stage (not its base stages), in instruction order. */
export function fileEventsOf(model: DockerfileModel, stage: Stage, context: BuildContext): FileEvent[] {
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  const cached = perModel.get(stage);
  if (cached) return cached;
  const events: FileEvent[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.kind === 'COPY' || instruction.kind === 'ADD') events.push(...copyEvents(model, instruction, context));
    else if (instruction.kind === 'RUN') events.push(...runEvents(model, instruction));
  }
  perModel.set(stage, events);
  return events;
}

/** Events of the stage and of every base stage it is built `FROM`, oldest first. */
export function inheritedFileEvents(model: DockerfileModel, stage: Stage, context: BuildContext): FileEvent[] {
  const chain: Stage[] = [];
  for (let current: Stage | undefined = stage; current && !chain.includes(current); current = current.baseStage) chain.unshift(current);
  return chain.flatMap((entry) => fileEventsOf(model, entry, context));
}

function copyEvents(model: DockerfileModel, copy: CopyInstruction, context: BuildContext): AddEvent[] {
  const events: AddEvent[] = [];
  const destination = copy.resolvedDestination;
  if (!destination || !copy.destination) return events;
  const destIsDir = copy.destination.value.endsWith('/') || copy.sources.length + copy.heredocs.length > 1;
  const via = copy.kind === 'ADD' ? 'add' : 'copy';

  for (const heredoc of copy.heredocs) {
    const path = destIsDir ? joinPosix(destination, heredoc.name) : destination;
    const match = scanForSecrets(heredoc.body.text).find((candidate) => candidate.confidence !== 'weak');
    const event: AddEvent = { kind: 'add', path, isDirectory: false, instruction: copy, range: copy.range, via: 'heredoc' };
    if (match) event.secret = { origin: 'literal', name: match.providerName, description: `a literal ${match.providerName}` };
    const sensitive = classifySensitivePath(path);
    if (sensitive) event.sensitive = sensitive;
    events.push(event);
  }

  for (const source of copy.sources) {
    const value = model.expand(source.value, copy);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@')) continue; // remote ADD
    const sourcePath = copy.fromStage || copy.from ? joinPosix('/', value) : value.replace(/^\.\/+/, '');
    const base = posix.basename(sourcePath);
    const isWholeDir = sourcePath === '.' || sourcePath === '' || sourcePath === '/' || value.endsWith('/');
    const path = isWholeDir ? destination : destIsDir ? joinPosix(destination, base) : destination;
    const event: AddEvent = { kind: 'add', path, isDirectory: isWholeDir, instruction: copy, range: source.range, via, source: sourcePath };
    if (copy.fromStage) event.fromStage = copy.fromStage;
    if (!copy.from) {
      const sensitive = refineByContent(classifySensitivePath(sourcePath), context.readHead?.(sourcePath));
      if (sensitive) event.sensitive = sensitive;
    } else if (!copy.fromStage) {
      const sensitive = classifySensitivePath(sourcePath);
      if (sensitive) event.sensitive = sensitive;
    }
    events.push(event);
  }
  return events;
}

const REMOVERS = new Set(['rm', 'unlink', 'shred', 'srm']);
const COPIERS = new Set(['cp', 'mv', 'install', 'ln', 'rsync']);

function runEvents(model: DockerfileModel, run: RunInstruction): FileEvent[] {
  const scope = secretScopeOf(model, run);
  const workdir = workdirAt(run);
  const events: FileEvent[] = [];
  for (const script of run.scripts) events.push(...scriptEvents(model, run, script, scope, workdir));
  return events;
}

function workdirAt(instruction: Instruction): string {
  let workdir = '/';
  const stage = instruction.stage;
  if (!stage) return workdir;
  const chain: Stage[] = [];
  for (let current: Stage | undefined = stage; current && !chain.includes(current); current = current.baseStage) chain.unshift(current);
  for (const entry of chain) {
    for (const candidate of entry.instructions) {
      if (candidate === instruction) return workdir;
      if (candidate.kind === 'WORKDIR') workdir = joinPosix(workdir, candidate.path);
    }
  }
  return workdir;
}

function scriptEvents(model: DockerfileModel, run: RunInstruction, script: ShellScript, scope: SecretScope, workdir: string): FileEvent[] {
  const events: FileEvent[] = [];
  let cwd = workdir;
  const resolve = (word: ShellWord) => joinPosix(cwd, expandHome(model.expand(word.value, run)));
  const addWrite = (path: string, range: Range, secret: SecretSource | undefined, writer: string, extra: Partial<AddEvent> = {}) => {
    if (path.startsWith('/dev/') || path.startsWith('/proc/')) return;
    const event: AddEvent = { kind: 'add', path, isDirectory: false, instruction: run, range, via: 'run', writer, ...extra };
    if (secret) event.secret = secret;
    const sensitive = classifySensitivePath(path);
    if (sensitive) event.sensitive = sensitive;
    events.push(event);
  };

  for (const command of script.commands) {
    const argv = effectiveArgv(command);
    const name = argv[0] ? commandBase(argv[0].value) : undefined;
    const args = argv.slice(1);

    if (name === 'cd' && command.substitutionDepth === 0) {
      const target = args.find((arg) => !arg.value.startsWith('-'));
      if (target && target.isLiteral) cwd = resolve(target);
      continue;
    }

    // Redirections: `> file`, `>> file`, `&> file`.
    const carried = commandSecret(command, argv, scope);
    for (const redirect of command.redirects) {
      if (!redirect.target || !/^(?:&?>>?|>\||\d>>?)$/.test(redirect.operator)) continue;
      if (redirect.fd !== undefined && redirect.fd !== 1) continue;
      const heredocSecret = redirect.heredocBody ? wordSecret(redirect.heredocBody, scope) : undefined;
      addWrite(resolve(redirect.target), redirect.range, carried ?? heredocSecret, `${name ?? 'shell'} redirection`);
    }
    if (!name) continue;

    if (REMOVERS.has(name)) {
      for (const arg of args) {
        if (arg.value.startsWith('-') || !arg.value) continue;
        events.push({ kind: 'delete', path: resolve(arg), instruction: run, range: arg.range });
      }
      continue;
    }

    if (name === 'tee') {
      const upstream = command.pipeFrom ? commandSecret(command.pipeFrom, effectiveArgv(command.pipeFrom), scope) : undefined;
      for (const arg of args) if (!arg.value.startsWith('-')) addWrite(resolve(arg), arg.range, upstream, 'tee');
      continue;
    }

    if (COPIERS.has(name)) {
      const operands = args.filter((arg) => !arg.value.startsWith('-'));
      const targetDirFlag = flagArgument(args, ['-t', '--target-directory']);
      const destination = targetDirFlag ?? operands[operands.length - 1];
      const sources = targetDirFlag ? operands.filter((operand) => operand !== targetDirFlag) : operands.slice(0, -1);
      if (!destination || sources.length === 0) continue;
      const destPath = resolve(destination);
      for (const source of sources) {
        const sourcePath = resolve(source);
        const secret = secretFileOf(sourcePath, scope);
        const intoDir = sources.length > 1 || destination.value.endsWith('/') || targetDirFlag !== undefined;
        const path = intoDir ? joinPosix(destPath, posix.basename(sourcePath)) : destPath;
        addWrite(path, destination.range, secret, name);
      }
      continue;
    }

    if (name === 'curl' || name === 'wget') {
      const output = name === 'curl' ? flagArgument(args, ['-o', '--output']) : flagArgument(args, ['-O', '--output-document']);
      if (output && output.value !== '-') addWrite(resolve(output), output.range, undefined, name);
    }

    if (name === 'git' && (args[0]?.value === 'clone')) {
      const operands = args.slice(1).filter((arg) => !arg.value.startsWith('-'));
      const url = operands[0];
      if (url && /^[a-z]+:\/\/[^/@\s]+@/i.test(url.value)) {
        const dir = operands[1] ? resolve(operands[1]) : joinPosix(cwd, posix.basename(url.value).replace(/\.git$/, ''));
        const secret = wordSecret(url, scope) ?? { origin: 'literal' as const, name: 'URL credentials', description: 'credentials in the clone URL' };
        addWrite(joinPosix(dir, '.git/config'), url.range, secret, 'git clone with credentials in the URL', {
          safeAlternative: 'RUN --mount=type=ssh git clone git@host:org/repo.git (docker build --ssh default), or a secret-mounted credential helper',
        });
      }
    }

    const credential = matchCredentialCommand(command);
    if (credential) {
      const secret = credential.credentialWord ? wordSecret(credential.credentialWord, scope) ?? undefined : carried;
      const source: SecretSource | undefined = secret ?? (credential.alwaysPersists || credential.credentialWord ? {
        origin: 'literal', name: credential.tool, description: `${credential.tool} credentials`,
      } : undefined);
      for (const written of credential.writes) {
        addWrite(joinPosix(cwd, expandHome(written)), command.range, source, credential.description, { safeAlternative: credential.safeAlternative });
      }
    }
  }
  return events;
}

/** The secret a command's words (or its stdin via pipe/here-string) carry. `printenv`/`env` dump every secret variable. */
function commandSecret(command: SimpleCommand, argv: ShellWord[], scope: SecretScope): SecretSource | undefined {
  const name = argv[0] ? commandBase(argv[0].value) : undefined;
  if ((name === 'printenv' || name === 'env' || name === 'export' || name === 'set') && argv.length === 1) {
    const first = [...scope.variables.values()][0];
    if (first) return first;
  }
  if (name === 'cat' || name === 'base64' || name === 'head' || name === 'tail') {
    for (const arg of argv.slice(1)) {
      const file = secretFileOf(arg.value, scope);
      if (file) return file;
    }
  }
  for (const redirect of command.redirects) {
    if (redirect.operator === '<' && redirect.target) {
      const file = secretFileOf(redirect.target.value, scope);
      if (file) return file;
    }
    if (redirect.operator === '<<<' && redirect.target) {
      const found = wordSecret(redirect.target, scope);
      if (found) return found;
    }
  }
  for (const word of argv.slice(1)) {
    const found = wordSecret(word, scope);
    if (found) return found;
  }
  if (command.pipeFrom) return commandSecret(command.pipeFrom, effectiveArgv(command.pipeFrom), scope);
  return undefined;
}

const WRAPPERS = new Set(['sudo', 'exec', 'nohup', 'time', 'command', 'nice', 'doas']);

/** argv with simple wrappers (`sudo`, `env A=1`) removed. */
export function effectiveArgv(command: SimpleCommand): ShellWord[] {
  const argv = command.name ? [command.name, ...command.args] : [...command.args];
  let index = 0;
  while (index < argv.length) {
    const base = commandBase(argv[index]!.value);
    if (WRAPPERS.has(base)) {
      index++;
      while (index < argv.length && argv[index]!.value.startsWith('-')) {
        const flag = argv[index]!.value;
        index += base === 'sudo' && /^-[ugCDhprT]$/.test(flag) ? 2 : 1;
      }
    } else if (base === 'env') {
      index++;
      while (index < argv.length && (argv[index]!.value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[index]!.value))) index++;
    } else {
      break;
    }
  }
  return argv.slice(index);
}

export function commandBase(value: string): string {
  return value.split('/').pop() ?? value;
}

/** Value word of `-o file`, `-ofile`, `--output=file`, `--output file`. */
export function flagArgument(args: ShellWord[], flags: string[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const value = args[i]!.value;
    for (const flag of flags) {
      if (value === flag) return args[i + 1];
      if (flag.startsWith('--') && value.startsWith(`${flag}=`)) return { ...args[i]!, value: value.slice(flag.length + 1) };
    }
  }
  return undefined;
}

/** Is `path` removed by a delete event (exact, a parent directory, or a glob)? */
export function deletes(event: DeleteEvent, path: string): boolean {
  if (isWithin(path, event.path)) return true;
  if (/[*?[]/.test(event.path)) {
    const pattern = new RegExp(`^${event.path.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}(?:/.*)?$`);
    return pattern.test(path);
  }
  return false;
}

/** Is the path below a tmpfs/cache/bind mount of the RUN that wrote it (never reaches the layer)? */
export function isEphemeral(model: DockerfileModel, event: AddEvent): boolean {
  if (event.instruction.kind !== 'RUN') return false;
  const scope = secretScopeOf(model, event.instruction);
  return scope.ephemeralDirs.some((dir) => isWithin(event.path, joinPosix('/', dir)));
}
