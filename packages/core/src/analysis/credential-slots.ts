/**
 * Helpers shared by the value/name rules (`no-secret-arg`, `no-secret-env`, `no-hardcoded-secret`):
 * BuildKit's per-instruction `# check=skip=` comments, weak defaults, locating a value inside the source,
 * masked previews, and the credential "slots" of shell commands (`mysql -pX`, `--password X`, `sshpass -p X`…).
 */
import type { DockerfileModel, Instruction, Range, VariableBinding } from '../model/types.js';
import { shannonEntropy } from '../secrets/entropy.js';
import { classifyName } from '../secrets/names.js';
import { redact } from '../secrets/redact.js';
import { isClearlyNotSecret, isDocumentedExample, isPlaceholder, isReference, referencedVariables } from '../secrets/values.js';
import { effectiveCommand, flagValue, positionalArgs, stdinWords } from '../shell/commands.js';
import type { ShellWord, SimpleCommand } from '../shell/types.js';

// ---------------------------------------------------------------------------------------------------
// BuildKit `# check=skip=…` comments right above an instruction

/**
 * True when the comment lines directly above `instruction` (no blank line in between) contain
 * `check=skip=<list>` naming `checkName` or `all` — BuildKit honours these per instruction
 * (its `testSecretsUsedInArgOrEnv`). The file-level parser directive is handled by the engine.
 */
export function skippedByCheckComment(model: DockerfileModel, instruction: Instruction, checkName: string): boolean {
  const anchor = instruction.onbuild ?? instruction;
  const byLine = new Map<number, string>();
  for (const comment of model.comments) byLine.set(comment.line, comment.text);
  const wanted = checkName.toLowerCase();
  for (let line = anchor.range.start.line - 1; line >= 1; line--) {
    const text = byLine.get(line);
    if (text === undefined) break;
    const match = /^check\s*=\s*(.*)$/i.exec(text);
    if (!match) continue;
    for (const part of (match[1] as string).split(';')) {
      const skip = /^\s*skip\s*=\s*([^\s;]*)/i.exec(part);
      if (!skip) continue;
      const names = (skip[1] as string).split(',').map((name) => name.trim().toLowerCase());
      if (names.includes(wanted) || names.includes('all')) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Values

/** Well-known default passwords: not secrets, but a known credential baked into an image. */
const WEAK_DEFAULTS = new Set([
  'root', 'admin', 'administrator', 'guest', 'user', 'users', 'demo', 'postgres', 'mysql', 'mariadb', 'mongo',
  'mongodb', 'redis', 'rabbitmq', 'oracle', 'sa', 'pass', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'password1', 'password123',
  'letmein', 'welcome', 'qwerty', '123456', '1234567', '12345678', '123456789', 'secret123', 'admin123', 'root123',
  'test123', 'dev', 'devel', 'development', 'local', 'docker', 'app', 'django', 'rails', 'keycloak', 'jenkins', 'sonar',
  'minio', 'minioadmin', 'minio123', 'airflow', 'superset', 'grafana', 'changeit', 'insecure', 'unsafe', 'pw', 'pwd',
  'welcome1', 'docker!', 'oracle123', 'manager', 'tomcat', 's3cret',
]);

/**
 * A commonly used default password (`root`, `admin`, `guest`, `postgres`…, compared case-insensitively),
 * a short all-lower-case word (`nagios`, `application`), or a value that repeats a word of the variable's
 * own name (`MYSQL_PASSWORD=mysql`): a known credential baked into an image rather than a leaked secret.
 */
export function isWeakDefault(value: string, name?: string): boolean {
  const plain = unquote(unquote(value).replace(/[,;]$/, '')).trim();
  const s = plain.toLowerCase();
  if (WEAK_DEFAULTS.has(s) || /^(?:django-)?insecure[-_]/.test(s)) return true;
  if (/^[a-z]{1,12}$/.test(plain)) return true;
  return name !== undefined && s.length >= 3 && /^[a-z0-9]+$/.test(s) && name.toLowerCase().replace(/[^a-z0-9]/g, '').includes(s);
}

/** Only the list of well-known default passwords (`root`, `admin`, `Docker!`…), no word heuristics. */
export function isWellKnownPassword(value: string): boolean {
  const s = unquote(value).trim().toLowerCase();
  return WEAK_DEFAULTS.has(s) || /^(?:django-)?insecure[-_]/.test(s);
}

/** No letter or digit at all (`_`, `{}`, `[]`, `''`): nothing that could be a secret. */
export function isEmptyish(value: string): boolean {
  return !/[A-Za-z0-9]/.test(value);
}

const FILE_NAME_RE = /^[\w.-]{1,100}\.(?:sh|bash|py|js|mjs|ts|rb|pl|php|ps1|bat|cmd|exe|jar|json|ya?ml|xml|toml|ini|cfg|conf|properties|txt|env|pem|crt|cer|key|jks|p12|pfx|keystore|gpg|asc|pub|db|sql)$/i;

/** A bare file name (`resetOSPassword.sh`, `keystore.jks`): names a file, is not the secret. */
export function looksLikeFileName(value: string): boolean {
  return FILE_NAME_RE.test(unquote(value).trim());
}

export function unquote(value: string): string {
  const s = value.trim();
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s;
}

/**
 * Something that is not a hard-coded secret: empty, a reference, a placeholder, a documented example or
 * a value that cannot be a secret (path, boolean, number, version, credential-free URL…).
 */
export function isNotALiteralSecret(value: string): boolean {
  const s = unquote(value);
  return isEmptyish(s) || isReference(s) || isPlaceholder(s) || isDocumentedExample(s) || clearlyNotSecret(s) || looksLikeFileName(s);
}

/**
 * `isClearlyNotSecret`, except that a header-name-shaped value with a digit (`R00tPassw0rd-Build`,
 * `Seed-Pa55word`) is not accepted as a header name: real header names have no digits in practice.
 */
function clearlyNotSecret(value: string): boolean {
  const s = value.trim();
  if (/^[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)+$/.test(s) && /\d/.test(s)) return false;
  return isClearlyNotSecret(s);
}

/** Looks machine-generated: long and high-entropy (a generated key, not a typed password). */
export function looksRandom(value: string): boolean {
  const s = unquote(value);
  return s.length >= 16 && shannonEntropy(s) >= 3.5 && /\d/.test(s) && /[A-Za-z]/.test(s);
}

/** `ghp_…7l2, 40 chars` (the `redact()` preview in a shape that reads well inside parentheses). */
export function previewOf(value: string): string {
  return redact(value).replace(/ \((\d+) chars\)$/, ', $1 chars');
}

/** `RUN`, `ENV`, `ONBUILD RUN`… for messages. */
export function instructionLabel(instruction: Instruction): string {
  const keyword = instruction.kind === 'UNKNOWN' ? instruction.keywordText.toUpperCase() : instruction.kind;
  return instruction.onbuild ? `ONBUILD ${keyword}` : keyword;
}

/**
 * The range of `value` inside the source text covered by `range` (first occurrence), or `range` itself
 * when the value is not written verbatim there (escapes, JSON).
 */
export function locateValue(model: DockerfileModel, value: string, range: Range, options: { last?: boolean } = {}): Range {
  if (value === '') return range;
  const start = model.offsetAt(range.start);
  const end = model.offsetAt(range.end);
  const source = model.text.slice(start, end);
  const at = options.last ? source.lastIndexOf(value) : source.indexOf(value);
  if (at < 0) return range;
  return { start: model.positionAt(start + at), end: model.positionAt(start + at + value.length) };
}

/**
 * Variables visible just BEFORE `instruction` runs (`model.scopeAt` includes the instruction's own
 * ARG/ENV bindings; Docker expands an ENV's values with the environment from before it). ONBUILD
 * triggers get the scope at their ONBUILD.
 */
export function scopeBefore(model: DockerfileModel, instruction: Instruction): ReadonlyMap<string, VariableBinding> {
  if (instruction.onbuild) return model.scopeAt(instruction);
  const stage = instruction.stage;
  if (!stage) {
    const index = model.globalArgs.indexOf(instruction as never);
    const previous = index > 0 ? model.globalArgs[index - 1] : undefined;
    return previous ? model.scopeAt(previous) : new Map();
  }
  const index = stage.instructions.indexOf(instruction);
  const previous = index > 0 ? stage.instructions[index - 1] : undefined;
  if (previous && previous.kind !== 'FROM') return model.scopeAt(previous);
  // First instruction after FROM: only ENV inherited from a parent stage is visible.
  const scope = new Map<string, VariableBinding>();
  const base = stage.baseStage;
  const last = base?.instructions[base.instructions.length - 1];
  if (base && last) {
    const inherited = last.kind === 'FROM' ? scopeBefore(model, last) : model.scopeAt(last);
    for (const [name, binding] of inherited) if (binding.kind === 'env') scope.set(name, binding);
  }
  return scope;
}

/** Variables referenced in `text` whose names are secret-like and that are bound (ARG/ENV) before `instruction`. */
export function secretVariablesIn(model: DockerfileModel, instruction: Instruction, text: string): VariableBinding[] {
  const scope = scopeBefore(model, instruction);
  const found: VariableBinding[] = [];
  for (const name of referencedVariables(text)) {
    const binding = scope.get(name);
    if (binding && classifyName(name) === 'secret') found.push(binding);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Credential slots of shell commands

export interface CredentialSlot {
  /** The word holding the credential (possibly a slice of a flag word, e.g. the `X` of `-pX`). */
  word: ShellWord;
  /** The credential text (may be a part of the word: the password of `user:password`). */
  value: string;
  /** What it is, for messages: `mysql -p`, `--password`, `PGPASSWORD=`. */
  label: string;
  /** The command name. */
  command: string;
}

const MYSQL_CLIENTS = new Set(['mysql', 'mariadb', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlcheck', 'mysqlshow', 'mariadb-dump', 'mariadb-admin']);
const LOGIN_TOOLS = new Set(['docker', 'podman', 'buildah', 'skopeo', 'nerdctl', 'helm', 'oras', 'crane', 'regctl']);
/** Long options that take a credential on any command. */
const CREDENTIAL_FLAGS = [
  '--password', '--passwd', '--pass', '--token', '--api-key', '--apikey', '--api-token', '--access-token', '--auth-token',
  '--client-secret', '--http-password', '--proxy-password', '--ftp-password', '--private-token', '--secret-key',
  '--access-key-secret', '--registry-password', '--bootstrap-token', '--storepass', '--keypass',
];
/**
 * Words without which `credentialSlots` finds nothing in a command: its command names and credential flags
 * (the RUN prefilter's necessary condition; keep in step with `computeCredentialSlots`).
 */
export const CREDENTIAL_SLOT_WORDS: readonly string[] = [
  ...MYSQL_CLIENTS, ...LOGIN_TOOLS, ...CREDENTIAL_FLAGS.map((flag) => flag.slice(2)),
  'sshpass', 'az', 'redis-cli', 'mongo', 'mongosh', 'mongodump', 'mongorestore', 'zip', 'unzip', 'keytool', 'openssl',
  'curl', 'http', 'https', 'htpasswd', 'chpasswd', 'passwd', 'rabbitmqctl',
];
const KEYTOOL_FLAGS = ['-storepass', '-keypass', '-srcstorepass', '-deststorepass', '-srckeypass', '-destkeypass'];
const OPENSSL_FLAGS = ['-passout', '-passin', '-pass', '-password', '-passphrase'];

function slot(word: ShellWord, value: string, label: string, command: string): CredentialSlot {
  return { word, value, label, command };
}

/**
 * Credentials given literally (or not) on a command line: `--password X`, `--token=X`, `mysql -pX`,
 * `sshpass -p X`, `docker login -p X`, `curl -u user:X`, `htpasswd -b f user X`, `echo 'u:X' | chpasswd`,
 * `keytool -storepass X`, `openssl … -passout pass:X`, `redis-cli -a X`, `PGPASSWORD=X psql`.
 * Every slot is returned; callers decide what a literal/placeholder/reference means.
 */
export function credentialSlots(cmd: SimpleCommand): readonly CredentialSlot[] {
  // Pure in the command: kept on it, so an unchanged RUN re-linted from the session costs nothing here.
  const derived = (cmd.derived ??= {});
  return (derived.credentialSlots ??= computeCredentialSlots(cmd));
}

function computeCredentialSlots(cmd: SimpleCommand): CredentialSlot[] {
  const ec = effectiveCommand(cmd);
  const name = ec.name;
  const args = ec.args;
  const out: CredentialSlot[] = [];
  if (name === '' && ec.assignments.length === 0) return out;

  // Secret-named variables handed to a command (`PGPASSWORD=X psql`, `env TOKEN=X ./deploy`).
  if (name !== '') {
    for (const assignment of ec.assignments) {
      if (assignment.value && classifyName(assignment.name) === 'secret') out.push(slot(assignment.value, assignment.value.value, `${assignment.name}=`, name));
    }
  }

  const seen = new Set<ShellWord>();
  const push = (s: CredentialSlot | undefined) => {
    if (s && !seen.has(s.word)) {
      seen.add(s.word);
      out.push(s);
    }
  };

  // Long credential flags on any command (`docker build --secret id=…` is a reference, not a value).
  // All long flags: most commands have none, so skip the flag-by-argument scan for them.
  const hasLongFlag = args.some((arg) => arg.value.length > 2 && arg.value.startsWith('--'));
  for (const flag of hasLongFlag ? CREDENTIAL_FLAGS : []) {
    const found = flagValue(args, [flag]);
    if (found && !/^(?:id|src|source|env|type)=/.test(found.value)) push(slot(found.word, found.value, flag, name));
  }

  if (MYSQL_CLIENTS.has(name)) {
    // `-pX` only: `-p X` prompts and X is the database name.
    for (const arg of args) {
      if (/^-p./.test(arg.value) && !arg.value.startsWith('--')) {
        const found = flagValue([arg], ['-p']);
        if (found) push(slot(found.word, found.value, `${name} -p`, name));
      }
    }
  } else if (name === 'sshpass') {
    const found = flagValue(args, ['-p']);
    if (found) push(slot(found.word, found.value, 'sshpass -p', name));
  } else if (LOGIN_TOOLS.has(name) && args.some((arg) => arg.value === 'login')) {
    const found = flagValue(args, ['-p']);
    if (found) push(slot(found.word, found.value, `${name} login -p`, name));
  } else if (name === 'az' && args[0]?.value === 'login') {
    const found = flagValue(args, ['-p']);
    if (found) push(slot(found.word, found.value, 'az login -p', name));
  } else if (name === 'redis-cli') {
    const found = flagValue(args, ['-a']);
    if (found) push(slot(found.word, found.value, 'redis-cli -a', name));
  } else if (name === 'mongo' || name === 'mongosh' || name === 'mongodump' || name === 'mongorestore') {
    const found = flagValue(args, ['-p']);
    if (found) push(slot(found.word, found.value, `${name} -p`, name));
  } else if (name === 'zip' || name === 'unzip') {
    const found = flagValue(args, ['-P']);
    if (found) push(slot(found.word, found.value, `${name} -P`, name));
  } else if (name === 'keytool') {
    for (const flag of KEYTOOL_FLAGS) {
      const i = args.findIndex((arg) => arg.value === flag);
      const next = args[i + 1];
      if (i >= 0 && next) push(slot(next, next.value, `keytool ${flag}`, name));
    }
  } else if (name === 'openssl') {
    for (const flag of OPENSSL_FLAGS) {
      const i = args.findIndex((arg) => arg.value === flag);
      const next = args[i + 1];
      const m = next ? /^pass:(.*)$/s.exec(next.value) : null;
      if (next && m) push(slot(next, m[1] as string, `openssl ${flag} pass:`, name));
    }
  } else if (name === 'curl' || name === 'http' || name === 'https') {
    const found = flagValue(args, name === 'curl' ? ['-u', '--user', '-U', '--proxy-user'] : ['-a', '--auth']);
    const colon = found ? found.value.indexOf(':') : -1;
    if (found && colon >= 0) push(slot(found.word, found.value.slice(colon + 1), `${name} ${args[found.index]?.value.startsWith('--') ? '--user' : '-u'} user:password`, name));
  } else if (name === 'htpasswd') {
    const options = args.filter((arg) => /^-[a-zA-Z]+$/.test(arg.value)).map((arg) => arg.value).join('');
    if (options.includes('b')) {
      const positional = positionalArgs(args, ['-C', '-r']);
      // -b file user password, or -nb user password
      const password = positional[options.includes('n') ? 1 : 2];
      if (password) push(slot(password, password.value, 'htpasswd -b', name));
    }
  } else if ((name === 'chpasswd' && !args.some((arg) => /^-(?:e|-encrypted)$/.test(arg.value))) || (name === 'passwd' && args.some((arg) => arg.value === '--stdin'))) {
    for (const word of stdinWords(cmd)) {
      for (const line of word.value.split(/\\n|\n/)) {
        const colon = line.indexOf(':');
        const password = name === 'chpasswd' ? (colon >= 0 ? line.slice(colon + 1) : '') : line;
        if (password !== '') push(slot(word, password, name === 'chpasswd' ? "chpasswd ('user:password')" : 'passwd --stdin', name));
      }
    }
  } else if (name === 'rabbitmqctl' && (args[0]?.value === 'add_user' || args[0]?.value === 'change_password')) {
    const password = args[2];
    if (password) push(slot(password, password.value, `rabbitmqctl ${args[0]?.value}`, name));
  }
  return out;
}
