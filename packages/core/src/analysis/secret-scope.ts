/**
 * What secrets a RUN instruction can see, and whether a shell word carries one of them.
 * Sources: secret mounts (files and env), secret-like ARG/ENV in scope, shell variables read from a secret
 * file inside the same RUN, and literal secrets.
 */
import type { DockerfileModel, MountSpec, RunInstruction } from '../model/types.js';
import { classifyName } from '../secrets/names.js';
import { scanForSecrets } from '../secrets/scan.js';
import type { ShellScript, ShellWord, WordPart } from '../shell/types.js';

export type SecretOrigin = 'secret-mount' | 'mount-env' | 'build-arg' | 'env' | 'shell-variable' | 'literal';

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
  /** True when anything secret is in scope. */
  hasSecrets: boolean;
}

const SECRET_DIR = '/run/secrets';

const scopeCache = new WeakMap<RunInstruction, SecretScope>();

export function secretScopeOf(model: DockerfileModel, run: RunInstruction): SecretScope {
  const cached = scopeCache.get(run);
  if (cached) return cached;
  const scope = computeSecretScope(model, run);
  scopeCache.set(run, scope);
  return scope;
}

function computeSecretScope(model: DockerfileModel, run: RunInstruction): SecretScope {
  const secretFiles = new Map<string, SecretSource>();
  const variables = new Map<string, SecretSource>();
  const ephemeralDirs: string[] = [];
  const mounts = run.mounts.filter((mount) => mount.type === 'secret');

  for (const mount of run.mounts) {
    if (mount.type === 'secret') {
      const id = mount.id ?? 'secret';
      const source: SecretSource = { origin: 'secret-mount', name: id, description: `secret mount "${id}"` };
      if (mount.target) secretFiles.set(mount.target, source);
      if (mount.env) variables.set(mount.env, { origin: 'mount-env', name: mount.env, description: `secret "${id}" (env ${mount.env})` });
    } else if (mount.type === 'tmpfs' || mount.type === 'cache' || mount.type === 'bind') {
      if (mount.target) ephemeralDirs.push(mount.target);
    }
  }

  for (const binding of model.scopeAt(run).values()) {
    if (classifyName(binding.name) !== 'secret') continue;
    const origin: SecretOrigin = binding.kind === 'arg' ? 'build-arg' : 'env';
    variables.set(binding.name, { origin, name: binding.name, description: `${origin === 'build-arg' ? 'build arg' : 'ENV'} ${binding.name}` });
  }

  const scope: SecretScope = { mounts, secretFiles, variables, ephemeralDirs, hasSecrets: false };
  for (const script of run.scripts) collectShellSecrets(script, scope);
  scope.hasSecrets = secretFiles.size > 0 || variables.size > 0;
  return scope;
}

/** `X=$(cat /run/secrets/x)`, `export X="$(< /run/secrets/x)"`, `read -r X < /run/secrets/x` make X secret. */
function collectShellSecrets(script: ShellScript, scope: SecretScope): void {
  const visit = (name: string, word: ShellWord | undefined) => {
    if (!word) return;
    const carried = wordSecret(word, scope);
    if (carried) scope.variables.set(name, { origin: 'shell-variable', name, description: `${name} (from ${carried.description})` });
  };
  for (const assignment of script.assignments) visit(assignment.name, assignment.value);
  for (const command of script.commands) {
    for (const assignment of command.assignments) visit(assignment.name, assignment.value);
    if (command.name?.value === 'read') {
      const input = command.redirects.find((redirect) => redirect.operator === '<' && redirect.target);
      const fromSecret = input?.target ? secretFileOf(input.target.value, scope) : undefined;
      if (fromSecret) {
        const names = command.args.filter((arg) => !arg.value.startsWith('-')).map((arg) => arg.value);
        for (const name of names) scope.variables.set(name, { origin: 'shell-variable', name, description: `${name} (from ${fromSecret.description})` });
      }
    }
  }
}

export function isSecretPath(path: string): boolean {
  return path === SECRET_DIR || path.startsWith(`${SECRET_DIR}/`);
}

/** Is `path` a mounted secret file of this RUN (or under /run/secrets)? */
export function secretFileOf(path: string, scope: SecretScope): SecretSource | undefined {
  const exact = scope.secretFiles.get(path);
  if (exact) return exact;
  if (isSecretPath(path)) {
    const id = path.slice(SECRET_DIR.length + 1) || 'secret';
    return { origin: 'secret-mount', name: id, description: `secret file ${path}` };
  }
  return undefined;
}

const READERS = new Set(['cat', 'head', 'tail', 'base64', 'tr', 'xargs', 'jq', 'sed', 'awk', 'cut']);

/** The secret a word carries, if any: a secret variable, a command substitution reading a secret file, or a literal. */
export function wordSecret(word: ShellWord, scope: SecretScope, options: { literals?: boolean } = {}): SecretSource | undefined {
  for (const part of word.parts) {
    const found = partSecret(part, scope);
    if (found) return found;
  }
  if (options.literals !== false) {
    const literal = literalSecret(word);
    if (literal) return literal;
  }
  return undefined;
}

function partSecret(part: WordPart, scope: SecretScope): SecretSource | undefined {
  if (part.kind === 'variable') return scope.variables.get(part.name);
  if (part.kind === 'command') {
    for (const command of part.script.commands) {
      const input = command.redirects.find((redirect) => redirect.operator === '<' && redirect.target);
      if (input?.target) {
        const file = secretFileOf(input.target.value, scope);
        if (file) return file;
      }
      if (command.name && READERS.has(command.name.value.split('/').pop() ?? '')) {
        for (const arg of command.args) {
          const file = secretFileOf(arg.value, scope);
          if (file) return file;
        }
      }
      for (const arg of command.args) {
        for (const inner of arg.parts) {
          const found = inner.kind === 'variable' ? scope.variables.get(inner.name) : undefined;
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
