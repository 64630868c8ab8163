/**
 * The credential "slots" of shell commands: where a command line takes a password or token (`mysql -pX`,
 * `--password X`, `sshpass -p X`, `curl -u user:X`, `PGPASSWORD=X psql`…). Callers decide what a literal,
 * placeholder or reference in a slot means.
 */
import { classifyName } from '../secrets/names.js';
import { effectiveCommand, flagValue, positionalArgs, stdinWords } from '../shell/simple-command.js';
import type { ShellWord, SimpleCommand } from '../shell/types.js';

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

/** Push `s` unless a slot of `out` from `fromIndex` on has its word. */
function pushSlot(out: CredentialSlot[], fromIndex: number, s: CredentialSlot | undefined): void {
  if (!s) return;
  for (let i = fromIndex; i < out.length; i++) if ((out[i] as CredentialSlot).word === s.word) return;
  out.push(s);
}

/** Each of CREDENTIAL_FLAGS as the one-flag list `flagValue` takes, made once (not per flag per command). */
const CREDENTIAL_FLAG_LISTS: readonly (readonly string[])[] = CREDENTIAL_FLAGS.map((flag) => [flag]);

/** The slots of a command that has none (most commands): one shared empty list. */
const NO_SLOTS: readonly CredentialSlot[] = Object.freeze([]);

function computeCredentialSlots(cmd: SimpleCommand): readonly CredentialSlot[] {
  const out = slotsOf(cmd);
  return out.length === 0 ? NO_SLOTS : out;
}

function slotsOf(cmd: SimpleCommand): CredentialSlot[] {
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

  // A word gives one slot: a slot pushed below is dropped when one pushed below before it has the same word (no set
  // or closure per command: most commands have no slot at all).
  const fromIndex = out.length;

  // Long credential flags on any command (`docker build --secret id=…` is a reference, not a value).
  // All long flags: most commands have none, so skip the flag-by-argument scan for them.
  const hasLongFlag = args.some((arg) => arg.value.length > 2 && arg.value.startsWith('--'));
  if (hasLongFlag) {
    for (const flags of CREDENTIAL_FLAG_LISTS) {
      const found = flagValue(args, flags);
      if (found && !/^(?:id|src|source|env|type)=/.test(found.value)) pushSlot(out, fromIndex, slot(found.word, found.value, flags[0]!, name));
    }
  }

  if (MYSQL_CLIENTS.has(name)) {
    // `-pX` only: `-p X` prompts and X is the database name.
    for (const arg of args) {
      if (/^-p./.test(arg.value) && !arg.value.startsWith('--')) {
        const found = flagValue([arg], ['-p']);
        if (found) pushSlot(out, fromIndex, slot(found.word, found.value, `${name} -p`, name));
      }
    }
  } else if (name === 'sshpass') {
    const found = flagValue(args, ['-p']);
    if (found) pushSlot(out, fromIndex, slot(found.word, found.value, 'sshpass -p', name));
  } else if (LOGIN_TOOLS.has(name) && args.some((arg) => arg.value === 'login')) {
    const found = flagValue(args, ['-p']);
    if (found) pushSlot(out, fromIndex, slot(found.word, found.value, `${name} login -p`, name));
  } else if (name === 'az' && args[0]?.value === 'login') {
    const found = flagValue(args, ['-p']);
    if (found) pushSlot(out, fromIndex, slot(found.word, found.value, 'az login -p', name));
  } else if (name === 'redis-cli') {
    const found = flagValue(args, ['-a']);
    if (found) pushSlot(out, fromIndex, slot(found.word, found.value, 'redis-cli -a', name));
  } else if (name === 'mongo' || name === 'mongosh' || name === 'mongodump' || name === 'mongorestore') {
    const found = flagValue(args, ['-p']);
    if (found) pushSlot(out, fromIndex, slot(found.word, found.value, `${name} -p`, name));
  } else if (name === 'zip' || name === 'unzip') {
    const found = flagValue(args, ['-P']);
    if (found) pushSlot(out, fromIndex, slot(found.word, found.value, `${name} -P`, name));
  } else if (name === 'keytool') {
    for (const flag of KEYTOOL_FLAGS) {
      const i = args.findIndex((arg) => arg.value === flag);
      const next = args[i + 1];
      if (i >= 0 && next) pushSlot(out, fromIndex, slot(next, next.value, `keytool ${flag}`, name));
    }
  } else if (name === 'openssl') {
    for (const flag of OPENSSL_FLAGS) {
      const i = args.findIndex((arg) => arg.value === flag);
      const next = args[i + 1];
      const m = next ? /^pass:(.*)$/s.exec(next.value) : null;
      if (next && m) pushSlot(out, fromIndex, slot(next, m[1] as string, `openssl ${flag} pass:`, name));
    }
  } else if (name === 'curl' || name === 'http' || name === 'https') {
    const found = flagValue(args, name === 'curl' ? ['-u', '--user', '-U', '--proxy-user'] : ['-a', '--auth']);
    const colon = found ? found.value.indexOf(':') : -1;
    if (found && colon >= 0) pushSlot(out, fromIndex, slot(found.word, found.value.slice(colon + 1), `${name} ${args[found.index]?.value.startsWith('--') ? '--user' : '-u'} user:password`, name));
  } else if (name === 'htpasswd') {
    const options = args.filter((arg) => /^-[a-zA-Z]+$/.test(arg.value)).map((arg) => arg.value).join('');
    if (options.includes('b')) {
      const positional = positionalArgs(args, ['-C', '-r']);
      // -b file user password, or -nb user password
      const password = positional[options.includes('n') ? 1 : 2];
      if (password) pushSlot(out, fromIndex, slot(password, password.value, 'htpasswd -b', name));
    }
  } else if ((name === 'chpasswd' && !args.some((arg) => /^-(?:e|-encrypted)$/.test(arg.value))) || (name === 'passwd' && args.some((arg) => arg.value === '--stdin'))) {
    for (const word of stdinWords(cmd)) {
      for (const line of word.value.split(/\\n|\n/)) {
        const colon = line.indexOf(':');
        const password = name === 'chpasswd' ? (colon >= 0 ? line.slice(colon + 1) : '') : line;
        if (password !== '') pushSlot(out, fromIndex, slot(word, password, name === 'chpasswd' ? "chpasswd ('user:password')" : 'passwd --stdin', name));
      }
    }
  } else if (name === 'rabbitmqctl' && (args[0]?.value === 'add_user' || args[0]?.value === 'change_password')) {
    const password = args[2];
    if (password) pushSlot(out, fromIndex, slot(password, password.value, `rabbitmqctl ${args[0]?.value}`, name));
  }
  return out;
}
