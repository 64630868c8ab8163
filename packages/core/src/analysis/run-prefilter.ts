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
import { PROVIDERS } from '../secrets/providers.js';
import type { NameClass, SecretMatch } from '../secrets/types.js';
import type { DockerfileModel, RunInstruction } from '../model/types.js';
import { DEFAULT_SENSITIVE_PATTERNS } from './sensitive-files.js';
import { CREDENTIAL_PRINTERS } from './secret-scope.js';
import { CREDENTIAL_SLOT_WORDS } from './credential-slots.js';
import { escapeRegExp, literalTrieSource } from '../regexp.js';

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
function sensitivePiece(glob: string): { piece: string; wholeSegment: boolean } {
  const lower = glob.toLowerCase();
  const pieces = lower.split(/\[[^[\]]*\]|[*?/{}]/);
  const piece = pieces.reduce((longest, candidate) => (candidate.length > longest.length ? candidate : longest), '');
  return { piece, wholeSegment: piece !== '' && lower.split('/').includes(piece) };
}

const SENSITIVE_PIECES: readonly { piece: string; wholeSegment: boolean }[] = DEFAULT_SENSITIVE_PATTERNS.map((pattern) => sensitivePiece(pattern.glob));

const SENSITIVE_FRAGMENTS: readonly string[] = SENSITIVE_PIECES.map(({ piece, wholeSegment }) =>
  wholeSegment ? `(?<![a-z0-9_.-])${escapeRegExp(piece)}(?![a-z0-9_.-])` : escapeRegExp(piece),
);

/** One pass for all fragments; case-blind (it reads the joined text, lower-cased or not: see `caseFolded`). */
const SENSITIVE_FRAGMENT_RE = new RegExp(SENSITIVE_FRAGMENTS.some((fragment) => fragment === '') ? '' : SENSITIVE_FRAGMENTS.join('|'), 'i');

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

/**
 * What the prefilter asks of the lint about a RUN (the analysis answers them, memoised per lint); the questions of
 * RunPrefilterInput, with the RUN as argument.
 */
export interface RunPrefilterQuestions {
  secretVariableInScope(run: RunInstruction): boolean;
  earlierCandidateAdd(run: RunInstruction): boolean;
  classifyName?(name: string): NameClass;
  literalSecrets?(run: RunInstruction): readonly SecretMatch[];
}

/** The first reason the RUN's shell may matter to a rule, or undefined when it cannot. */
export function runTrigger(input: RunPrefilterInput): RunTrigger | undefined {
  const { literalSecrets, classifyName: classify } = input;
  return runTriggerFor(input.model, input.run, {
    secretVariableInScope: () => input.secretVariableInScope(),
    earlierCandidateAdd: () => input.earlierCandidateAdd(),
    ...(classify ? { classifyName: (name: string) => classify.call(input, name) } : {}),
    ...(literalSecrets ? { literalSecrets: () => literalSecrets.call(input) } : {}),
  });
}

/** `runTrigger` with the questions answered by a long-lived object (the analysis): nothing is made per RUN for them. */
export function runTriggerFor(model: DockerfileModel, run: RunInstruction, input: RunPrefilterQuestions): RunTrigger | undefined {
  if (run.form !== 'shell' || run.heredocs.length > 0) return 'not-plain-shell';
  if (run.mounts.some((mount) => !WRITE_ONLY_MOUNTS.has(mount.type))) return 'mount';
  if (input.secretVariableInScope(run)) return 'secret-variable-in-scope';

  const text = run.text;
  // Everything a path or word of the script can be made of: the text, its expansion, where it runs.
  const parts: RunParts = [text, expansionOf(model, run), run.facts.workdir, run.facts.home];
  // Most RUNs hold none of the names, paths or command words the text triggers need: for them the quick test
  // rules those out without the joined and lower-cased copies the exact checks read.
  let words: RunPrefilterWords | undefined;
  if (mayHoldTextTrigger(parts)) {
    const trigger = textTrigger(parts, input.classifyName ? (name) => input.classifyName!(name) : classifyName);
    if (typeof trigger === 'string') return trigger;
    words = trigger;
  }
  // A word's literal parts come from the text alone (never from an expansion), with or without their quotes.
  if ((input.literalSecrets ? input.literalSecrets(run) : scanForSecrets(text)).length > 0) return 'literal-secret';
  if (QUOTE_OR_ESCAPE.test(text) && mayHoldCatalogueSecret(text) && scanForSecrets(withoutQuotes(text)).length > 0) return 'literal-secret';
  // Without the exact words, the quick test (a superset) decides whether the analysis is asked; the exact words
  // then confirm it.
  if ((words ? words.deletes : mayNameDeleteCommand(parts)) && input.earlierCandidateAdd(run) && (words ?? wordsOf(parts)).deletes) return 'delete-after-add';
  return undefined;
}

/**
 * The RUN's text with the ARG/ENV values in force, or undefined when there is nothing to expand: no `$`, or no
 * variable in scope and no `${X:-…}`/`${X:+…}` (model.expand leaves unknown variables as written: the expansion
 * would only repeat the text, and every trigger asks whether something is in the parts, not how often).
 */
function expansionOf(model: DockerfileModel, run: RunInstruction): string | undefined {
  const text = run.text;
  if (!text.includes('$')) return undefined;
  if (model.scopeAt(run).size === 0 && !DEFAULTING_REFERENCE.test(text)) return undefined;
  return model.expand(text, run);
}

/** A `${X-…}`, `${X:-…}`, `${X+…}` or `${X:+…}` reference: it expands to something else even when X is unknown. */
const DEFAULTING_REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*:?[-+]/;

/** What the text triggers read of a RUN: its text, the text's expansion (undefined: no `$` in it), working directory, home. */
export type RunParts = readonly [text: string, expansion: string | undefined, workdir: string, home: string];

/** The parts one per line: what the exact checks read. */
function hayOf([text, expansion, workdir, home]: RunParts): string {
  return `${text}${expansion !== undefined ? `\n${expansion}` : ''}\n${workdir}\n${home}`;
}

/**
 * `text` as the case-blind checks below may read it: itself, unless it holds a character that lower-cases into
 * ASCII (which a case-blind match of an ASCII literal does not see), then lower-cased. Most texts: no copy.
 */
function caseFolded(text: string): string {
  return LOWERS_INTO_ASCII.test(text) ? text.toLowerCase() : text;
}

/** The command words of the parts (exact). */
function wordsOf(parts: RunParts): RunPrefilterWords {
  const joined = withoutQuotes(hayOf(parts));
  return prefilterWords(caseFolded(joined), joined);
}

/**
 * The exact text triggers (secret path, `\n`-separated names, sensitive names, secret names, credential commands),
 * the first that fires, or the RUN's command words when none does. Exported for the quick test's equivalence test.
 */
export function textTrigger(parts: RunParts, classify: (name: string) => NameClass): RunTrigger | RunPrefilterWords {
  const hay = hayOf(parts);
  // Quotes and escapes join what the shell joins (`"PASS"WORD=x` is the word `PASSWORD=x`).
  const joined = withoutQuotes(hay);
  const folded = caseFolded(joined);
  if (RUN_SECRETS.test(folded)) return 'secret-path';
  // `printf 'user=a\npassword=b' > .env`: no-hardcoded-secret reads a literal's `\n`-separated lines, whose names
  // the text runs together with the `n` (`npassword`); the names of those lines, quoted or not.
  if (hay.includes('\\n')) {
    const lines = hay.replaceAll('\\n', '\n');
    if (hasSecretName(lines, classify) || hasSecretName(lines.replace(QUOTES_AND_ESCAPES, ''), classify)) return 'escaped-newline';
  }
  if (SENSITIVE_FRAGMENT_RE.test(folded)) return 'sensitive-name';
  // Names as the shell reads them (`$TOKEN`, `TOKEN=`, `read TOKEN`) and as words (`auth.password=…`), quoted or not.
  if (hasSecretName(hay, classify) || (joined !== hay && hasSecretName(joined, classify))) return 'secret-name';
  const words = prefilterWords(folded, joined);
  return words.command ? 'command' : words;
}

const RUN_SECRETS = /\/run\/secrets/i;

/**
 * The quick test, on the raw parts (the text, its expansion, working directory, home) one by one: each part as
 * the exact checks read it is the part without its quotes and backslashes, lower-cased. A pattern below matches
 * a literal with any of `"'\` between its characters (as they are removed), case-blind (as it is lower-cased),
 * and a word boundary where the exact check needs one (a quote or backslash there counts as a boundary, so
 * the test can only say "may" more often). The exact checks fire only on a secret stem (SECRET_STEM: every
 * secret name, `/run/secrets`, the names of `\n`-separated lines hold one), a sensitive-file piece, or a
 * credential command (with its subcommand or option where it needs one): a RUN with none of them is decided
 * without them.
 */
const REMOVED = `["'\\\\]*`;
/** What `prefilterWords` reads as a word character, and a word boundary before a raw position. */
const WORD_CHAR_CLASS = '[A-Za-z0-9_.+-]';
const WORD_START = `(?<!${WORD_CHAR_CLASS})`;
const WORD_END = `(?!${WORD_CHAR_CLASS})`;

/** `literal` as a regex source that also matches it with quotes and backslashes between its characters. */
function joinedLiteral(literal: string): string {
  return [...literal].map(escapeRegExp).join(REMOVED);
}

/**
 * `joinedLiteral` of each of `literals`, as one trie-shaped alternation (`p(?:ass|wd)`): ~10× faster here than
 * the flat alternation, which the quick test would run on every RUN.
 */
function joinedLiterals(literals: Iterable<string>): string {
  return literalTrieSource(literals, REMOVED);
}

/**
 * A word of `words` as `prefilterWords` counts it: a whole word after its leading dashes; a word without dashes
 * followed by `://` is a URL scheme and does not count.
 */
function wordSource(words: Iterable<string>): string {
  const alternatives = joinedLiterals(words);
  return `${WORD_START}(?:${alternatives}${WORD_END}(?!${joinedLiteral('://')})|-[-"'\\\\]*${alternatives}${WORD_END})`;
}

/** Commands that matter whatever follows them (the others need a word of REQUIRED_WORDS or an option of CASED_OPTIONS). */
const UNCONDITIONAL_COMMANDS = [...COMMAND_WORDS].filter((word) => !REQUIRED_WORDS.has(word) && !CASED_OPTIONS.has(word));

/**
 * Stems that make a name secret only as the end of a word of the normalised name (secrets/names.ts: `GITHUB_PAT`,
 * `gitPat`, `API_KEY`, `apikey`, `DOCKER_AUTH_CONFIG`; every secret word with more after them holds another
 * stem: `password`, `authtoken`). Normalising never splits a stem from a lower-case letter or a digit after it,
 * so `path`, `patch`, `keyring`, `keys`, `author` never make one; the commonest stems in RUNs by far.
 */
const WORD_END_STEMS: readonly string[] = ['pat', 'key', 'auth'];
/**
 * Of those, the stems that are no secret name alone (`key`, `auth` are 'ambiguous'; `pat` is a secret): they make
 * one only after more of the name (`API_KEY`, `apikey`, `NPM_CONFIG__AUTH`), so only after a name character, or a
 * quote or backslash that joining removes (`$key`, `gpg: key 843C` are none).
 */
const PREFIXED_STEMS: ReadonlySet<string> = new Set(['key', 'auth']);
/**
 * And `pat` is a secret word only as a whole word (`GITHUB_PAT`, `gitPat`): normalising splits a word only before
 * a capital (or at `-`, `.`), so a lower-case `pat` right after a letter (`expat`, `compat`) never starts one —
 * unless the letter is the `n` of a `\n`, which the exact check also reads as a line break.
 */
const WHOLE_WORD_STEMS: ReadonlySet<string> = new Set(['pat']);

/** A secret stem, `/run/secrets` or a sensitive-file piece that may sit anywhere, case-blind. */
const STEM_OR_PIECE = new RegExp(
  joinedLiterals([
    ...SECRET_STEM.source.split('|').filter((stem) => !WORD_END_STEMS.includes(stem)),
    '/run/secrets',
    ...SENSITIVE_PIECES.filter((piece) => !piece.wholeSegment).map(({ piece }) => piece),
  ]),
  'i',
);

/** A sensitive-file piece that must be a whole segment, standing alone as in SENSITIVE_FRAGMENT_RE. */
const SEGMENT_PIECE = new RegExp(
  `(?<![A-Za-z0-9_.-])${joinedLiterals(SENSITIVE_PIECES.filter((piece) => piece.wholeSegment).map(({ piece }) => piece))}(?![A-Za-z0-9_.-])`,
  'i',
);

/** A command that matters whatever follows it. (Three patterns: one alternation of all is slower than the three.) */
const UNCONDITIONAL_COMMAND = new RegExp(wordSource(UNCONDITIONAL_COMMANDS), 'i');

/**
 * A stem of WORD_END_STEMS (either case) that may end a word of the normalised name: not followed by a lower-case
 * letter or digit, and, when it ends in a capital, not by a capital that no lower-case letter follows (`PATH`,
 * `KEYS`: only `PATHx` splits into `PAT_Hx`). Not followed means the very next character: the exact check also
 * reads the names of the text as written, where a quote ends one (`PAT"2` holds `PAT`).
 */
const WORD_END_STEM = new RegExp(
  WORD_END_STEMS.map((stem) => {
    // The first character comes first, the checks before it follow as lookbehinds: the engine then skips to
    // the next candidate letter instead of trying a lookbehind at every position.
    const [first, ...rest] = stem;
    const upper = first!.toUpperCase();
    const start = PREFIXED_STEMS.has(stem)
      ? `[${upper}${first}](?<=[-A-Za-z0-9_."'\\\\].)`
      : WHOLE_WORD_STEMS.has(stem)
        ? `(?:${upper}|${first}(?<![A-Za-z].)|${first}(?<=\\\\n.))`
        : `[${upper}${first}]`;
    const middle = rest.slice(0, -1).map((ch) => `${REMOVED}[${ch.toUpperCase()}${ch}]`).join('');
    const last = rest[rest.length - 1]!;
    return `${start}${middle}${REMOVED}(?:${last}(?![a-z0-9])|${last.toUpperCase()}(?![a-z0-9]|[A-Z](?!${REMOVED}[a-z])))`;
  }).join('|'),
);

/** Commands of REQUIRED_WORDS (`pip3.11`, `python3.12` as versionlessPython reads them when `pip`, `python` are among them). */
function requiredCommandPattern(commands: readonly string[]): RegExp {
  const versioned = ['pip', 'python'].filter((name) => commands.includes(name)).map(joinedLiteral);
  const versions = versioned.length > 0 ? `|${WORD_START}(?:${versioned.join('|')})(?:${REMOVED}[0-9.])+${WORD_END}` : '';
  return new RegExp(wordSource(commands) + versions, 'i');
}

/** One of `needs` as `prefilterWords` finds it: a listed word (with or without dashes), a short option starting a word, `@`. */
function neededWordPattern(needs: readonly string[]): RegExp {
  const shortOptions = needs.filter((word) => NEEDED_SHORT_OPTIONS.has(word.slice(1)) && /^-[^-]$/.test(word)).map((word) => escapeRegExp(word.slice(1)));
  const words = [...new Set(needs.filter((word) => word !== '@').map((word) => word.replace(/^-+/, '')))];
  return new RegExp(
    [wordSource(words), ...(shortOptions.length > 0 ? [`${WORD_START}-${REMOVED}[${shortOptions.join('')}]`] : []), ...(needs.includes('@') ? ['@'] : [])].join('|'),
    'i',
  );
}

/** Any command of REQUIRED_WORDS: a RUN without one needs no look at their words. */
const REQUIRED_COMMAND = requiredCommandPattern([...REQUIRED_WORDS.keys()]);

/** The commands of REQUIRED_WORDS grouped by the words they need, each group's commands and needed words as patterns. */
const REQUIRED_GROUPS: readonly { commands: RegExp; needed: RegExp }[] = (() => {
  const commandsByNeeds = new Map<string, { needs: readonly string[]; commands: string[] }>();
  for (const [command, needs] of REQUIRED_WORDS) {
    const key = needs.join(' ');
    const group = commandsByNeeds.get(key) ?? { needs, commands: [] };
    group.commands.push(command);
    commandsByNeeds.set(key, group);
  }
  return [...commandsByNeeds.values()].map((group) => ({ commands: requiredCommandPattern(group.commands), needed: neededWordPattern(group.needs) }));
})();

/** A command of CASED_OPTIONS. */
const CASED_COMMAND = new RegExp(wordSource(CASED_OPTIONS.keys()), 'i');

/** What every option of CASED_OPTIONS starts with: `-P`, or `-p` not followed by a blank (an end of part may be a newline). */
const CASED_OPTION_START = new RegExp(`${WORD_START}-${REMOVED}(?:P|p(?!${REMOVED}[ \\t]))`);
for (const option of CASED_OPTIONS.values()) {
  if (!/^\(\?<!\[A-Za-z0-9_\.\+-\]\)-(?:P|p\[\^ \\t\])$/.test(option.source)) throw new Error(`run-prefilter: CASED_OPTION_START does not cover ${option.source}`);
}

/**
 * `scanForSecrets` finds a secret only where the text holds a keyword of its provider and every literal the provider
 * requires (secrets/scan.ts: the keyword prefilter, `requires`); so the text without its quotes can hold one only
 * when the text holds them with quotes between their characters. Per group of providers requiring the same
 * literals: any of their keywords, and each required literal.
 */
const CATALOGUE_GATES: readonly { keywords: RegExp; requires: readonly RegExp[] }[] = (() => {
  const byRequires = new Map<string, { keywords: string[]; requires: readonly string[] }>();
  for (const provider of PROVIDERS) {
    const requires = provider.requires ?? [];
    const key = JSON.stringify(requires);
    const gate = byRequires.get(key) ?? { keywords: [], requires };
    gate.keywords.push(...provider.keywords);
    byRequires.set(key, gate);
  }
  return [...byRequires.values()].map((gate) => ({
    keywords: new RegExp(joinedLiterals(gate.keywords), 'i'),
    requires: gate.requires.map((literal) => new RegExp(joinedLiteral(literal), 'i')),
  }));
})();

/** May `scanForSecrets` find a secret in `text` without its quotes and backslashes? False only when it cannot. */
export function mayHoldCatalogueSecret(text: string): boolean {
  return LOWERS_INTO_ASCII.test(text) || CATALOGUE_GATES.some((gate) => gate.keywords.test(text) && gate.requires.every((literal) => literal.test(text)));
}

/** A command of DELETE_WORDS. */
const DELETE_COMMAND = new RegExp(wordSource(DELETE_WORDS), 'i');

/** The quick test for `prefilterWords(…).deletes`: false only when no command of DELETE_WORDS is among the words. */
export function mayNameDeleteCommand(parts: RunParts): boolean {
  return anyPartMatches(LOWERS_INTO_ASCII, parts) || anyPartMatches(DELETE_COMMAND, parts);
}

/**
 * The only characters `toLowerCase` turns into ASCII (as in secrets/scan.ts): a part with one is left to the
 * exact checks, which read the lower-cased copy.
 */
const LOWERS_INTO_ASCII = /[\u0130\u212a]/;

/** Does one of the parts match `pattern`? */
function anyPartMatches(pattern: RegExp, parts: RunParts): boolean {
  // An indexed loop, not `parts.some(…)`: no closure per call (the quick test makes up to a dozen per RUN).
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part !== undefined && pattern.test(part)) return true;
  }
  return false;
}

/**
 * The quick test: may one of the text triggers (`textTrigger`) fire for these parts of a RUN? False only when none
 * can.
 */
export function mayHoldTextTrigger(parts: RunParts): boolean {
  return (
    anyPartMatches(LOWERS_INTO_ASCII, parts) ||
    anyPartMatches(STEM_OR_PIECE, parts) ||
    anyPartMatches(SEGMENT_PIECE, parts) ||
    anyPartMatches(UNCONDITIONAL_COMMAND, parts) ||
    anyPartMatches(WORD_END_STEM, parts) ||
    (anyPartMatches(REQUIRED_COMMAND, parts) && REQUIRED_GROUPS.some((group) => anyPartMatches(group.commands, parts) && anyPartMatches(group.needed, parts))) ||
    (anyPartMatches(CASED_COMMAND, parts) && anyPartMatches(CASED_OPTION_START, parts))
  );
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
  'gi',
);

/**
 * The command words of the lower-cased text: words are runs of `[A-Za-z0-9_.+-]`; a word followed by `://` is a
 * URL scheme (not the httpie command); `-opt` words count without their dashes too, and a word starting with a
 * short option (`-uci:pw`) for that option; `pip3`, `python3.11` count as `pip`, `python`. Only the words
 * CANDIDATE_WORD finds are looked at: no other word is in any list above. `written` is the same text before
 * lower-casing, for the options of CASED_OPTIONS; without it those commands always count.
 */
export function prefilterWords(lower: string, written?: string): RunPrefilterWords {
  // `lower` may hold capitals (the candidates are found case-blind and the words found are lower-cased), but not
  // a character that lower-cases into ASCII (`caseFolded`).
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
      const option = start + 1 < length ? String.fromCharCode(asciiLower(lower.charCodeAt(start + 1))) : undefined;
      if (option !== undefined && NEEDED_SHORT_OPTIONS.has(option)) present.add(`-${option}`);
      if (end - start <= LONGEST_WORD) {
        const raw = lower.slice(start, end).toLowerCase();
        if (NEEDED_WORDS.has(raw)) present.add(raw);
      }
      while (wordStart < end && lower.charCodeAt(wordStart) === 45) wordStart++;
    } else if (lower.startsWith('://', end)) {
      continue;
    }
    const python = wordStart === start ? versionlessPython(lower, start, end) : undefined;
    if (python === undefined && end - wordStart > LONGEST_WORD) continue;
    const word = python ?? lower.slice(wordStart, end).toLowerCase();
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

/** `pip3`, `pip3.11` → `pip`, `python3.12` → `python` (the word from `start` to `end`, either case); else undefined. */
function versionlessPython(text: string, start: number, end: number): string | undefined {
  for (const name of ['pip', 'python']) {
    if (end - start <= name.length || !startsWithCaseBlind(text, name, start)) continue;
    let at = start + name.length;
    while (at < end && (text.charCodeAt(at) === 46 || (text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57))) at++;
    if (at === end) return name;
  }
  return undefined;
}

/** An ASCII capital's lower-case code; any other code as it is. */
function asciiLower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** Does `text` hold the lower-case `word` at `at`, in either case? */
function startsWithCaseBlind(text: string, word: string, at: number): boolean {
  if (at + word.length > text.length) return false;
  for (let index = 0; index < word.length; index++) if (asciiLower(text.charCodeAt(at + index)) !== word.charCodeAt(index)) return false;
  return true;
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
