/**
 * The RUN prefilter: a cheap test on a RUN's text (with the values of the ARG/ENV it references, its working
 * directory and home, its mounts and the variables in scope) that is a NECESSARY condition for any rule or
 * analysis to find something in the RUN's shell. A RUN that fails it is not parsed or walked: its shell
 * scripts add no file events, no shell-derived secret variables and no command-line findings.
 *
 * Each trigger below is derived from what a reader of `run.scripts` acts on; when a new reader acts on
 * something else, add the trigger here (the equivalence test over every fixture and the corpus checks it).
 */
import { CREDENTIAL_COMMANDS } from '../secrets/credential-writers.js';
import { classifyName } from '../secrets/names.js';
import { scanForSecrets } from '../secrets/scan.js';
import type { NameClass, SecretMatch } from '../secrets/types.js';
import type { DockerfileModel, RunInstruction } from '../model/types.js';
import { DEFAULT_SENSITIVE_PATTERNS } from './sensitive-files.js';
import { CREDENTIAL_PRINTERS } from './secret-scope.js';
import { CREDENTIAL_SLOT_WORDS } from './credential-slots.js';
import { escapeRegExp } from '../regexp.js';

/** Why a RUN is relevant (the first trigger found), or undefined when its shell cannot matter. */
export type RunTrigger =
  | 'not-plain-shell'
  | 'mount'
  | 'secret-variable-in-scope'
  | 'secret-path'
  | 'escaped-newline'
  | 'sensitive-name'
  | 'secret-name'
  | 'command'
  | 'literal-secret'
  | 'delete-after-add';

export interface RunPrefilterInput {
  model: DockerfileModel;
  run: RunInstruction;
  /** Is an ARG/ENV binding in scope at the RUN secret-like (the analysis answers it once per scope)? */
  secretVariableInScope(): boolean;
  /** Did an instruction executed before this RUN (in its stage chain, or earlier ONBUILD trigger) add a candidate file? */
  earlierCandidateAdd(): boolean;
  /** `classifyName`, memoised by the caller (the analysis classifies each name once per lint); default: classifyName. */
  classifyName?(name: string): NameClass;
  /** `scanForSecrets(run.text)`, shared by the caller with the rules that scan the same text; default: scanned here. */
  literalSecrets?(): readonly SecretMatch[];
}

/**
 * Mounts that only make the RUN's writes below them miss the layer (secret-scope.ts `ephemeralDirs`): that can
 * drop a finding of the RUN's shell but never make one, so they alone do not make the shell matter. Secret and
 * ssh mounts (and any other type) do.
 */
const WRITE_ONLY_MOUNTS: ReadonlySet<string> = new Set(['cache', 'tmpfs', 'bind']);

/**
 * Commands whose presence makes a RUN relevant: credential-writing commands (secrets/credential-writers.ts), commands whose
 * arguments hold credential slots (credential-slots.ts), and credential printers (secret-scope.ts).
 */
const COMMAND_WORDS: ReadonlySet<string> = new Set([
  ...CREDENTIAL_COMMANDS.flatMap((spec) => spec.commands),
  ...CREDENTIAL_SLOT_WORDS,
  ...CREDENTIAL_PRINTERS.map((printer) => printer.name),
].map((word) => word.toLowerCase()));

/**
 * Common commands that matter only with one of these words (their subcommands in secrets/credential-writers.ts and
 * credential-slots.ts); `@` stands for a URL with credentials (git's only other case).
 */
const REQUIRED_WORDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['npm', ['login', 'adduser', 'add-user', 'config', 'c', 'set']],
  ['pnpm', ['login', 'adduser', 'add-user', 'config', 'c', 'set']],
  ['yarn', ['login', 'config']],
  ['pip', ['config']],
  ['pip3', ['config']],
  ['python', ['config']],
  ['python3', ['config']],
  ['docker', ['login']],
  ['composer', ['config']],
  ['composer.phar', ['config']],
  ['cargo', ['login']],
  ['gem', ['signin']],
  ['dotnet', ['nuget']],
  ['bundle', ['config']],
  ['bundler', ['config']],
  ['git', ['config', 'remote', '@']],
  // curl's only credential slot is `-u/-U/--user/--proxy-user user:password` (its `-o` writes are paths, above).
  ['curl', ['-u', '--user', '--proxy-user']],
  // Credential slots only with these options (credential-slots.ts); `-passout` and the others of OPENSSL_FLAGS.
  ['openssl', ['-passout', '-passin', '-pass', '-password', '-passphrase']],
  ['rabbitmqctl', ['add_user', 'change_password']],
  // Credential writers only with these subcommands (secrets/credential-writers.ts: matchNuget, matchKubectl, matchPoetry).
  ['nuget', ['sources', 'source']],
  ['nuget.exe', ['sources', 'source']],
  ['kubectl', ['set-credentials']],
  ['poetry', ['config']],
]);

/**
 * Commands whose only credential slot is an option the lower-cased text cannot tell apart from a common one
 * (`unzip -P pw` from `mkdir -p`): the command matters only when the text as written (quotes and escapes
 * removed, so still a superset of each word's value) holds the option as credential-slots.ts reads it.
 */
const CASED_OPTIONS: ReadonlyMap<string, RegExp> = new Map([
  // `zip -P pw`, `unzip -Ppw` (flagValue: a word that starts with `-P`).
  ...['zip', 'unzip'].map((command): [string, RegExp] => [command, /(?<![A-Za-z0-9_.+-])-P/]),
  // `mysql -ppw` (a word `-p` followed by more; `-p pw` prompts). A newline may be an escaped one the shell joins.
  ...['mysql', 'mariadb', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlcheck', 'mysqlshow', 'mariadb-dump', 'mariadb-admin']
    .map((command): [string, RegExp] => [command, /(?<![A-Za-z0-9_.+-])-p[^ \t]/]),
]);

/**
 * Commands that delete files in layers.ts (`rm`…, `mv` of the source, `docker logout`, `npm config delete`,
 * `git remote …`): relevant only when something earlier may have added a file they could remove.
 */
const DELETE_WORDS: ReadonlySet<string> = new Set(['rm', 'unlink', 'shred', 'srm', 'wipe', 'mv', 'docker', 'podman', 'buildah', 'npm', 'pnpm', 'az', 'gcloud', 'git']);

/**
 * For each default sensitive-file glob, its longest literal piece (lower-cased): a path the glob matches holds
 * it within one segment. A piece that is a whole segment of the glob (`.git`, `id_rsa`, `config.json` of
 * `.docker/config.json`) must be a whole segment of the path, so it must stand alone in the text (not inside
 * `app.git` or `github.com`); any other piece (`.key` of `*.key`) may sit anywhere. A glob without a literal
 * piece would make every path a candidate.
 */
function fragmentPattern(glob: string): string {
  const lower = glob.toLowerCase();
  const pieces = lower.split(/\[[^[\]]*\]|[*?/{}]/);
  const piece = pieces.reduce((longest, candidate) => (candidate.length > longest.length ? candidate : longest), '');
  if (piece === '') return '';
  const escaped = escapeRegExp(piece);
  const wholeSegment = lower.split('/').includes(piece);
  return wholeSegment ? `(?<![a-z0-9_.-])${escaped}(?![a-z0-9_.-])` : escaped;
}

const SENSITIVE_FRAGMENTS: readonly string[] = DEFAULT_SENSITIVE_PATTERNS.map((pattern) => fragmentPattern(pattern.glob));

/** One pass for all fragments. */
const SENSITIVE_FRAGMENT_RE = new RegExp(SENSITIVE_FRAGMENTS.some((fragment) => fragment === '') ? '' : SENSITIVE_FRAGMENTS.join('|'));

/** Every word a required word of REQUIRED_WORDS may be (`@` stands for a URL with credentials). */
const NEEDED_WORDS: ReadonlySet<string> = new Set([...REQUIRED_WORDS.values()].flat());
/**
 * Short options among them (`-u`): a word that starts with one holds it (`-uci:pw`), as `flagValue` reads it. A
 * letter later in a group (`-fsu`, `set -eux`) is not read as the option by any reader.
 */
const NEEDED_SHORT_OPTIONS: ReadonlySet<string> = new Set([...NEEDED_WORDS].filter((word) => /^-[^-]$/.test(word)).map((word) => word.slice(1)));
/** No word longer than this is in any list above: longer words are never sliced out of the text. */
const LONGEST_WORD = Math.max(...[...COMMAND_WORDS, ...REQUIRED_WORDS.keys(), ...DELETE_WORDS, ...NEEDED_WORDS].map((word) => word.length));
for (const command of [...REQUIRED_WORDS.keys(), ...CASED_OPTIONS.keys()]) {
  if (!COMMAND_WORDS.has(command)) throw new Error(`run-prefilter: ${command} narrows a command that is not a credential command`);
}

export interface RunPrefilterWords {
  /** A credential command (or a common command with its credential subcommand) is among the words. */
  command: boolean;
  /** A command that deletes files (DELETE_WORDS) is among the words. */
  deletes: boolean;
}

/**
 * Substrings (case-insensitive) without which `classifyName` never says 'secret': every word of its secret
 * vocabulary (secrets/names.ts SECRET_WORD, KNOWN_SECRET_NAMES) contains one. Only names around a hit are classified.
 */
const SECRET_STEM = /pass|secret|token|cred|pwd|pword|psw|pat|key|auth/gi;

/** The first reason the RUN's shell may matter to a rule, or undefined when it cannot. */
export function runTrigger(input: RunPrefilterInput): RunTrigger | undefined {
  const { model, run } = input;
  if (run.form !== 'shell' || run.heredocs.length > 0) return 'not-plain-shell';
  if (run.mounts.some((mount) => !WRITE_ONLY_MOUNTS.has(mount.type))) return 'mount';
  if (input.secretVariableInScope()) return 'secret-variable-in-scope';

  const text = run.text;
  // Everything a path or word of the script can be made of: the text, its expansion, where it runs.
  const rest = `${text.includes('$') ? `\n${model.expand(text, run)}` : ''}\n${run.facts.workdir}\n${run.facts.home}`;
  const hay = text + rest;
  // Quotes and escapes join what the shell joins (`"PASS"WORD=x` is the word `PASSWORD=x`). The text's own
  // joined form is kept apart for the literal-secret scan below.
  const textJoined = withoutQuotes(text);
  const restJoined = withoutQuotes(rest);
  // Each is its input itself when nothing was removed, else shorter: cheap comparisons.
  const quoted = textJoined !== text || restJoined !== rest;
  const joined = quoted ? textJoined + restJoined : hay;
  const lower = joined.toLowerCase();
  if (lower.includes('/run/secrets')) return 'secret-path';
  const classify = input.classifyName ?? classifyName;
  // `printf 'user=a\npassword=b' > .env`: no-hardcoded-secret reads a literal's `\n`-separated lines, whose names
  // the text runs together with the `n` (`npassword`); the names of those lines, quoted or not.
  if (hay.includes('\\n')) {
    const lines = hay.replaceAll('\\n', '\n');
    if (hasSecretName(lines, classify) || hasSecretName(lines.replace(QUOTES_AND_ESCAPES, ''), classify)) return 'escaped-newline';
  }
  if (SENSITIVE_FRAGMENT_RE.test(lower)) return 'sensitive-name';
  // Names as the shell reads them (`$TOKEN`, `TOKEN=`, `read TOKEN`) and as words (`auth.password=…`), quoted or not.
  if (hasSecretName(hay, classify) || (quoted && hasSecretName(joined, classify))) return 'secret-name';
  const words = prefilterWords(lower, joined);
  if (words.command) return 'command';
  // A word's literal parts come from the text alone (never from an expansion), with or without their quotes.
  if ((input.literalSecrets ? input.literalSecrets() : scanForSecrets(text)).length > 0) return 'literal-secret';
  if (textJoined !== text && scanForSecrets(textJoined).length > 0) return 'literal-secret';
  if (words.deletes && input.earlierCandidateAdd()) return 'delete-after-add';
  return undefined;
}

const QUOTE_OR_ESCAPE = /["'\\]/;
const QUOTES_AND_ESCAPES = /["'\\]/g;

/** `text` without its quotes and backslashes; `text` itself (no copy) when it has none. */
function withoutQuotes(text: string): string {
  return QUOTE_OR_ESCAPE.test(text) ? text.replace(QUOTES_AND_ESCAPES, '') : text;
}

/** A character of a word as the prefilter splits the text: `[A-Za-z0-9_.+-]`. */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code === 95 || code === 46 || code === 43 || code === 45;
}

const WORD_CHAR = '[A-Za-z0-9_.+-]';

/**
 * Where a word that can change `prefilterWords`'s answer starts (a superset: each start is judged as a whole
 * word below). A word counts when, without its leading dashes, it is a listed word (or is one with them:
 * `--user`), when it is `pip3`/`python3.11`, or when it starts with a needed short option (`-uci:pw`).
 * Literal alternatives only, so the regex engine skips the other words (most of a RUN) in one linear pass.
 */
const CANDIDATE_WORD = new RegExp(
  `(?<!${WORD_CHAR})(?:-*(?:${[...new Set([...COMMAND_WORDS, ...REQUIRED_WORDS.keys(), ...DELETE_WORDS, ...NEEDED_WORDS])]
    .filter((word) => word !== '@')
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?!${WORD_CHAR})|(?:pip|python)[0-9.]+(?!${WORD_CHAR})` +
    (NEEDED_SHORT_OPTIONS.size > 0 ? `|-[${[...NEEDED_SHORT_OPTIONS].map(escapeRegExp).join('')}]` : '') +
    ')',
  'g',
);

/**
 * The command words of the lower-cased text: words are runs of `[A-Za-z0-9_.+-]`; a word followed by `://` is a
 * URL scheme (not the httpie command); `-opt` words count without their dashes too, and a word starting with a
 * short option (`-uci:pw`) for that option; `pip3`, `python3.11` count as `pip`, `python`. Only the words
 * CANDIDATE_WORD finds are looked at: no other word is in any list above. `written` is the same text before
 * lower-casing, for the options of CASED_OPTIONS; without it those commands always count.
 */
export function prefilterWords(lower: string, written?: string): RunPrefilterWords {
  const present = new Set<string>();
  const required: (readonly string[])[] = [];
  let deletes = false;
  const length = lower.length;
  // The one compiled regex, not a copy per call: V8 interprets a new RegExp object's first matches before
  // compiling it, and most RUNs are scanned once.
  const candidates = CANDIDATE_WORD;
  candidates.lastIndex = 0;
  for (let found = candidates.exec(lower); found !== null; found = candidates.exec(lower)) {
    const start = found.index;
    let end = start + 1;
    while (end < length && isWordChar(lower.charCodeAt(end))) end++;
    candidates.lastIndex = end;
    let wordStart = start;
    if (lower.charCodeAt(start) === 45 /* - */) {
      const option = lower[start + 1];
      if (option !== undefined && NEEDED_SHORT_OPTIONS.has(option)) present.add(`-${option}`);
      if (end - start <= LONGEST_WORD) {
        const raw = lower.slice(start, end);
        if (NEEDED_WORDS.has(raw)) present.add(raw);
      }
      while (wordStart < end && lower.charCodeAt(wordStart) === 45) wordStart++;
    } else if (lower.startsWith('://', end)) {
      continue;
    }
    let word: string;
    if (wordStart === start && lower.charCodeAt(start) === 112 /* p */) {
      word = versionlessPython(lower, start, end);
      if (word.length > LONGEST_WORD) continue;
    } else {
      if (end - wordStart > LONGEST_WORD) continue;
      word = lower.slice(wordStart, end);
    }
    if (NEEDED_WORDS.has(word)) present.add(word);
    const needs = REQUIRED_WORDS.get(word);
    const option = CASED_OPTIONS.get(word);
    if (needs) required.push(needs);
    else if (option) {
      if (written === undefined || option.test(written)) return { command: true, deletes };
    } else if (COMMAND_WORDS.has(word)) return { command: true, deletes };
    if (DELETE_WORDS.has(word)) deletes = true;
  }
  if (lower.includes('@')) present.add('@');
  return { command: required.some((needs) => needs.some((word) => present.has(word))), deletes };
}

/** `pip3`, `pip3.11` → `pip`, `python3.12` → `python` (a word of `p…` at `start`); any other word as it is. */
function versionlessPython(lower: string, start: number, end: number): string {
  for (const name of ['pip', 'python']) {
    if (end - start <= name.length || !lower.startsWith(name, start)) continue;
    let at = start + name.length;
    while (at < end && (lower.charCodeAt(at) === 46 || (lower.charCodeAt(at) >= 48 && lower.charCodeAt(at) <= 57))) at++;
    if (at === end) return name;
  }
  return lower.slice(start, end);
}

/** Is a name around a secret stem in `text` classified 'secret' (as an identifier, or as a word with `.`/`-`)? */
function hasSecretName(text: string, classify: (name: string) => NameClass): boolean {
  // A name is classified once however many stems it holds (`passpass…` stays linear).
  let identifierEnd = -1;
  let extendedEnd = -1;
  SECRET_STEM.lastIndex = 0;
  for (let hit = SECRET_STEM.exec(text); hit; hit = SECRET_STEM.exec(text)) {
    if (hit.index >= identifierEnd) {
      const name = nameAround(text, hit.index, false);
      identifierEnd = name.end;
      if (name.text && classify(name.text) === 'secret') return true;
    }
    if (hit.index >= extendedEnd) {
      const name = nameAround(text, hit.index, true);
      extendedEnd = name.end;
      if (name.text && classify(name.text) === 'secret') return true;
    }
  }
  return false;
}

/** `[A-Za-z0-9_]`, and with `extended` also `.` and `-`. */
function isNameChar(code: number, extended: boolean): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || (extended && (code === 46 || code === 45));
}

/**
 * The run of name characters around `at`, without leading characters a name cannot start with (as a global
 * match would find it), and where the run ends.
 */
function nameAround(text: string, at: number, extended: boolean): { text: string; end: number } {
  let start = at;
  let end = at;
  while (start > 0 && isNameChar(text.charCodeAt(start - 1), extended)) start--;
  while (end < text.length && isNameChar(text.charCodeAt(end), extended)) end++;
  const runEnd = end;
  // A name starts with `[A-Za-z_]`.
  while (start < end) {
    const code = text.charCodeAt(start);
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) break;
    start++;
  }
  return { text: text.slice(start, end), end: runEnd };
}
