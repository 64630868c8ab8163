/** Command-line arguments (`node:util` parseArgs), validated into a plain options object. */
import { parseArgs } from 'node:util';
import { FORMAT_NAMES, type FormatName } from './formatters/load.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliOptions {
  paths: string[];
  format: FormatName;
  outputFile?: string;
  context?: string;
  target?: string;
  config?: string;
  noConfigLookup: boolean;
  /** Never import dockerlint.config.js (untrusted repositories); also DOCKERLINT_NO_JS_CONFIG. */
  noJsConfig: boolean;
  rules: string[];
  quiet: boolean;
  maxWarnings: number;
  fix: boolean;
  fixDryRun: boolean;
  stdin: boolean;
  stdinFilename?: string;
  /** true / false when forced by a flag, undefined = decide from env and TTY. */
  color?: boolean;
  noIgnore: boolean;
  /** Do not read compose, bake and workflow files to decide context, target and secrets. */
  noBuildDefinitions: boolean;
  printConfig?: string;
  /** Drop findings whose fingerprint this baseline file lists. */
  baseline?: string;
  /** Write the fingerprints of this run's findings to this file (and accept them). */
  writeBaseline?: string;
  help: boolean;
  version: boolean;
  /** `--image <archive|dir|->`: check a built image (with the Dockerfile given as the one path, if any). */
  image?: string;
  /** `--verify`: lint the Dockerfile and check each finding against the image. */
  verify: boolean;
  /** `--platform os/arch[/variant]` picked from a multi-platform image (default: all). */
  platform?: string;
  /** `--image-max-file-size`: bytes of a file's text scanned for tokens. */
  imageMaxFileSize?: number;
  /** With `--image`: the Dockerfile given as the path, if any. */
  imageDockerfile?: string;
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  context: { type: 'string' },
  target: { type: 'string' },
  config: { type: 'string', short: 'c' },
  'no-config-lookup': { type: 'boolean' },
  'no-js-config': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'no-ignore': { type: 'boolean' },
  'no-build-definitions': { type: 'boolean' },
  'print-config': { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  image: { type: 'string' },
  verify: { type: 'boolean' },
  platform: { type: 'string' },
  'image-max-file-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export const HELP = `Usage: dockerlint [options] [paths...]

Lint Dockerfiles for secrets that leak into container images.
Paths are files or directories (default: .). Directories are searched for Dockerfile,
dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile and Containerfile.*.

Output:
  -f, --format <name>        stylish (default), json, sarif, github, gitlab, checkstyle, junit
  -o, --output-file <file>   Write the report to a file instead of stdout
  -q, --quiet                Report errors only
      --max-warnings <n>     Exit with 1 when there are more than n warnings
      --color, --no-color    Force colours on/off (default: on for a TTY; NO_COLOR, FORCE_COLOR)

Analysis:
      --context <dir>        Build context directory (default: each Dockerfile's directory)
      --target <stage>       Stage being built (default: the last stage)
      --rule <id>            Only run this rule (repeatable)
      --no-build-definitions Do not read compose, bake and GitHub workflow files for context, target
                             and secrets (default: read those below the paths and in parent folders)

Configuration:
  -c, --config <file>        Use this config file (no lookup)
      --no-config-lookup     Do not look for .dockerlintrc.* / dockerlint.config.js files
      --no-js-config         Never run dockerlint.config.js (untrusted code); JSON/YAML configs still apply
                             (also DOCKERLINT_NO_JS_CONFIG=1)
      --print-config <file>  Print the configuration used for a file and exit
      --no-ignore            Do not honour .gitignore files when searching directories
      --baseline <file>      Ignore findings whose fingerprints this baseline file lists
      --write-baseline <file>  Write the fingerprints of all current findings to a baseline file

Fixing:
      --fix                  Add missing entries to .dockerignore files (never edits Dockerfiles)
      --fix-dry-run          Show what --fix would write, without writing

Built image:
      --image <src>          Check a built image: a docker save archive (classic or OCI), an OCI layout
                             directory or tar, or - for standard input (docker save app | dockerlint --image -).
                             Give the Dockerfile as the path to tie each finding to its line and rule.
      --verify               With --image and a Dockerfile: mark each static finding confirmed / not
                             observed / not checkable in the image, and list what static analysis missed
      --platform <os/arch>   Platform of a multi-platform image to check (default: all)
      --image-max-file-size <n>  Scan the text of files up to n bytes (k/m suffixes; default 1m)

Input:
      --stdin                Lint the text on standard input
      --stdin-filename <p>   Path used for stdin (config lookup, build context, reports)

  -h, --help                 Show this help
  -v, --version              Show the version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
2 usage, configuration, I/O or internal error.
`;

function parseError(error: unknown): UsageError {
  const e = error as { code?: string; message?: string };
  const message = String(e.message ?? error).split('\n')[0]!;
  const quoted = /'([^']+)'/.exec(message)?.[1];
  const opt = quoted ? (/--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0]!) : undefined;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option '${quoted ?? message}' (see --help)`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(message)) return new UsageError(`option '${opt ?? ''}': a value starting with '-' must be written as ${opt ?? '--option'}=<value>`);
      if (/argument missing/.test(message)) return new UsageError(`option '${opt ?? ''}' needs a value`);
      if (/does not take an argument/.test(message)) return new UsageError(`option '${opt ?? ''}' does not take a value`);
      return new UsageError(`invalid value for option '${opt ?? ''}': ${message}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument '${quoted ?? message}'`);
    default:
      return new UsageError(message);
  }
}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseError(error);
  }
  const v = parsed.values;
  const format = v.format ?? 'stylish';
  if (!(FORMAT_NAMES as string[]).includes(format)) {
    throw new UsageError(`unknown format '${format}' (expected one of: ${FORMAT_NAMES.join(', ')})`);
  }
  let maxWarnings = -1;
  if (v['max-warnings'] !== undefined) {
    const raw = v['max-warnings'];
    if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings expects a non-negative integer, got '${raw}'`);
    maxWarnings = Number(raw);
  }
  for (const [name, value] of [['output-file', v['output-file']], ['context', v.context], ['target', v.target], ['config', v.config], ['stdin-filename', v['stdin-filename']], ['print-config', v['print-config']], ['baseline', v.baseline], ['write-baseline', v['write-baseline']]] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} needs a non-empty value`);
  }
  for (const id of v.rule ?? []) if (id.trim() === '') throw new UsageError('--rule needs a rule id');
  if (v['stdin-filename'] !== undefined && !v.stdin) throw new UsageError('--stdin-filename requires --stdin');
  if (v.stdin && parsed.positionals.length > 0) throw new UsageError('--stdin cannot be combined with path arguments');
  if (v.config !== undefined && v['no-config-lookup']) {
    // allowed: --config wins, lookup is off anyway
  }
  if (v.color && v['no-color']) throw new UsageError('--color and --no-color cannot be combined');
  const image = imageOptions(v, parsed.positionals);
  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    format: format as FormatName,
    ...(v['output-file'] !== undefined ? { outputFile: v['output-file'] } : {}),
    ...(v.context !== undefined ? { context: v.context } : {}),
    ...(v.target !== undefined ? { target: v.target } : {}),
    ...(v.config !== undefined ? { config: v.config } : {}),
    noConfigLookup: v['no-config-lookup'] ?? false,
    noJsConfig: v['no-js-config'] ?? false,
    rules: (v.rule ?? []).flatMap((r) => r.split(',')).map((r) => r.trim().replace(/^dockerlint\//, '')).filter(Boolean),
    quiet: v.quiet ?? false,
    maxWarnings,
    fix: v.fix ?? false,
    fixDryRun: v['fix-dry-run'] ?? false,
    stdin: v.stdin ?? false,
    ...(v['stdin-filename'] !== undefined ? { stdinFilename: v['stdin-filename'] } : {}),
    ...(v.color ? { color: true } : v['no-color'] ? { color: false } : {}),
    noIgnore: v['no-ignore'] ?? false,
    noBuildDefinitions: v['no-build-definitions'] ?? false,
    ...(v['print-config'] !== undefined ? { printConfig: v['print-config'] } : {}),
    ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
    ...(v['write-baseline'] !== undefined ? { writeBaseline: v['write-baseline'] } : {}),
    help: v.help ?? false,
    version: v.version ?? false,
    ...image,
  };
}

function byteSize(raw: string): number {
  const m = /^(\d+)([kmg]?)b?$/i.exec(raw.trim());
  if (!m) throw new UsageError(`--image-max-file-size expects a size such as 1048576, 512k or 4m, got '${raw}'`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

function imageOptions(
  v: { image?: string; verify?: boolean; platform?: string; 'image-max-file-size'?: string; stdin?: boolean; fix?: boolean; 'fix-dry-run'?: boolean },
  positionals: string[],
): Pick<CliOptions, 'image' | 'verify' | 'platform' | 'imageMaxFileSize' | 'imageDockerfile'> {
  if (v.image === undefined) {
    for (const [name, set] of [['verify', v.verify], ['platform', v.platform !== undefined], ['image-max-file-size', v['image-max-file-size'] !== undefined]] as const) {
      if (set) throw new UsageError(`--${name} requires --image`);
    }
    return { verify: false };
  }
  if (v.image.trim() === '') throw new UsageError('--image needs an archive, a directory or -');
  if (positionals.length > 1) throw new UsageError('--image takes at most one path: the Dockerfile the image was built from');
  if (v.verify && positionals.length === 0) throw new UsageError('--verify needs the Dockerfile the image was built from as the path');
  if (v.stdin && v.image === '-') throw new UsageError('--stdin and --image - cannot both read standard input');
  if (v.fix || v['fix-dry-run']) throw new UsageError('--fix cannot be combined with --image');
  if (v.platform !== undefined && !/^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/.test(v.platform)) throw new UsageError(`--platform expects os/arch[/variant], got '${v.platform}'`);
  return {
    image: v.image,
    verify: v.verify ?? false,
    ...(positionals[0] !== undefined ? { imageDockerfile: positionals[0] } : {}),
    ...(v.platform !== undefined ? { platform: v.platform } : {}),
    ...(v['image-max-file-size'] !== undefined ? { imageMaxFileSize: byteSize(v['image-max-file-size']) } : {}),
  };
}

/** Colour decision: flag > NO_COLOR > FORCE_COLOR > TTY. */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}
