/**
 * What each instruction does to the image filesystem: files it adds (COPY/ADD, heredocs, RUN writes) and
 * files it deletes (RUN rm). Every instruction is its own layer, so an add in one instruction followed by a
 * delete in another still ships the file. Rules about deleted secrets, persisted secrets and stage copies
 * all read this one model.
 */
import { posix } from 'node:path';
import type { BuildContext } from '../context/types.js';
import { isWithin, joinPosix } from '../model/paths.js';
import type { CopyInstruction, DockerfileModel, Instruction, Range, RunInstruction, Stage, Word } from '../model/types.js';
import { matchCredentialCommand, wordHasUrlCredentials } from '../secrets/credential-writers.js';
import { classifyName } from '../secrets/names.js';
import { scanForSecrets } from '../secrets/scan.js';
import { isClearlyNotSecret, isPlaceholder, referencedVariables } from '../secrets/values.js';
import { effectiveCommand, flagValue, hasFlag, nestedScripts, positionalArgs, type EffectiveCommand } from '../shell/simple-command.js';
import type { ShellScript, ShellWord, SimpleCommand } from '../shell/types.js';
import { classifySensitivePath, refineByContent, type SensitiveMatch } from './sensitive-files.js';
import { globMatcher } from './globs.js';
import type { LintAnalysis } from './lint-analysis.js';
import {
  commandOutputSecret,
  expandHomeIn,
  hasExpansion,
  secretFileOf,
  wordSecret,
  wordVariables,
  type SecretScope,
  type SecretSource,
} from './secret-scope.js';

export interface AddEvent {
  kind: 'add';
  /** Absolute path in the image. For a directory copy, the directory. */
  path: string;
  /** Another path the file may have landed at (`COPY f /app` puts it at `/app/f` when `/app` is a directory). */
  alsoAt?: string;
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
  /** A credential-storing command ran, but the credential's value is not visible (unset variable, interactive login). */
  unknownCredential?: boolean;
  /** Short name of what wrote it (`npm`, `tee`, `shell redirection`), for messages. */
  writer?: string;
  /** Sentence describing the write, with paths resolved (`npm config set …:_authToken writes the credential to /root/.npmrc`). */
  description?: string;
  /** Concrete safer alternative, when a known tool wrote it. */
  safeAlternative?: string;
  /** The shell command that wrote it (RUN writes). */
  command?: SimpleCommand;
  /** Files brought by `COPY --from`: the event in the source stage that first put the secret there. */
  origin?: AddEvent;
  /** Whole-directory copy from the build context: the context directory (`''` = root) copied to `path`. */
  contextDir?: string;
  /** Written below a tmpfs/cache/bind mount of its RUN: never reaches the layer. */
  ephemeral?: boolean;
}

export interface DeleteEvent {
  kind: 'delete';
  /** Absolute path or glob in the image. */
  path: string;
  instruction: RunInstruction;
  range: Range;
  /** What removes it (`rm`, `shred -u`, `docker logout`, `git remote set-url`). */
  remover: string;
  /** The file is rewritten without the credential rather than removed (`docker logout`, `npm config delete`). */
  rewrite?: boolean;
  /** `path` as a compiled shell glob, once `deletes` needed it. */
  pathMatcher?: (path: string) => boolean;
}

export type FileEvent = AddEvent | DeleteEvent;

/** Does the event carry something secret (by name, content, or a credential-storing command)? */
export function isSecretBearing(event: AddEvent): boolean {
  return event.secret !== undefined || event.sensitive !== undefined || event.unknownCredential === true;
}

/**
 * Do the events add a file a later delete may matter for: a secret-bearing file, or a build-context directory copy
 * (whose content a later `rm` may reveal)? What the RUN prefilter asks of the instructions before a RUN.
 */
export function addsDeleteCandidate(events: readonly FileEvent[]): boolean {
  return events.some((event) => event.kind === 'add' && (isSecretBearing(event) || event.contextDir !== undefined));
}

/**
 * Events of one instruction (COPY/ADD/RUN, ONBUILD triggers included), in execution order. The analysis object
 * memoises them (`analysis.instructionEvents`); this computes.
 */
export function computeInstructionEvents(analysis: LintAnalysis, instruction: Instruction): FileEvent[] {
  if (instruction.kind === 'COPY' || instruction.kind === 'ADD') return copyEvents(analysis, instruction);
  if (instruction.kind === 'RUN') return runEvents(analysis, instruction);
  return [];
}

/** The ONBUILD triggers declared in a stage, in order (they run in images built FROM it). */
export function onbuildTriggersOf(model: DockerfileModel, stage: Stage): Instruction[] {
  return model.allInstructions().filter((instruction) => instruction.onbuild !== undefined && instruction.stage === stage);
}

/**
 * Secret-bearing files still present at the end of a list of events (what `COPY --from=<stage>` can take):
 * every add minus what a later (or the same) RUN removed, minus writes below tmpfs/cache/bind mounts.
 */
export function liveSecretFilesIn(events: readonly FileEvent[]): AddEvent[] {
  let live: AddEvent[] = [];
  for (const event of events) {
    if (event.kind === 'delete') {
      live = live.filter((add) => !deletes(event, add.path) && !(add.alsoAt !== undefined && deletes(event, add.alsoAt)));
    } else if (isSecretBearing(event) && !event.ephemeral) {
      live.push(event);
    }
  }
  return live;
}

// ---------------------------------------------------------------------------------------------------
// COPY / ADD

/** Sources of one COPY/ADD that are analysed; the rest of a pathological instruction is ignored. */
export const MAX_COPY_SOURCES = 10_000;

function copyEvents(analysis: LintAnalysis, copy: CopyInstruction): AddEvent[] {
  const { model } = analysis;
  const events: AddEvent[] = [];
  if (!copy.destination) return events;
  const home = copy.facts.home;
  const rawDestination = expandHomeIn(model.expand(copy.destination.value, copy), home);
  const destination = copy.onbuild ? joinPosix(copy.facts.workdir, rawDestination) : copy.resolvedDestination ?? joinPosix(copy.workdir, rawDestination);
  // Longer than Linux's PATH_MAX: the build fails, nothing is copied. (Also keeps `COPY a a a … <1 MB word>`
  // from costing sources × destination length.)
  if (destination.length > 4096) return events;
  const explicitDir = copy.destination.value.endsWith('/') || copy.destination.value === '.' || copy.sources.length + copy.heredocs.length > 1;
  const via = copy.kind === 'ADD' ? 'add' : 'copy';

  for (const heredoc of copy.heredocs) {
    const path = explicitDir ? joinPosix(destination, heredoc.name) : destination;
    const event: AddEvent = { kind: 'add', path, isDirectory: false, instruction: copy, range: copy.range, via: 'heredoc', writer: 'COPY heredoc' };
    const match = scanForSecrets(heredoc.body.text).find((candidate) => candidate.confidence !== 'weak');
    if (match) event.secret = { origin: 'literal', name: match.providerName, description: `a literal ${match.providerName}` };
    else if (!heredoc.quoted) {
      // BuildKit expands ARG/ENV in an unquoted COPY heredoc.
      const bindings = model.scopeAt(copy);
      for (const name of referencedVariables(heredoc.body.text)) {
        const binding = bindings.get(name);
        if (binding && classifyName(name) === 'secret') {
          event.secret = { origin: binding.kind === 'arg' ? 'build-arg' : 'env', name, description: `${binding.kind === 'arg' ? 'build arg' : 'ENV'} ${name}` };
          break;
        }
      }
    }
    const sensitive = analysis.classifySensitivePath(path);
    if (sensitive && (event.secret || /\$|[A-Za-z0-9+/=_-]{16,}/.test(heredoc.body.text))) event.sensitive = sensitive;
    events.push(event);
  }

  // At most MAX_COPY_SOURCES sources per instruction are analysed (real ones have a handful; 500k took 30 s).
  for (const source of copy.sources.slice(0, MAX_COPY_SOURCES)) {
    const value = model.expand(source.value, copy);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@')) continue; // remote ADD
    if (copy.from !== undefined) {
      events.push(...stageCopyEvents(analysis, copy, source, value, destination, explicitDir));
      continue;
    }
    events.push(...contextCopyEvents(analysis, copy, source, value, destination, explicitDir, via));
  }
  return events;
}

function contextCopyEvents(
  analysis: LintAnalysis, copy: CopyInstruction, source: Word, value: string, destination: string, explicitDir: boolean, via: 'copy' | 'add',
): AddEvent[] {
  const context = analysis.buildContext;
  const events: AddEvent[] = [];
  // Not contextRelativePath: a source outside the context (`../x`) is kept as written, so its event still names it.
  const sourcePath = posix.normalize(value.replace(/^\/+/, '')).replace(/^\.\/?$/, '').replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '');
  const known = context.root !== undefined;
  const isGlob = /[*?[]/.test(sourcePath);
  const isDir = sourcePath === '' || value.endsWith('/') || (known && !isGlob && isContextDirectory(context, sourcePath));
  const base = posix.basename(sourcePath);

  if (isGlob && known) {
    const matcher = globMatcher(sourcePath, true);
    for (const file of context.listIncluded()) {
      if (!matcher(file.path)) continue;
      const target = joinPosix(destination, posix.basename(file.path));
      if (file.isDirectory) events.push(...directoryEvents(analysis, copy, source, file.path, target, via));
      else events.push(fileEvent(analysis, copy, source, file.path, target, undefined, via));
    }
    return events;
  }
  if (isDir) {
    const event: AddEvent = { kind: 'add', path: destination, isDirectory: true, instruction: copy, range: source.range, via, source: sourcePath || '.', contextDir: sourcePath };
    const sensitive = sourcePath ? analysis.classifySensitivePath(sourcePath) : undefined;
    if (sensitive) event.sensitive = sensitive;
    events.push(event);
    if (known) events.push(...directoryEvents(analysis, copy, source, sourcePath, destination, via));
    return events;
  }
  const path = explicitDir ? joinPosix(destination, base) : destination;
  const alsoAt = explicitDir ? undefined : joinPosix(destination, base);
  events.push(fileEvent(analysis, copy, source, sourcePath, path, alsoAt, via));
  return events;
}

function isContextDirectory(context: BuildContext, rel: string): boolean {
  return context.listAll().some((file) => file.path === rel && file.isDirectory);
}

function fileEvent(analysis: LintAnalysis, copy: CopyInstruction, source: Word, rel: string, path: string, alsoAt: string | undefined, via: 'copy' | 'add'): AddEvent {
  const context = analysis.buildContext;
  const event: AddEvent = { kind: 'add', path, isDirectory: false, instruction: copy, range: source.range, via, source: rel };
  if (alsoAt && alsoAt !== path) event.alsoAt = alsoAt;
  // `COPY .npmrc-ci .npmrc`: the destination name says what the file is used as.
  const byName = analysis.classifySensitivePath(rel) ?? analysis.classifySensitivePath(path);
  // The content only refines a name match; reading it otherwise would make the context walk its whole tree.
  const sensitive = byName ? refineByContent(byName, context.readHead?.(rel)) : undefined;
  if (sensitive) event.sensitive = sensitive;
  return event;
}

/** Sensitive files inside a context directory copied to `destination` (a sensitive directory is one event). */
function directoryEvents(analysis: LintAnalysis, copy: CopyInstruction, source: Word, dir: string, destination: string, via: 'copy' | 'add'): AddEvent[] {
  const context = analysis.buildContext;
  const events: AddEvent[] = [];
  const covered: string[] = [];
  for (const file of context.listIncluded(dir || undefined)) {
    if (dir && !isWithinRel(file.path, dir)) continue;
    if (covered.some((prefix) => isWithinRel(file.path, prefix))) continue;
    const rel = dir ? file.path.slice(dir.length + 1) : file.path;
    if (!rel) continue;
    const match = analysis.classifySensitivePath(rel);
    if (!match) continue;
    const matchedRel = dir ? `${dir}/${match.matchedPath}` : match.matchedPath;
    const isDirectoryMatch = match.matchedPath !== rel;
    if (isDirectoryMatch || file.isDirectory) {
      covered.push(matchedRel);
      events.push({ kind: 'add', path: joinPosix(destination, match.matchedPath), isDirectory: true, instruction: copy, range: source.range, via, source: matchedRel, sensitive: match });
      continue;
    }
    const refined = refineByContent(match, context.readHead?.(file.path));
    if (!refined) continue;
    events.push({ kind: 'add', path: joinPosix(destination, rel), isDirectory: false, instruction: copy, range: source.range, via, source: file.path, sensitive: refined });
  }
  return events;
}

/** `isWithin` for context-relative paths, where the context root is `''` (`isWithin` takes absolute image paths). */
function isWithinRel(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

/** `COPY --from=<stage|image> <src> <dst>`: the secret files of the source stage that the copy takes along. */
function stageCopyEvents(
  analysis: LintAnalysis, copy: CopyInstruction, source: Word, value: string, destination: string, explicitDir: boolean,
): AddEvent[] {
  const events: AddEvent[] = [];
  const sourcePath = joinPosix('/', value);
  const base = posix.basename(sourcePath);
  const isGlob = /[*?[]/.test(sourcePath);
  const wholeDir = sourcePath === '/' || value.endsWith('/') || value === '.';
  const fileTarget = explicitDir ? joinPosix(destination, base) : destination;
  const plain: AddEvent = { kind: 'add', path: wholeDir ? destination : fileTarget, isDirectory: wholeDir, instruction: copy, range: source.range, via: copy.kind === 'ADD' ? 'add' : 'copy', source: sourcePath };
  if (copy.fromStage) plain.fromStage = copy.fromStage;
  const byName = wholeDir ? undefined : analysis.classifySensitivePath(sourcePath);

  if (copy.fromStage) {
    const matcher = isGlob ? globMatcher(sourcePath, true) : undefined;
    for (const secret of analysis.liveSecretFiles(copy.fromStage)) {
      const target = mapStagePath(secret, sourcePath, matcher, destination, fileTarget, explicitDir);
      if (!target) continue;
      const event: AddEvent = {
        kind: 'add', path: target.path, isDirectory: target.isDirectory, instruction: copy, range: source.range, via: plain.via,
        source: sourcePath, fromStage: copy.fromStage, origin: secret.origin ?? secret,
      };
      if (secret.sensitive) event.sensitive = secret.sensitive;
      if (secret.secret) event.secret = secret.secret;
      if (secret.unknownCredential) event.unknownCredential = true;
      if (secret.description) event.description = secret.description;
      if (secret.safeAlternative) event.safeAlternative = secret.safeAlternative;
      if (secret.writer) event.writer = secret.writer;
      events.push(event);
    }
  }
  if (events.length === 0 && byName) plain.sensitive = byName;
  events.unshift(plain);
  return events;
}

function mapStagePath(
  secret: AddEvent, sourcePath: string, matcher: ((path: string) => boolean) | undefined, destination: string, fileTarget: string, explicitDir: boolean,
): { path: string; isDirectory: boolean } | undefined {
  const candidates = [secret.path, ...(secret.alsoAt ? [secret.alsoAt] : [])];
  for (const path of candidates) {
    if (matcher) {
      // Glob source: each match is copied into the destination directory by its basename.
      const segments = path.split('/');
      for (let i = 2; i <= segments.length; i++) {
        const prefix = segments.slice(0, i).join('/');
        if (matcher(prefix)) return { path: joinPosix(joinPosix(destination, posix.basename(prefix)), path.slice(prefix.length + 1)), isDirectory: secret.isDirectory };
      }
      continue;
    }
    if (path === sourcePath) return { path: secret.isDirectory ? destination : fileTarget, isDirectory: secret.isDirectory };
    if (isWithin(path, sourcePath)) return { path: joinPosix(destination, path.slice(sourcePath === '/' ? 1 : sourcePath.length + 1)), isDirectory: secret.isDirectory };
    // Copying a file out of a secret directory (`COPY --from=b /root/.ssh/id_rsa …`).
    if (secret.isDirectory && isWithin(sourcePath, path)) return { path: explicitDir ? fileTarget : destination, isDirectory: false };
  }
  return undefined;
}

/** Is `path` removed by a delete event (exact, a parent directory, or a glob)? */
export function deletes(event: DeleteEvent, path: string): boolean {
  if (isWithin(path, event.path)) return true;
  if (/[*?[]/.test(event.path)) {
    // Compiled once per event: every live file of a stage is checked against `rm -rf /var/lib/apt/lists/*`.
    const matcher = (event.pathMatcher ??= globMatcher(event.path, false));
    const segments = path.split('/');
    const count = event.path.split('/').length;
    if (segments.length < count) return false;
    return matcher(segments.slice(0, count).join('/'));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// RUN

const REMOVERS = new Set(['rm', 'unlink', 'shred', 'srm', 'wipe']);
const COPIERS = new Set(['cp', 'mv', 'install', 'ln', 'rsync']);
/** Commands whose output contains their (expanded) arguments. */
const ECHOERS = new Set(['echo', 'printf', 'sed', 'awk', 'jq', 'yq', 'envsubst', 'tr']);
/** Commands that dump the environment when run without arguments. */
const ENV_DUMPERS = new Set(['printenv', 'env', 'export', 'set', 'declare']);
const WRITE_OPERATOR = /^(?:&?>>?|>\||>&)$/;

/** The walk over one RUN's shell scripts that collects the files it writes and deletes. */
interface RunFileEventWalk {
  model: DockerfileModel;
  run: RunInstruction;
  scope: SecretScope;
  cwd: string;
  events: FileEvent[];
}

function runEvents(analysis: LintAnalysis, run: RunInstruction): FileEvent[] {
  const scope = analysis.secretScope(run);
  const state: RunFileEventWalk = { model: analysis.model, run, scope, cwd: run.facts.workdir, events: [] };
  for (const script of analysis.relevantScripts(run)) scriptEvents(state, script, 0);
  for (const event of state.events) {
    if (event.kind === 'add') event.ephemeral = scope.ephemeralDirs.some((dir) => isWithin(event.path, dir));
  }
  return state.events;
}

function resolvePath(state: RunFileEventWalk, value: string): string | undefined {
  let text = expandHomeIn(value, state.scope.home);
  if (text.includes('$')) text = expandHomeIn(state.model.expand(text, state.run), state.scope.home);
  if (text.includes('$') || text.includes('`') || text === '') return undefined;
  return joinPosix(state.cwd, text);
}

function wordPath(state: RunFileEventWalk, word: ShellWord): string | undefined {
  return resolvePath(state, word.value);
}

function scriptEvents(state: RunFileEventWalk, script: ShellScript, depth: number): void {
  for (const command of script.commands) {
    commandEvents(state, command);
    if (depth < 2) for (const nested of nestedScripts(command)) scriptEvents(state, nested.script, depth + 1);
  }
}

function addWrite(state: RunFileEventWalk, path: string | undefined, range: Range, fields: Partial<AddEvent>): AddEvent | undefined {
  if (!path || path.startsWith('/dev/') || path.startsWith('/proc/')) return undefined;
  const event: AddEvent = { kind: 'add', path, isDirectory: false, instruction: state.run, range, via: 'run', ...fields };
  state.events.push(event);
  return event;
}

function addDelete(state: RunFileEventWalk, path: string | undefined, range: Range, remover: string, rewrite = false): void {
  if (!path || path === '/') return;
  const event: DeleteEvent = { kind: 'delete', path, instruction: state.run, range, remover };
  if (rewrite) event.rewrite = true;
  state.events.push(event);
}

/** Public files that live in credential directories (`~/.ssh/known_hosts`) and are fine to write. */
const PUBLIC_IN_SENSITIVE_DIR = /^(?:known_hosts(?:\.old)?|authorized_keys2?|config|environment|.*\.pub|.*\.crt|.*\.cer)$/i;

/** Sensitivity of a path a RUN writes, given what the content is known to be. */
function writtenSensitivity(path: string, content: 'secret' | 'unknown' | 'harmless'): SensitiveMatch | undefined {
  if (content === 'harmless') return undefined;
  const match = classifySensitivePath(path);
  if (!match) return undefined;
  if (match.matchedPath !== path.replace(/^\/+/, '') && PUBLIC_IN_SENSITIVE_DIR.test(posix.basename(path))) return undefined;
  return match;
}

function commandEvents(state: RunFileEventWalk, command: SimpleCommand, redirects: SimpleCommand['redirects'] = command.redirects): void {
  const ec = effectiveCommand(command);
  const name = ec.name;
  const args = ec.args;

  if (name === 'cd' && command.substitutionDepth === 0) {
    const target = positionalArgs(args)[0];
    if (!target) state.cwd = state.scope.home;
    else if (target.value !== '-') {
      const resolved = wordPath(state, target);
      if (resolved) state.cwd = resolved;
    }
    return;
  }

  // Redirections: `> file`, `>> file`, `&> file`.
  const writesRedirect = redirects.filter(
    (redirect) => redirect.target && WRITE_OPERATOR.test(redirect.operator) && (redirect.fd === undefined || redirect.fd === 1) && !/^&?\d*-?$/.test(redirect.target.value) ,
  );
  if (writesRedirect.length > 0) {
    const content = outputContent(state, command, ec);
    for (const redirect of writesRedirect) {
      const path = wordPath(state, redirect.target!);
      if (!path) continue;
      const fields: Partial<AddEvent> = { writer: name || 'shell redirection', command };
      if (content.secret) fields.secret = content.secret;
      const sensitive = writtenSensitivity(path, content.secret ? 'secret' : content.kind);
      if (sensitive) fields.sensitive = sensitive;
      if (sensitive && !content.secret && content.variables?.length) {
        // `printf "$MY_VAR" > ~/.ssh/id_rsa`: whatever the variable is called, the file makes it a credential.
        const declared = content.variables.map((variable) => state.scope.bindings.get(variable)).find((binding) => binding !== undefined);
        if (declared) fields.secret = { origin: declared.kind === 'arg' ? 'build-arg' : 'env', name: declared.name, description: `${declared.kind === 'arg' ? 'build arg' : 'ENV'} ${declared.name}` };
        else fields.unknownCredential = true;
      }
      addWrite(state, path, redirect.range, fields);
    }
  }
  if (!name) return;

  if (REMOVERS.has(name)) {
    if (name === 'shred' && !hasFlag(args, ['-u', '--remove'])) return;
    for (const arg of positionalArgs(args)) addDelete(state, wordPath(state, arg), arg.range, name === 'shred' ? 'shred -u' : name);
    return;
  }

  if (name === 'tee') {
    const upstream = stdinSecret(state, command);
    for (const arg of positionalArgs(args)) {
      const path = wordPath(state, arg);
      if (!path) continue;
      const fields: Partial<AddEvent> = { writer: 'tee', command };
      if (upstream) fields.secret = upstream;
      const sensitive = writtenSensitivity(path, upstream ? 'secret' : command.pipeFrom || command.redirects.length ? 'unknown' : 'harmless');
      if (sensitive) fields.sensitive = sensitive;
      addWrite(state, path, arg.range, fields);
    }
    return;
  }

  if (COPIERS.has(name)) {
    copierEvents(state, command, name, args);
    return;
  }

  if (name === 'sed' && hasFlag(args, ['-i', '--in-place'])) {
    const operands = positionalArgs(args, ['-e', '-f', '--expression', '--file']);
    const script = flagValue(args, ['-e', '--expression'])?.word ?? operands[0];
    const files = flagValue(args, ['-e', '--expression']) ? operands : operands.slice(1);
    const secret = script ? wordSecret(script, state.scope) : undefined;
    if (secret) for (const file of files) addWrite(state, wordPath(state, file), file.range, { writer: 'sed -i', command, secret });
  }

  if (name === 'curl' || name === 'wget') {
    const output = name === 'curl' ? flagValue(args, ['-o', '--output']) : flagValue(args, ['-O', '--output-document']);
    if (output && output.value !== '-') {
      const path = wordPath(state, output.word);
      const sensitive = path ? writtenSensitivity(path, 'unknown') : undefined;
      addWrite(state, path, output.word.range, { writer: name, command, ...(sensitive ? { sensitive } : {}) });
    }
  }

  credentialEvents(state, command, ec);
  removerEvents(state, command, ec);
}

/** What a command prints: a secret, unknown data, or harmless literal text. */
function outputContent(state: RunFileEventWalk, command: SimpleCommand, ec: EffectiveCommand): { secret?: SecretSource; kind: 'unknown' | 'harmless'; variables?: string[] } {
  const name = ec.name;
  const scope = state.scope;
  if (ENV_DUMPERS.has(name) && (ec.args.length === 0 || (ec.args.length === 1 && /^-[px]$/.test(ec.args[0]!.value)))) {
    const dumped = [...scope.variables.values()][0];
    if (dumped) return { secret: { ...dumped, description: `every environment variable, including ${dumped.description}` }, kind: 'unknown' };
    return { kind: 'unknown' };
  }
  const fromStdin = stdinSecret(state, command);
  if (fromStdin) return { secret: fromStdin, kind: 'unknown' };
  const output = commandOutputSecret(command, scope);
  if (output) return { secret: output, kind: 'unknown' };
  if (!name) return { kind: 'harmless' };
  if (ECHOERS.has(name) || name === 'cat') {
    for (const redirect of command.redirects) {
      if (redirect.heredocBody) {
        const found = wordSecret(redirect.heredocBody, scope);
        if (found) return { secret: found, kind: 'unknown' };
      }
    }
    if (name === 'envsubst') {
      const secretEnv = [...scope.variables.values()][0];
      if (secretEnv) return { secret: secretEnv, kind: 'unknown' };
    }
    if (ECHOERS.has(name)) {
      for (const arg of ec.args) {
        const found = wordSecret(arg, scope);
        if (found) return { secret: found, kind: 'unknown' };
      }
    }
    const expanded = ec.args.some(hasExpansion) || command.redirects.some((redirect) => redirect.heredocBody && hasExpansion(redirect.heredocBody));
    if (expanded && ECHOERS.has(name)) {
      const words = [...ec.args, ...command.redirects.flatMap((redirect) => (redirect.heredocBody ? [redirect.heredocBody] : []))];
      const variables = words.flatMap(wordVariables);
      return { kind: 'unknown', variables };
    }
    const readsFile = name === 'cat' && positionalArgs(ec.args).length > 0;
    const pipes = command.pipeFrom !== undefined;
    return { kind: expanded || readsFile || pipes ? 'unknown' : 'harmless' };
  }
  return { kind: 'unknown' };
}

/** The secret a command reads on stdin: a pipe from a command that prints one, a `<` secret file, a here-string/heredoc. */
function stdinSecret(state: RunFileEventWalk, command: SimpleCommand, depth = 0): SecretSource | undefined {
  for (const redirect of command.redirects) {
    if (redirect.operator === '<' && redirect.target) {
      const file = secretFileOf(resolvePath(state, redirect.target.value) ?? redirect.target.value, state.scope);
      if (file) return file;
    }
    if (redirect.operator === '<<<' && redirect.target) {
      const found = wordSecret(redirect.target, state.scope);
      if (found) return found;
    }
    if (redirect.heredocBody) {
      const found = wordSecret(redirect.heredocBody, state.scope);
      if (found) return found;
    }
  }
  const from = command.pipeFrom;
  if (from && depth < 8) {
    const ec = effectiveCommand(from);
    const printed = outputContent(state, from, ec);
    if (printed.secret) return printed.secret;
    return stdinSecret(state, from, depth + 1);
  }
  return undefined;
}

function copierEvents(state: RunFileEventWalk, command: SimpleCommand, name: string, args: ShellWord[]): void {
  if (name === 'install' && hasFlag(args, ['-d', '--directory'])) return;
  if (name === 'ln' && hasFlag(args, ['-s', '--symbolic'])) return; // a symlink to a mount keeps nothing
  const valued = name === 'install' ? ['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory', '-S', '--suffix']
    : name === 'rsync' ? ['-e', '--rsh', '--exclude', '--include', '--chmod', '--chown', '-f', '--filter']
      : ['-t', '--target-directory', '-S', '--suffix'];
  const operands = positionalArgs(args, valued);
  const targetDir = flagValue(args, ['-t', '--target-directory']);
  const destination = targetDir?.word ?? operands[operands.length - 1];
  const sources = targetDir ? operands : operands.slice(0, -1);
  if (!destination || sources.length === 0) return;
  const destPath = wordPath(state, destination);
  if (!destPath) return;
  const intoDir = sources.length > 1 || destination.value.endsWith('/') || targetDir !== undefined;
  for (const source of sources) {
    const sourcePath = wordPath(state, source);
    if (!sourcePath) continue;
    const secret = secretFileOf(sourcePath, state.scope);
    const path = intoDir ? joinPosix(destPath, posix.basename(sourcePath)) : destPath;
    const fields: Partial<AddEvent> = { writer: name, command };
    if (!intoDir) fields.alsoAt = joinPosix(destPath, posix.basename(sourcePath));
    if (secret) fields.secret = secret;
    const byName = classifySensitivePath(sourcePath);
    const sourceSensitive = byName?.pattern.confidence === 'high' ? byName : undefined;
    const sensitive = secret ? writtenSensitivity(path, 'secret') ?? sourceSensitive : sourceSensitive ? writtenSensitivity(path, 'unknown') ?? sourceSensitive : undefined;
    if (sensitive) fields.sensitive = sensitive;
    addWrite(state, path, destination.range, fields);
    if (name === 'mv' && !secret) addDelete(state, sourcePath, source.range, 'mv');
  }
}

/** Defaults for variables that credential tables use in written paths. */
function toolPath(state: RunFileEventWalk, written: string): string | undefined {
  const home = state.scope.home;
  const defaults: Record<string, string> = {
    CARGO_HOME: `${home}/.cargo`,
    COMPOSER_HOME: `${home}/.composer`,
    PREFIX: '/usr/local',
    XDG_RUNTIME_DIR: '/run/user/0',
    VIRTUAL_ENV: '/venv',
  };
  let text = expandHomeIn(written, home);
  if (text.includes('$')) text = state.model.expand(text, state.run);
  text = text.replace(/\$\{?([A-Z_]+)\}?/g, (whole, variable: string) => defaults[variable] ?? whole);
  return resolvePath(state, text);
}

/** The credential a credential-storing command writes, judged from its credential word and stdin. */
function credentialSource(state: RunFileEventWalk, command: SimpleCommand, word: ShellWord | undefined, tool: string, alwaysPersists: boolean): SecretSource | 'unknown' | 'none' {
  const scope = state.scope;
  if (word) {
    const found = wordSecret(word, scope);
    if (found) return found;
    if (hasExpansion(word)) {
      for (const variable of wordVariables(word)) {
        const binding = scope.bindings.get(variable);
        if (binding) return { origin: binding.kind === 'arg' ? 'build-arg' : 'env', name: variable, description: `${binding.kind === 'arg' ? 'build arg' : 'ENV'} ${variable}` };
      }
      return 'unknown';
    }
    const value = word.value;
    if ((tool === 'gcloud' || tool === 'kubectl') && /^(?:\/|\.{1,2}\/|~\/)|\.(?:json|key|pem)$/.test(value)) {
      const file = secretFileOf(resolvePath(state, value) ?? value, scope);
      return file ?? { origin: 'literal', name: value, description: `the key file ${value}` };
    }
    const userinfo = /:\/\/[^\s/@:]*:([^\s/@]*)@/.exec(value);
    const credential = userinfo ? userinfo[1]! : value;
    if (isPlaceholder(credential) || (!userinfo && isClearlyNotSecret(credential))) return 'none';
    return { origin: 'literal', name: 'credential', description: 'a literal credential' };
  }
  const fromStdin = stdinSecret(state, command);
  if (fromStdin) return fromStdin;
  return alwaysPersists ? 'unknown' : 'none';
}

function credentialEvents(state: RunFileEventWalk, command: SimpleCommand, ec: EffectiveCommand): void {
  const credential = matchCredentialCommand(command);
  if (!credential) return;
  const source = credentialSource(state, command, credential.credentialWord, credential.tool, credential.alwaysPersists);
  if (source === 'none') return;
  let description = credential.description;
  const paths: string[] = [];
  for (const written of credential.writes) {
    const path = toolPath(state, written.replace(/\/$/, ''));
    if (!path) continue;
    paths.push(path);
    if (description.includes(written)) description = description.split(written).join(path);
  }
  const range = commandRange(command, ec);
  for (const path of paths) {
    const fields: Partial<AddEvent> = {
      writer: credential.tool,
      command,
      description,
      safeAlternative: credential.safeAlternative,
      isDirectory: /\/$/.test(credential.writes[paths.indexOf(path)] ?? ''),
    };
    if (source === 'unknown') fields.unknownCredential = true;
    else fields.secret = source;
    const sensitive = classifySensitivePath(path);
    if (sensitive) fields.sensitive = sensitive;
    addWrite(state, path, range, fields);
  }
}

/** From the real command's name word to the end of the simple command (wrappers such as `sudo` excluded). */
function commandRange(command: SimpleCommand, ec: EffectiveCommand): Range {
  const start = ec.nameWord?.range.start ?? command.range.start;
  const last = ec.args[ec.args.length - 1] ?? ec.nameWord;
  return { start, end: last?.range.end ?? command.range.end };
}

/** Commands that take a stored credential out of a config file again (`docker logout`, `npm config delete …_authToken`). */
function removerEvents(state: RunFileEventWalk, command: SimpleCommand, ec: EffectiveCommand): void {
  const words = positionalArgs(ec.args);
  const ops = words.map((word) => word.value);
  const home = state.scope.home;
  const range = commandRange(command, ec);
  const remove = (path: string, label: string) => addDelete(state, resolvePath(state, path), range, label, true);
  switch (ec.name) {
    case 'docker':
    case 'podman':
    case 'buildah':
      if (ops[0] === 'logout') remove(ec.name === 'docker' ? `${home}/.docker/config.json` : '/run/user/0/containers/auth.json', `${ec.name} logout`);
      break;
    case 'npm':
    case 'pnpm':
      if (ops[0] === 'logout' || ((ops[0] === 'config' && (ops[1] === 'delete' || ops[1] === 'rm')) && /_auth/.test(ops[2] ?? ''))) remove(`${home}/.npmrc`, `${ec.name} ${ops[0] === 'logout' ? 'logout' : 'config delete'}`);
      break;
    case 'az':
      if (ops[0] === 'logout') remove(`${home}/.azure`, 'az logout');
      break;
    case 'gcloud':
      if (ops[0] === 'auth' && ops[1] === 'revoke') remove(`${home}/.config/gcloud`, 'gcloud auth revoke');
      break;
    case 'git':
      if (ops[0] === 'remote' && (ops[1] === 'set-url' || ops[1] === 'remove' || ops[1] === 'rm')) {
        // `set-url` to a URL that carries credentials (`$TOKEN`, `$(cat /run/secrets/t)`) stores them rather than removing them.
        const url = words[words.length - 1];
        if (ops[1] !== 'set-url' || !url || !wordHasUrlCredentials(url)) remove('.git/config', `git remote ${ops[1]}`);
      }
      break;
    default:
      break;
  }
}
