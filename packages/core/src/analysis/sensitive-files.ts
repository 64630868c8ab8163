/**
 * Which files in a build context or an image hold credentials, by name (and by content when we can read it).
 * Used by every rule that reasons about files: context copies, explicit copies, deletions, stage copies.
 */
import { Minimatch } from 'minimatch';
import type { LintSession } from '../engine/session.js';
import { globMatcher } from './globs.js';

export type SensitiveConfidence = 'high' | 'low';

export interface SensitivePattern {
  /** minimatch glob applied to the basename, or to the whole path when it contains `/`. */
  glob: string;
  /** What it is, for messages: `environment file`, `SSH private key`… */
  label: string;
  confidence: SensitiveConfidence;
  /** The pattern names a directory whose whole content is sensitive (`.git/`, `.ssh/`). */
  directory?: boolean;
  /** A `.dockerignore` entry that excludes it anywhere in the context. */
  ignoreEntry: string;
}

export const DEFAULT_SENSITIVE_PATTERNS: readonly SensitivePattern[] = [
  { glob: '.env', label: 'environment file', confidence: 'high', ignoreEntry: '**/.env' },
  { glob: '.env.*', label: 'environment file', confidence: 'high', ignoreEntry: '**/.env.*' },
  { glob: '*.env', label: 'environment file', confidence: 'low', ignoreEntry: '**/*.env' },
  { glob: '.git', label: 'git history and config', confidence: 'high', directory: true, ignoreEntry: '.git' },
  { glob: '.git-credentials', label: 'git credential store', confidence: 'high', ignoreEntry: '**/.git-credentials' },
  { glob: '.npmrc', label: 'npm config (may hold an auth token)', confidence: 'high', ignoreEntry: '**/.npmrc' },
  { glob: '.pypirc', label: 'PyPI credentials', confidence: 'high', ignoreEntry: '**/.pypirc' },
  { glob: '.netrc', label: 'netrc credentials', confidence: 'high', ignoreEntry: '**/.netrc' },
  { glob: '_netrc', label: 'netrc credentials', confidence: 'high', ignoreEntry: '**/_netrc' },
  { glob: '.aws', label: 'AWS credentials directory', confidence: 'high', directory: true, ignoreEntry: '**/.aws' },
  { glob: '.ssh', label: 'SSH directory', confidence: 'high', directory: true, ignoreEntry: '**/.ssh' },
  { glob: '.gnupg', label: 'GnuPG keyring', confidence: 'high', directory: true, ignoreEntry: '**/.gnupg' },
  { glob: '.docker/config.json', label: 'Docker registry credentials', confidence: 'high', ignoreEntry: '**/.docker/config.json' },
  { glob: '.kube', label: 'kubeconfig directory', confidence: 'high', directory: true, ignoreEntry: '**/.kube' },
  { glob: 'kubeconfig', label: 'kubeconfig', confidence: 'high', ignoreEntry: '**/kubeconfig' },
  { glob: '*.kubeconfig', label: 'kubeconfig', confidence: 'high', ignoreEntry: '**/*.kubeconfig' },
  { glob: 'id_rsa', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_rsa' },
  { glob: 'id_dsa', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_dsa' },
  { glob: 'id_ecdsa', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_ecdsa' },
  { glob: 'id_ed25519', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_ed25519' },
  { glob: 'id_rsa_*', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_rsa_*' },
  { glob: 'id_ed25519_*', label: 'SSH private key', confidence: 'high', ignoreEntry: '**/id_ed25519_*' },
  { glob: '*deploy_key', label: 'deploy key', confidence: 'high', ignoreEntry: '**/*deploy_key' },
  { glob: '*deploy-key', label: 'deploy key', confidence: 'high', ignoreEntry: '**/*deploy-key' },
  { glob: '*.key', label: 'private key', confidence: 'high', ignoreEntry: '**/*.key' },
  { glob: '*.pem', label: 'PEM file (key or certificate)', confidence: 'low', ignoreEntry: '**/*.pem' },
  { glob: '*-key.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/*-key.pem' },
  { glob: '*_key.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/*_key.pem' },
  { glob: '*private*.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/*private*.pem' },
  { glob: 'key.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/key.pem' },
  { glob: 'privkey*.pem', label: 'private key', confidence: 'high', ignoreEntry: '**/privkey*.pem' },
  { glob: '*.p12', label: 'PKCS#12 keystore', confidence: 'high', ignoreEntry: '**/*.p12' },
  { glob: '*.pfx', label: 'PKCS#12 keystore', confidence: 'high', ignoreEntry: '**/*.pfx' },
  { glob: '*.jks', label: 'Java keystore', confidence: 'high', ignoreEntry: '**/*.jks' },
  { glob: '*.keystore', label: 'keystore', confidence: 'high', ignoreEntry: '**/*.keystore' },
  { glob: '*.ppk', label: 'PuTTY private key', confidence: 'high', ignoreEntry: '**/*.ppk' },
  { glob: '*.ovpn', label: 'VPN profile', confidence: 'low', ignoreEntry: '**/*.ovpn' },
  { glob: 'credentials', label: 'credentials file', confidence: 'low', ignoreEntry: '**/credentials' },
  { glob: 'credentials*.json', label: 'credentials file', confidence: 'high', ignoreEntry: '**/credentials*.json' },
  { glob: '*-credentials.json', label: 'credentials file', confidence: 'high', ignoreEntry: '**/*-credentials.json' },
  { glob: '*_credentials.json', label: 'credentials file', confidence: 'high', ignoreEntry: '**/*_credentials.json' },
  { glob: '.pgpass', label: 'PostgreSQL password file', confidence: 'high', ignoreEntry: '**/.pgpass' },
  { glob: '.my.cnf', label: 'MySQL client config (may hold a password)', confidence: 'low', ignoreEntry: '**/.my.cnf' },
  { glob: '.s3cfg', label: 's3cmd credentials', confidence: 'high', ignoreEntry: '**/.s3cfg' },
  { glob: '.vault-token', label: 'Vault token', confidence: 'high', ignoreEntry: '**/.vault-token' },
  { glob: '.dockercfg', label: 'Docker registry credentials', confidence: 'high', ignoreEntry: '**/.dockercfg' },
  { glob: '*.keytab', label: 'Kerberos keytab', confidence: 'high', ignoreEntry: '**/*.keytab' },
  { glob: 'credentials.toml', label: 'credentials file', confidence: 'high', ignoreEntry: '**/credentials.toml' },
  { glob: 'client_secret*.json', label: 'OAuth client secret', confidence: 'high', ignoreEntry: '**/client_secret*.json' },
  { glob: '*service-account*.json', label: 'cloud service-account key', confidence: 'high', ignoreEntry: '**/*service-account*.json' },
  { glob: '*service_account*.json', label: 'cloud service-account key', confidence: 'high', ignoreEntry: '**/*service_account*.json' },
  { glob: '*-sa-key.json', label: 'cloud service-account key', confidence: 'high', ignoreEntry: '**/*-sa-key.json' },
  { glob: '.htpasswd', label: 'password file', confidence: 'high', ignoreEntry: '**/.htpasswd' },
  { glob: 'secrets.y*ml', label: 'secrets file', confidence: 'low', ignoreEntry: '**/secrets.y*ml' },
  { glob: '*.tfstate', label: 'Terraform state (holds secrets)', confidence: 'high', ignoreEntry: '**/*.tfstate' },
  { glob: '*.tfvars', label: 'Terraform variables', confidence: 'low', ignoreEntry: '**/*.tfvars' },
];

/** Names that look sensitive but are templates or public halves. */
const NOT_SENSITIVE = [
  '.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults', '.env.default', '.env.schema',
  '.env.*.example', '.env.*.sample', '.env.*.template', '*.pub', '*.pub.pem', '*.crt', '*.cer', '*.csr',
  'public*.pem', '*public*.pem', '*public*.key', '*.pub.key', '*.gpg.key', '*.asc',
  'cert.pem', 'ca.pem', '*-ca.pem', '*ca-cert*.pem', '*cacert*.pem', 'fullchain.pem', 'chain.pem', '*chain*.pem', '*-chain.pem', 'dhparam*.pem', '*dhparam*.pem', '*cert.pem', '*-cert.pem', '*.cert.pem', '*-crt.pem',
];

/**
 * Files that are public even inside a sensitive directory: naming `.ssh/known_hosts` explicitly is fine,
 * although copying the whole `.ssh/` is not.
 */
const PUBLIC_FILES = ['known_hosts', 'known_hosts.old', 'authorized_keys', 'authorized_keys2', '*.pub'];

export interface SensitiveMatch {
  pattern: SensitivePattern;
  /** The path (or its ancestor directory) that matched. */
  matchedPath: string;
}

/** Extra patterns and exemptions from a rule's options (`sensitiveFiles`, `allowFiles`). */
export interface SensitiveFileSettings {
  patterns: readonly SensitivePattern[];
  /** Globs (basename, or path when they contain `/`) that are never reported. */
  allow: readonly string[];
  /** `patterns` compiled (set by `sensitiveFileSettings`; hand-made settings are compiled on each call). */
  compiled?: CompiledPatterns;
  /**
   * Basename → verdict, remembered as paths are classified with these settings: a build context repeats the same
   * names (`package.json`, `index.js`) thousands of times. Settings are made per rule and per lint, so this lives
   * as long as that lint — or, for the default list, in the caller's session (the verdict depends on the name only).
   */
  remember?: (base: string, compute: () => BaseMatch) => BaseMatch;
  /** `allow` compiled (set by `sensitiveFileSettings`; hand-made settings compile it on each call). */
  allowed?: (path: string) => boolean;
}

/** Session kind: basename → verdict under the default sensitive-file list. */
export const SENSITIVE_NAMES = 'sensitive-names';

export interface ClassifyOptions {
  /** Globs never reported (`allowFiles`): a path matches when it or one of its ancestors does. */
  allow?: readonly string[];
}

const globOptions = { dot: true, nocase: true, matchBase: false } as const;

function compile(glob: string): Minimatch {
  return new Minimatch(glob, globOptions);
}

/** `globOptions` (dot, nocase) for a plain glob, with the one glob engine (every classification runs this). */
function lowerCaseMatcher(glob: string): { match(lowerCaseValue: string): boolean } {
  const match = globMatcher(glob.toLowerCase(), true);
  return { match };
}

/**
 * A path or `allowFiles` glob as the allow matcher compares them: like model/paths.ts's `trimContextPath`, but the
 * globs come from the user's config and may use Windows separators, which become `/` (the caller strips a leading `/`).
 */
function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/(?<!\/)\/+$/, '');
}

/** Does `path` (or one of its ancestors) match an `allowFiles` glob? Leading `/` and `./` are ignored. */
export function isAllowedFile(path: string, allow: readonly string[] | undefined): boolean {
  if (!allow || allow.length === 0) return false;
  return allowMatcher(allow)(path);
}

/**
 * `isAllowedFile` for one `allowFiles` list, its globs compiled once (a rule's settings keep it for the lint):
 * a path matches when it or one of its ancestors matches a glob — by basename, or as a path when the glob has `/`.
 */
export function allowMatcher(allow: readonly string[]): (path: string) => boolean {
  const globs = allow.map((raw) => normalise(raw).replace(/^\/+/, '')).filter(Boolean);
  if (globs.length === 0) return () => false;
  const tests = globs.map((glob): ((candidate: string) => boolean) => {
    if (glob.includes('/')) {
      const exact = compile(glob);
      const anywhere = compile(`**/${glob}`);
      return (candidate) => exact.match(candidate) || anywhere.match(candidate);
    }
    const byName = compile(glob);
    return (candidate) => byName.match(candidate.split('/').pop() ?? candidate);
  });
  return (path) => {
    const clean = normalise(path).replace(/^\/+/, '');
    if (!clean) return false;
    const segments = clean.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const candidate = segments.slice(0, i).join('/');
      if (tests.some((test) => test(candidate))) return true;
    }
    return false;
  };
}

/**
 * Classify a path (context-relative or absolute in the image). Checks the path itself and its ancestor
 * directories (`.git/config` is sensitive because `.git` is).
 */
export function classifySensitivePath(
  path: string,
  patterns: readonly SensitivePattern[] = DEFAULT_SENSITIVE_PATTERNS,
  options: ClassifyOptions = {},
): SensitiveMatch | undefined {
  const clean = normalise(path);
  if (!clean) return undefined;
  if (isAllowedFile(clean, options.allow)) return undefined;
  return classifyCompiled(clean, compiledPatterns(patterns));
}

type Remember = SensitiveFileSettings['remember'];

function classifyCompiled(clean: string, compiledSet: CompiledPatterns, memo?: Remember): SensitiveMatch | undefined {
  // Segments are walked with indexOf and sliced as needed (no split, no join per ancestor): a build context's
  // every file path is classified.
  const last = clean.slice(clean.lastIndexOf('/') + 1);
  if (baseMatch(compiledSet, last, memo).isPublic) return undefined;
  // Ancestors first: a file inside `.git/` is reported as `.git`.
  for (let start = 0; ; ) {
    const slash = clean.indexOf('/', start);
    const isLast = slash < 0;
    const end = isLast ? clean.length : slash;
    const base = isLast ? last : clean.slice(start, end);
    if (base) {
      const byBase = baseMatch(compiledSet, base, memo);
      if (!byBase.exempt) {
        let best = isLast ? byBase.file : byBase.directory;
        let lower: string | undefined; // the path up to this segment, lower-cased: only when a path pattern may match
        let baseLower: string | undefined;
        for (const { pattern, re, reAnywhere, tail } of compiledSet.pathPatterns) {
          // The path ends with `base`, and a literal tail has no `/`: it can only end the path if it ends `base`.
          if (tail !== undefined && !(baseLower ??= base.toLowerCase()).endsWith(tail)) continue;
          lower ??= clean.slice(0, end).toLowerCase();
          if ((re.test(lower) || reAnywhere.test(lower)) && (!best || rank(pattern) > rank(best))) best = pattern;
        }
        if (best) return { pattern: best, matchedPath: clean.slice(0, end) };
      }
    }
    if (isLast) return undefined;
    start = slash + 1;
  }
}

export interface CompiledPatterns {
  basePatterns: Array<{ pattern: SensitivePattern; re: Tester }>;
  /** `tail`: the glob's last segment when it is literal (lower case): a path must end with it to match. */
  pathPatterns: Array<{ pattern: SensitivePattern; re: Tester; reAnywhere: Tester; tail?: string }>;
}

export interface BaseMatch {
  /** A public file even inside a sensitive directory (`known_hosts`, `*.pub`). */
  isPublic: boolean;
  exempt: boolean;
  file: SensitivePattern | undefined;
  directory: SensitivePattern | undefined;
}

/**
 * A matcher with a cheap pre-check: a glob whose last segment is literal can only match paths ending with it.
 * Matching is case-insensitive: callers pass the value lower-cased (once, not once per pattern).
 */
export interface Tester {
  test(lowerCaseValue: string): boolean;
}
/** Only `*`, `?` and literals: the Go-style engine (lower-cased for `nocase`) matches it like minimatch, faster. */
const PLAIN_GLOB = /^[^[\]{}()!+@\\]*$/;

/** The glob's last segment, lower-cased, when it has no wildcard: a matching value ends with it. */
function literalTailOf(glob: string): string | undefined {
  const lastSegment = glob.split('/').pop() ?? glob;
  return /[*?[\]{}()!+@]/.test(lastSegment) ? undefined : lastSegment.toLowerCase();
}

function toRegExp(glob: string): Tester {
  const matcher = PLAIN_GLOB.test(glob) && !glob.includes('**') ? lowerCaseMatcher(glob) : compile(glob);
  const literalTail = literalTailOf(glob);
  return {
    test: (value: string) => (literalTail === undefined || value.endsWith(literalTail)) && matcher.match(value),
  };
}

/** The default list compiled, built on first use: a constant of the module (it never depends on input). */
let defaultCompiled: CompiledPatterns | undefined;

function compiledPatterns(patterns: readonly SensitivePattern[]): CompiledPatterns {
  if (patterns === DEFAULT_SENSITIVE_PATTERNS) return (defaultCompiled ??= compilePatterns(patterns));
  return compilePatterns(patterns);
}

function compilePatterns(patterns: readonly SensitivePattern[]): CompiledPatterns {
  const compiledSet: CompiledPatterns = { basePatterns: [], pathPatterns: [] };
  for (const pattern of patterns) {
    if (pattern.glob.includes('/')) {
      const tail = literalTailOf(pattern.glob);
      compiledSet.pathPatterns.push({ pattern, re: toRegExp(pattern.glob), reAnywhere: toRegExp(`**/${pattern.glob}`), ...(tail !== undefined ? { tail } : {}) });
    }
    else compiledSet.basePatterns.push({ pattern, re: toRegExp(pattern.glob) });
  }
  return compiledSet;
}

let notSensitiveRes: Tester[] | undefined;
let publicFileRes: Tester[] | undefined;

function baseMatch(compiledSet: CompiledPatterns, base: string, memo: Remember): BaseMatch {
  return memo ? memo(base, () => computeBaseMatch(compiledSet, base)) : computeBaseMatch(compiledSet, base);
}

function computeBaseMatch(compiledSet: CompiledPatterns, base: string): BaseMatch {
  notSensitiveRes ??= NOT_SENSITIVE.map(toRegExp);
  publicFileRes ??= PUBLIC_FILES.map(toRegExp);
  const lower = base.toLowerCase();
  const result: BaseMatch = {
    isPublic: publicFileRes.some((re) => re.test(lower)),
    exempt: notSensitiveRes.some((re) => re.test(lower)),
    file: undefined,
    directory: undefined,
  };
  if (!result.exempt) {
    for (const { pattern, re } of compiledSet.basePatterns) {
      if (!re.test(lower)) continue;
      if (!result.file || rank(pattern) > rank(result.file)) result.file = pattern;
      if (pattern.directory && (!result.directory || rank(pattern) > rank(result.directory))) result.directory = pattern;
    }
  }
  return result;
}

function rank(pattern: SensitivePattern): number {
  return (pattern.confidence === 'high' ? 2 : 0) + (pattern.glob.includes('*') ? 0 : 1);
}

const PRIVATE_KEY = /-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----|PuTTY-User-Key-File-/;
const PUBLIC_ONLY = /-----BEGIN (CERTIFICATE|PUBLIC KEY|PGP PUBLIC KEY BLOCK|RSA PUBLIC KEY|X509 CRL|TRUSTED CERTIFICATE)-----/;

/**
 * Refine a name-based match with the file's first bytes: a PEM that only holds certificates or public keys
 * is not a secret; any file with a private-key block is, whatever its name.
 */
export function refineByContent(match: SensitiveMatch | undefined, head: string | undefined): SensitiveMatch | undefined {
  if (head === undefined || !match) return match;
  const hasPrivateKey = PRIVATE_KEY.test(head);
  const onlyPublic = PUBLIC_ONLY.test(head) && !hasPrivateKey;
  if (onlyPublic && /key|pem|crt|cer/i.test(match.pattern.label + match.pattern.glob)) return undefined;
  if (hasPrivateKey && match.pattern.confidence === 'low') return { ...match, pattern: { ...match.pattern, confidence: 'high', label: 'private key' } };
  return match;
}

/** A file whose name says nothing but whose first bytes hold a private key. */
export function classifyByContent(path: string, head: string | undefined): SensitiveMatch | undefined {
  if (head === undefined || !PRIVATE_KEY.test(head)) return undefined;
  const clean = normalise(path);
  const base = clean.split('/').pop() || clean;
  return {
    pattern: { glob: base, label: 'private key', confidence: 'high', ignoreEntry: clean.includes('/') ? clean : `**/${base}` },
    matchedPath: clean,
  };
}

/** A user-configured sensitive glob (`sensitiveFiles` option): `secrets/`, `*.secret`, `config/prod.json`. */
export function customSensitivePattern(glob: string): SensitivePattern {
  const directory = glob.endsWith('/');
  const clean = normalise(glob).replace(/^\/+/, '');
  const anchored = glob.startsWith('/');
  return {
    glob: clean,
    label: directory ? 'sensitive directory (configured)' : 'sensitive file (configured)',
    confidence: 'high',
    ...(directory ? { directory: true } : {}),
    ignoreEntry: anchored || clean.startsWith('**/') ? clean : `**/${clean}`,
  };
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
}

/**
 * The sensitive-file list a rule works with: the defaults plus `sensitiveFiles` (extra globs), minus
 * `allowFiles` (globs never reported). Invalid entries are ignored. A rule asks once per lint and keeps it.
 */
export function sensitiveFileSettings(options: Record<string, unknown> | undefined, session?: LintSession): SensitiveFileSettings {
  // Settings are made per rule and per lint, nearly always without options: then nothing but the memo is new.
  const extra = options?.sensitiveFiles === undefined ? NO_GLOBS : stringList(options.sensitiveFiles);
  const patterns = extra.length === 0 ? DEFAULT_SENSITIVE_PATTERNS : [...DEFAULT_SENSITIVE_PATTERNS, ...extra.map(customSensitivePattern)];
  // This lint's verdicts first (a context repeats names: no session look-up, no LRU reordering, per repeat);
  // for the default list, a name new to this lint is looked up in the caller's session. The map is made on the
  // first name (a file without COPY/ADD classifies none).
  let known: Map<string, BaseMatch> | undefined;
  const shared = session && patterns === DEFAULT_SENSITIVE_PATTERNS ? session : undefined;
  const remember: NonNullable<Remember> = (base, compute) => {
    known ??= new Map();
    let verdict = known.get(base);
    if (!verdict) known.set(base, (verdict = shared ? shared.memo(SENSITIVE_NAMES, base, compute) : compute()));
    return verdict;
  };
  const allow = options?.allowFiles === undefined ? NO_GLOBS : stringList(options.allowFiles);
  return { patterns, allow, allowed: allow.length === 0 ? NOTHING_ALLOWED : allowMatcher(allow), compiled: compiledPatterns(patterns), remember };
}

/** No `sensitiveFiles`/`allowFiles` option: one shared empty list, and its matcher. */
const NO_GLOBS: readonly string[] = Object.freeze([]);
const NOTHING_ALLOWED = (): boolean => false;

/** `classifySensitivePath` with a rule's settings. */
export function classifyWithSettings(path: string, settings: SensitiveFileSettings): SensitiveMatch | undefined {
  if (!settings.compiled) return classifySensitivePath(path, settings.patterns, { allow: settings.allow });
  const clean = normalise(path);
  if (!clean || (settings.allowed ? settings.allowed(clean) : isAllowedFile(clean, settings.allow))) return undefined;
  return classifyCompiled(clean, settings.compiled, settings.remember);
}

