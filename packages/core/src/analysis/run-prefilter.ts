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
import type { DockerfileModel, RunInstruction, VariableBinding } from '../model/types.js';
import { DEFAULT_SENSITIVE_PATTERNS } from './sensitive-files.js';
import { CREDENTIAL_PRINTERS } from './secret-scope.js';
import { CREDENTIAL_SLOT_WORDS } from './credential-slots.js';

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
  /** The binding's secret source (the analysis memoises it per binding). */
  isSecretBinding(binding: VariableBinding): boolean;
  /** Did an instruction executed before this RUN (in its stage chain, or earlier ONBUILD trigger) add a candidate file? */
  earlierCandidateAdd(): boolean;
}

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
  const escaped = piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wholeSegment = lower.split('/').includes(piece);
  return wholeSegment ? `(?<![a-z0-9_.-])${escaped}(?![a-z0-9_.-])` : escaped;
}

const SENSITIVE_FRAGMENTS: readonly string[] = DEFAULT_SENSITIVE_PATTERNS.map((pattern) => fragmentPattern(pattern.glob));

/** One pass for all fragments. */
const SENSITIVE_FRAGMENT_RE = new RegExp(SENSITIVE_FRAGMENTS.some((fragment) => fragment === '') ? '' : SENSITIVE_FRAGMENTS.join('|'));

/**
 * Substrings (case-insensitive) without which `classifyName` never says 'secret': every word of its secret
 * vocabulary (secrets/names.ts SECRET_WORD, KNOWN_SECRET_NAMES) contains one. Only names around a hit are classified.
 */
const SECRET_STEM = /pass|secret|token|cred|pwd|pword|psw|pat|key|auth/gi;
const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;
const EXTENDED_CHAR = /[A-Za-z0-9_.-]/;
const WORD = /[A-Za-z0-9_.+-]+/g;

/** The first reason the RUN's shell may matter to a rule, or undefined when it cannot. */
export function runTrigger(input: RunPrefilterInput): RunTrigger | undefined {
  const { model, run } = input;
  if (run.form !== 'shell' || run.heredocs.length > 0) return 'not-plain-shell';
  if (run.mounts.length > 0) return 'mount';
  for (const binding of model.scopeAt(run).values()) if (input.isSecretBinding(binding)) return 'secret-variable-in-scope';

  const text = run.text;
  // Everything a path or word of the script can be made of: the text, its expansion, where it runs.
  let hay = text;
  if (text.includes('$')) hay += `\n${model.expand(text, run)}`;
  hay += `\n${run.facts.workdir}\n${run.facts.home}`;
  // Quotes and escapes join what the shell joins (`"PASS"WORD=x` is the word `PASSWORD=x`).
  const joined = hay.replace(/["'\\]/g, '');
  const lower = joined.toLowerCase();
  if (lower.includes('/run/secrets')) return 'secret-path';
  if (hay.includes('\\n')) return 'escaped-newline';
  if (SENSITIVE_FRAGMENT_RE.test(lower)) return 'sensitive-name';
  // Names as the shell reads them (`$TOKEN`, `TOKEN=`, `read TOKEN`) and as words (`auth.password=…`), quoted or not.
  if (hasSecretName(hay) || hasSecretName(joined)) return 'secret-name';
  let deletes = false;
  const words = new Set<string>();
  const required: (readonly string[])[] = [];
  for (const match of lower.matchAll(WORD)) {
    const raw = match[0];
    let word = raw;
    if (raw.charCodeAt(0) === 45 /* - */) {
      // Short options may be grouped (`-su`): each letter counts as its own option.
      if (raw.charCodeAt(1) !== 45) for (const letter of raw.slice(1)) words.add(`-${letter}`);
      words.add(raw);
      word = raw.replace(/^-+/, '');
    } else if (lower.startsWith('://', match.index + raw.length)) {
      continue; // `https://…` is a URL scheme, not the httpie command
    } else if (raw.startsWith('p')) {
      word = raw.replace(/^(pip|python)[0-9.]+$/, '$1');
    }
    words.add(word);
    const needs = REQUIRED_WORDS.get(word);
    if (needs) required.push(needs);
    else if (COMMAND_WORDS.has(word)) return 'command';
    if (DELETE_WORDS.has(word)) deletes = true;
  }
  if (lower.includes('@')) words.add('@');
  if (required.some((needs) => needs.some((word) => words.has(word)))) return 'command';
  // A word's literal parts come from the text alone (never from an expansion), with or without their quotes.
  if (scanForSecrets(text).length > 0) return 'literal-secret';
  if (/["'\\]/.test(text) && scanForSecrets(text.replace(/["'\\]/g, '')).length > 0) return 'literal-secret';
  if (deletes && input.earlierCandidateAdd()) return 'delete-after-add';
  return undefined;
}

/** Is a name around a secret stem in `text` classified 'secret' (as an identifier, or as a word with `.`/`-`)? */
function hasSecretName(text: string): boolean {
  // A name is classified once however many stems it holds (`passpass…` stays linear).
  let identifierEnd = -1;
  let extendedEnd = -1;
  SECRET_STEM.lastIndex = 0;
  for (let hit = SECRET_STEM.exec(text); hit; hit = SECRET_STEM.exec(text)) {
    if (hit.index >= identifierEnd) {
      const name = nameAround(text, hit.index, IDENTIFIER_CHAR);
      identifierEnd = name.end;
      if (name.text && classifyName(name.text) === 'secret') return true;
    }
    if (hit.index >= extendedEnd) {
      const name = nameAround(text, hit.index, EXTENDED_CHAR);
      extendedEnd = name.end;
      if (name.text && classifyName(name.text) === 'secret') return true;
    }
  }
  return false;
}

/**
 * The run of `nameChar` around `at`, without leading characters a name cannot start with (as a global match
 * would find it), and where the run ends.
 */
function nameAround(text: string, at: number, nameChar: RegExp): { text: string; end: number } {
  let start = at;
  let end = at;
  while (start > 0 && nameChar.test(text[start - 1]!)) start--;
  while (end < text.length && nameChar.test(text[end]!)) end++;
  const runEnd = end;
  while (start < end && !/[A-Za-z_]/.test(text[start]!)) start++;
  return { text: text.slice(start, end), end: runEnd };
}
