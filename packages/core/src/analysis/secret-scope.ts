/**
 * What secrets a RUN instruction can see, and whether a shell word carries one of them.
 * Sources: secret mounts (files and env), secret-like ARG/ENV in scope (and ENV derived from them), shell
 * variables read from a secret inside the same RUN, commands that print a credential
 * (`aws ecr get-login-password`), secret-named shell variables the RUN sets from an unknown value, and literal secrets.
 * A variable that no ARG/ENV declares and the RUN does not set is empty at build time (unless the base image
 * sets it): `$NPM_TOKEN` alone is then no secret, whatever its name.
 */
import { isWithin, joinPosix } from '../model/paths.js';
import type { DockerfileModel, MountSpec, RunInstruction, Stage, VariableBinding } from '../model/types.js';
import { classifyName } from '../secrets/names.js';
import type { NameClass } from '../secrets/types.js';
import { scanForSecrets } from '../secrets/scan.js';
import { basename, effectiveCommand, positionalArgs } from '../shell/simple-command.js';
import type { ShellScript, ShellWord, SimpleCommand, WordPart } from '../shell/types.js';

export type SecretOrigin =
  | 'secret-mount'
  | 'mount-env'
  | 'build-arg'
  | 'env'
  | 'shell-variable'
  /** `$NPM_TOKEN` set by the RUN's shell from a value we cannot see (`NPM_TOKEN=$(curl …)`): secret by name only. */
  | 'named-variable'
  /** Output of a command that prints a credential (`aws ecr get-login-password`). */
  | 'command-output'
  | 'literal';

export interface SecretSource {
  origin: SecretOrigin;
  /** Variable name, mount id or provider name, for messages (never the value). */
  name: string;
  /** Human description: `secret mount "npm"`, `build arg NPM_TOKEN`. */
  description: string;
}

export interface SecretScope {
  /** Secret mounts of this RUN. */
  mounts: MountSpec[];
  /** Absolute paths where secret files are mounted. */
  secretFiles: Map<string, SecretSource>;
  /** Variables that hold a secret, by name. */
  variables: Map<string, SecretSource>;
  /** Paths of non-secret mounts (tmpfs/cache/bind): writes below them do not reach the layer. */
  ephemeralDirs: string[];
  /** True when anything secret is in scope (secret mounts, secret variables). */
  hasSecrets: boolean;
  /** Home directory of the user the RUN runs as (`/root` unless USER/HOME say otherwise). */
  home: string;
  /** ARG/ENV bindings visible to the RUN (any name). */
  bindings: ReadonlyMap<string, VariableBinding>;
  /** Variables the RUN's shell sets (`X=…`, `export X=…`, `read X`): they have a value even without ARG/ENV. */
  shellSet: ReadonlySet<string>;
}

const SECRET_DIR = '/run/secrets';

/**
 * The secret scope of one RUN, computed afresh. Rules ask `context.analysis.secretScope(run)`, which computes
 * it once per lint; this is for callers without an analysis object (tests, one-off tools).
 */
export function secretScopeOf(model: DockerfileModel, run: RunInstruction): SecretScope {
  return computeSecretScope(model, run, bindingSecret);
}

/**
 * A secret-like ARG/ENV binding as a secret source (its name, or the secret-like variable it is derived from);
 * `classify` lets the analysis classify each name once per lint.
 */
export function bindingSecret(binding: VariableBinding, classify: (name: string) => NameClass = classifyName): SecretSource | undefined {
  const origin: SecretOrigin = binding.kind === 'arg' ? 'build-arg' : 'env';
  const label = origin === 'build-arg' ? 'build arg' : 'ENV';
  if (classify(binding.name) === 'secret') return { origin, name: binding.name, description: `${label} ${binding.name}` };
  // `ENV NODE_AUTH_TOKEN_COPY=$NPM_TOKEN`: derived from a secret-like variable.
  const from = binding.references.find((name) => name !== binding.name && classify(name) === 'secret');
  return from ? { origin, name: binding.name, description: `${label} ${binding.name} (from ${from})` } : undefined;
}

/** The secret-like bindings of one scope (`model.scopeAt`), in scope order, by name. */
export type SecretBindings = ReadonlyArray<readonly [string, SecretSource]>;

/** `secretOfBinding` of every binding of `bindings` that is one, in scope order. */
export function secretBindingsIn(
  bindings: ReadonlyMap<string, VariableBinding>,
  secretOfBinding: (binding: VariableBinding) => SecretSource | undefined,
): SecretBindings {
  const secret: Array<readonly [string, SecretSource]> = [];
  for (const binding of bindings.values()) {
    const source = secretOfBinding(binding);
    if (source) secret.push([binding.name, source]);
  }
  return secret;
}

/**
 * `secretOfBinding` lets a caller classify each binding once per lint; `secretBindingsOf` lets it keep the result
 * per scope (instructions between two ARG/ENV share one scope object, and a file's RUNs mostly share a few).
 */
export function computeSecretScope(
  model: DockerfileModel,
  run: RunInstruction,
  secretOfBinding: (binding: VariableBinding) => SecretSource | undefined,
  scripts: readonly ShellScript[] = run.scripts,
  secretBindingsOf: (bindings: ReadonlyMap<string, VariableBinding>) => SecretBindings = (bindings) => secretBindingsIn(bindings, secretOfBinding),
): SecretScope {
  const secretFiles = new Map<string, SecretSource>();
  const variables = new Map<string, SecretSource>();
  const ephemeralDirs: string[] = [];
  const mounts = run.mounts.filter((mount) => mount.type === 'secret');
  const bindings = model.scopeAt(run);
  const home = run.facts.home;

  for (const mount of run.mounts) {
    if (mount.type === 'secret') {
      const id = mount.id ?? 'secret';
      const source: SecretSource = { origin: 'secret-mount', name: id, description: `secret mount "${id}"` };
      if (mount.target) secretFiles.set(joinPosix('/', expandHomeIn(mount.target, home)), source);
      if (mount.env) variables.set(mount.env, { origin: 'mount-env', name: mount.env, description: `secret "${id}" (env ${mount.env})` });
    } else if (mount.type === 'tmpfs' || mount.type === 'cache' || mount.type === 'bind') {
      if (mount.target) ephemeralDirs.push(joinPosix(run.facts.workdir, expandHomeIn(mount.target, home)));
    }
  }

  // A secret mount's env wins over a binding of the same name.
  for (const [name, source] of secretBindingsOf(bindings)) if (!variables.has(name)) variables.set(name, source);

  const shellSet = new Set<string>();
  for (const script of scripts) for (const name of setNamesOf(script)) shellSet.add(name);
  const scope: SecretScope = { mounts, secretFiles, variables, ephemeralDirs, hasSecrets: false, home, bindings, shellSet };
  // Twice, so that `A=$(cat /run/secrets/a); B="x$A"` makes B secret whatever the listing order.
  for (let pass = 0; pass < 2; pass++) for (const script of scripts) collectShellSecrets(script, scope);
  scope.hasSecrets = secretFiles.size > 0 || variables.size > 0;
  return scope;
}

/** Names the script assigns (pure in the script: kept on it). */
function setNamesOf(script: ShellScript): ReadonlySet<string> {
  const derived = (script.derived ??= {});
  if (!derived.setNames) {
    const names = new Set<string>();
    collectShellSetNames(script, names);
    derived.setNames = names;
  }
  return derived.setNames;
}

/** Names the script assigns: `X=…` statements and prefixes, `export`/`local`/`declare X=…`, `read X`. */
function collectShellSetNames(script: ShellScript, names: Set<string>): void {
  for (const assignment of script.assignments) names.add(assignment.name);
  for (const command of script.commands) {
    for (const assignment of command.assignments) names.add(assignment.name);
    if (command.name && basename(command.name.value) === 'read') {
      for (const arg of positionalArgs(command.args, ['-d', '-n', '-N', '-p', '-t', '-u', '-a'])) names.add(arg.value);
    }
  }
}

/** `X=$(cat /run/secrets/x)`, `export X="$(< /run/secrets/x)"`, `read -r X < /run/secrets/x` make X secret. */
function collectShellSecrets(script: ShellScript, scope: SecretScope): void {
  const visit = (name: string, word: ShellWord | undefined) => {
    if (!word || scope.variables.get(name)?.origin === 'shell-variable') return;
    const carried = wordSecret(word, scope, { names: true });
    if (carried && carried.name !== name) scope.variables.set(name, { origin: 'shell-variable', name, description: `${name} (from ${carried.description})` });
  };
  for (const assignment of script.assignments) visit(assignment.name, assignment.value);
  for (const command of script.commands) {
    for (const assignment of command.assignments) visit(assignment.name, assignment.value);
    const name = command.name ? basename(command.name.value) : undefined;
    if (name === 'read') {
      const input = command.redirects.find((redirect) => redirect.operator === '<' && redirect.target);
      const fromSecret = input?.target ? secretFileOf(input.target.value, scope) : undefined;
      const fromPipe = command.pipeFrom ? commandOutputSecret(command.pipeFrom, scope) : undefined;
      const source = fromSecret ?? fromPipe;
      if (source) {
        const names = positionalArgs(command.args, ['-d', '-n', '-N', '-p', '-t', '-u', '-a']).map((arg) => arg.value);
        for (const variable of names) {
          if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) scope.variables.set(variable, { origin: 'shell-variable', name: variable, description: `${variable} (from ${source.description})` });
        }
      }
    }
  }
}

export function isSecretPath(path: string): boolean {
  return path === SECRET_DIR || path.startsWith(`${SECRET_DIR}/`);
}

/** Is `path` a mounted secret file of this RUN (or under /run/secrets)? */
export function secretFileOf(path: string, scope: SecretScope): SecretSource | undefined {
  const clean = path.startsWith('/') ? joinPosix('/', path) : path;
  const exact = scope.secretFiles.get(clean);
  if (exact) return exact;
  if (isSecretPath(clean)) {
    const id = clean.slice(SECRET_DIR.length + 1) || 'secret';
    return { origin: 'secret-mount', name: id, description: `secret file ${clean}` };
  }
  for (const [target, source] of scope.secretFiles) if (isWithin(clean, target)) return source;
  return undefined;
}

/** Commands that only read their file arguments (their output is the file's content, or derived from it). */
export const READERS = new Set(['cat', 'head', 'tail', 'base64', 'tr', 'xargs', 'jq', 'yq', 'sed', 'awk', 'cut', 'grep', 'openssl', 'envsubst', 'printf', 'echo']);

/**
 * Commands whose standard output is a credential: `aws ecr get-login-password`, `gcloud auth
 * print-access-token`, `az acr login --expose-token`, `gh auth token`… (the argv after the name).
 */
export const CREDENTIAL_PRINTERS: ReadonlyArray<{ name: string; path: readonly string[] }> = [
  { name: 'aws', path: ['ecr', 'get-login-password'] },
  { name: 'aws', path: ['ecr-public', 'get-login-password'] },
  { name: 'aws', path: ['codeartifact', 'get-authorization-token'] },
  { name: 'aws', path: ['sts', 'get-session-token'] },
  { name: 'aws', path: ['sts', 'assume-role'] },
  { name: 'gcloud', path: ['auth', 'print-access-token'] },
  { name: 'gcloud', path: ['auth', 'print-identity-token'] },
  { name: 'gcloud', path: ['auth', 'application-default', 'print-access-token'] },
  { name: 'az', path: ['account', 'get-access-token'] },
  { name: 'az', path: ['acr', 'login'] },
  { name: 'gh', path: ['auth', 'token'] },
  { name: 'vault', path: ['read'] },
  { name: 'vault', path: ['kv', 'get'] },
  { name: 'op', path: ['read'] },
  { name: 'doppler', path: ['secrets', 'get'] },
];

/** The secret a command writes to its standard output, if it prints one (a credential printer, or a reader of a secret file). */
export function commandOutputSecret(command: SimpleCommand, scope: SecretScope): SecretSource | undefined {
  const ec = effectiveCommand(command);
  const input = command.redirects.find((redirect) => redirect.operator === '<' && redirect.target);
  if (input?.target) {
    const file = secretFileOf(input.target.value, scope);
    if (file) return file;
  }
  if (!ec.name) return undefined;
  if (READERS.has(ec.name)) {
    for (const arg of ec.args) {
      const file = secretFileOf(arg.value, scope);
      if (file) return file;
    }
  }
  const operands = positionalArgs(ec.args).map((word) => word.value);
  for (const printer of CREDENTIAL_PRINTERS) {
    if (printer.name !== ec.name) continue;
    if (printer.path.every((part, index) => operands[index] === part)) {
      if (printer.name === 'az' && printer.path[1] === 'login' && !ec.args.some((arg) => arg.value === '--expose-token')) continue;
      return { origin: 'command-output', name: `${ec.name} ${printer.path.join(' ')}`, description: `the output of ${ec.name} ${printer.path.join(' ')}` };
    }
  }
  return undefined;
}

export interface WordSecretOptions {
  /** Detect literal secrets in the word's literal text (default true). */
  literals?: boolean;
  /** Treat a secret-named variable the RUN sets from an unknown value (`T=$(curl …)`; `$T`) as a secret (default true). */
  names?: boolean;
}

/** The secret a word carries, if any: a secret variable, a command substitution reading a secret, or a literal. */
export function wordSecret(word: ShellWord, scope: SecretScope, options: WordSecretOptions = {}): SecretSource | undefined {
  for (const part of word.parts) {
    const found = partSecret(part, scope, options.names !== false);
    if (found) return found;
  }
  if (options.literals !== false) {
    const literal = literalSecret(word);
    if (literal) return literal;
  }
  return undefined;
}

/** Variables a word expands (`$X`, `${X:-d}`), command substitutions excluded. */
export function wordVariables(word: ShellWord): string[] {
  const names: string[] = [];
  for (const part of word.parts) if (part.kind === 'variable' && part.name && !names.includes(part.name)) names.push(part.name);
  return names;
}

/** A word with any expansion (variable or command substitution): its value is not known from the text. */
export function hasExpansion(word: ShellWord): boolean {
  return word.parts.some((part) => part.kind !== 'literal');
}

function variableSecret(name: string, operator: string | undefined, scope: SecretScope, names: boolean): SecretSource | undefined {
  if (!name || operator === '#' || operator === '$((') return undefined;
  const known = scope.variables.get(name);
  if (known) return known;
  // Only a variable the shell sets has a value we cannot see; an undeclared one is empty.
  if (names && !scope.bindings.has(name) && scope.shellSet.has(name) && classifyName(name) === 'secret') {
    return { origin: 'named-variable', name, description: `$${name}` };
  }
  return undefined;
}

function partSecret(part: WordPart, scope: SecretScope, names: boolean): SecretSource | undefined {
  if (part.kind === 'variable') return variableSecret(part.name, part.operator, scope, names);
  if (part.kind === 'command') {
    for (const command of part.script.commands) {
      const output = commandOutputSecret(command, scope);
      if (output) return output;
      for (const arg of command.args) {
        for (const inner of arg.parts) {
          const found = inner.kind === 'variable' ? variableSecret(inner.name, inner.operator, scope, names) : undefined;
          if (found) return found;
        }
      }
    }
  }
  return undefined;
}

function literalSecret(word: ShellWord): SecretSource | undefined {
  const literalText = word.parts.filter((part) => part.kind === 'literal').map((part) => part.text).join(' ');
  if (literalText.length < 8) return undefined;
  const match = scanForSecrets(literalText).find((candidate) => candidate.confidence !== 'weak');
  return match ? { origin: 'literal', name: match.providerName, description: `a literal ${match.providerName}` } : undefined;
}

/** Replace a leading `~`, `$HOME` or `${HOME}` by `home`. */
export function expandHomeIn(path: string, home: string): string {
  if (path === '~' || path === '$HOME' || path === '${HOME}') return home;
  const m = /^(?:~|\$HOME|\$\{HOME\})\//.exec(path);
  return m ? `${home}/${path.slice(m[0].length)}` : path;
}

/** The stage and its `FROM <stage>` ancestors, oldest first. */
export function chainOf(stage: Stage | undefined): Stage[] {
  const chain: Stage[] = [];
  for (let current = stage; current && !chain.includes(current); current = current.baseStage) chain.unshift(current);
  return chain;
}

/** A concrete build-secret rewrite for a secret source, with the matching `docker build --secret` flag. */
export function secretMountHint(source: SecretSource | undefined, file?: string): string {
  const variable = source && /^[A-Za-z_][A-Za-z0-9_]*$/.test(source.name) && source.origin !== 'literal' && source.origin !== 'command-output' && source.origin !== 'secret-mount'
    ? source.name : 'TOKEN';
  const id = source?.origin === 'secret-mount' ? source.name : variable.toLowerCase();
  if (file) {
    return `mount the secret at the path the tool reads for the one RUN that needs it: RUN --mount=type=secret,id=${id},target=${file} <command> (docker build --secret id=${id},src=<local file>), so nothing is written to the layer`;
  }
  return `pass it as a build secret: RUN --mount=type=secret,id=${id},env=${variable} <command> (docker build --secret id=${id},env=${variable}), and keep it out of files`;
}
