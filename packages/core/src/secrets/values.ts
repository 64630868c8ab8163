/**
 * Value classification (docs/architecture.md, "Values"): is this text a reference to a secret, a
 * placeholder, a documented example, a fingerprint, or a literal that may be a leak?
 */
import type { ValueClass } from './types.js';

const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/**
 * The whole value is one reference: `$X`, `${X}`, `${X:-default}`, `$(…)` (one nesting level), backticks,
 * `%X%`, `{{ … }}`, `${{ … }}`. Group 1 is a `${X<op>default}` default, judged separately. Braced names
 * may contain dots for config-file references such as Maven's `${env.PASSWORD}`.
 */
const REFERENCE_RE = new RegExp(
  '^["\']?(?:' +
    `\\$${NAME}` +
    `|\\$\\{${NAME}(?:\\.[A-Za-z0-9_]+)*(?:(?::?[-=?+])([^{}]*(?:\\{[^{}]*\\}[^{}]*)*))?\\}` +
    '|\\$\\((?:[^()]|\\([^()]*\\))*\\)' +
    '|`[^`]*`' +
    `|%${NAME}%` +
    '|\\$?\\{\\{[^}]*\\}\\}' +
    ')["\']?$',
);

/** True when the whole value is a reference (a literal `${X:-default}` default makes it false). */
export function isReference(value: string): boolean {
  const m = REFERENCE_RE.exec(value.trim());
  if (!m) return false;
  const fallback = m[1];
  if (fallback !== undefined && fallback !== '' && !isReference(fallback) && !isPlaceholder(fallback)) {
    return false;
  }
  return true;
}

/** Some part of the value is a shell/template reference (`$X`, `${X}`, `$(…)`, backticks, `{{…}}`). */
export function containsReference(value: string): boolean {
  return /(?<!\\)\$(?:[A-Za-z_{(]|\d)|`[^`]*`|(?<!\{)\{\{[^}]{0,512}\}\}|%[A-Za-z_][A-Za-z0-9_]*%/.test(value);
}

/** Names referenced as `$X` or `${X…}` (including those inside defaults), in order, without duplicates. */
export function referencedVariables(value: string): string[] {
  const names: string[] = [];
  const re = /(?<!\\)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const name = (m[1] ?? m[2]) as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

const PLACEHOLDER_WORDS_RE =
  /^(?:change[_-]?me|change[_-]?it|changethis|example|sample|dummy|fake|placeholder|test|testing|todo|tbd|none|null|nil|undefined|true|false|redacted|hidden|secret|password|passwd|pass|pwd|token|apikey|api[_-]?key|your[_-].*|my[_-]?(?:password|secret|token|key)|replace[_-]?me|insert[_-].*|enter[_-].*|xxx+|\*+|\.{3,}|-+|0+|1234(?:5|56|567|5678)?|abc(?:def)?|foo|bar|baz|default)$/i;
const PLACEHOLDER_BRACKETS_RE = /^<[^<>]+>$|^\[[^[\]]+\]$|^\{[^{}]+\}$/;
const PLACEHOLDER_MARKERS_RE = /x{6,}|\*{4,}|EXAMPLE|PLACEHOLDER|REPLACE|CHANGEME|your_?(?:token|key|password|secret)/i;

/** Placeholder text that nobody would use as a real secret (docs/architecture.md, "Values"). */
export function isPlaceholder(value: string): boolean {
  const s = value.trim().replace(/^["']|["']$/g, '');
  return (
    s.length === 0 ||
    PLACEHOLDER_WORDS_RE.test(s) ||
    PLACEHOLDER_BRACKETS_RE.test(s) ||
    /^(.)\1+$/.test(s) ||
    PLACEHOLDER_MARKERS_RE.test(s)
  );
}

/**
 * A token-shaped placeholder: the part after a short prefix (`ghp_`, `AKIA`, `sk_live_`) is a run of one
 * character, `x`/`X`/`*`/`0` filler, a `<…>` slot, or an obvious keyboard sequence.
 */
export function isPlaceholderToken(value: string): boolean {
  if (isPlaceholder(value)) return true;
  if (/<[^<>]{1,40}>/.test(value)) return true;
  let body = value;
  for (let i = 0; i < 3; i++) {
    const m = /^[A-Za-z0-9]{1,12}[_.-]/.exec(body);
    if (!m || m[0].length >= body.length) break;
    body = body.slice(m[0].length);
  }
  body = body.replace(/^(?:AKIA|ASIA|ABIA|ACCA|AIza)/, '');
  return (
    /^(.)\1{3,}$/.test(body) ||
    /[xX]{6,}|\*{4,}|0{8,}|\.{3,}/.test(body) ||
    /0123456789|123456789|abcdefghij|ABCDEFGHIJ/.test(body)
  );
}

/** Values published in vendor documentation as examples; never real. */
const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
]);

/** AWS/GitHub/Stripe/jwt.io documentation examples, and anything AWS-shaped ending in `EXAMPLE(KEY)`. */
export function isDocumentedExample(value: string): boolean {
  const s = value.trim();
  return DOCUMENTED_EXAMPLES.has(s) || /EXAMPLE(?:KEY)?$/.test(s);
}

/** `GPG_KEY`, `GPG_KEYS`, `PGP_KEY_ID`, `NODE_GPG_KEYS`… (applied to a normalised, lower-case name). */
export const FINGERPRINT_NAME_RE = /(?:^|_)(?:gpg|pgp)_keys?$|(?:^|_)(?:gpg|pgp)_key_?(?:id|ids|fingerprint)s?$/;
export const FINGERPRINT_VALUE_RE =
  /^\s*(?:0x)?(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40})(?:\s+(?:0x)?(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40}))*\s*$/;

/** One or more 16/40-hex OpenPGP key ids/fingerprints (optionally `0x`-prefixed), whitespace-separated. */
export function isFingerprintValue(value: string): boolean {
  return FINGERPRINT_VALUE_RE.test(value.replace(/^["']|["']$/g, ''));
}

const BOOLEAN_RE = /^(?:true|false|yes|no|on|off|y|n|enabled?|disabled?)$/i;
/** Short numbers and durations/sizes; long digit strings are left out because PINs and ids can be secret. */
const NUMBER_RE = /^[+-]?(?:\d{1,5}(?:\.\d+)?|\d*\.\d+)(?:[kmgt]i?b?|ms|s|m|h|d|%)?$/i;
const VERSION_RE = /^v?\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.-]{1,40})?$/;
const PATH_RE = /^(?:~|\.{1,2})?(?:\/[\w.@*?{},+-]{1,80}){1,40}\/?$|^(?:~|\.{1,2})\/?$|^[A-Za-z]:\\[\w .\\-]{0,200}$/;
const HEADER_NAME_RE = /^(?:[Aa]uthorization|[Pp]roxy-[Aa]uthorization|[Cc]ookie|[Ss]et-[Cc]ookie|AUTHORIZATION|(?:[A-Z][A-Za-z0-9]*)(?:-[A-Z][A-Za-z0-9]*)+)$/;
const GLOB_RE = /^[\w.\/{},!\[\]-]*[*?][\w.\/*?{},!\[\]-]*$/;
const ENUM_WORDS = new Set([
  'none', 'auto', 'always', 'never', 'required', 'optional', 'strict', 'lax', 'trust', 'reject', 'peer', 'ident',
  'md5', 'sha1', 'sha256', 'sha384', 'sha512', 'scram-sha-256', 'scram-sha-1', 'plain', 'basic', 'bearer',
  'digest', 'oauth', 'oauth2', 'oidc', 'saml', 'ldap', 'kerberos', 'gssapi', 'jwt', 'hmac', 'hs256', 'rs256',
  'es256', 'aes', 'aes256', 'aes-256-gcm', 'rsa', 'ed25519', 'ecdsa', 'debug', 'info', 'warn', 'warning', 'error',
  'trace', 'json', 'text', 'yaml', 'env', 'file', 'dev', 'development', 'prod', 'production', 'staging', 'local',
  'default', 'disable', 'enable', 'allow', 'deny', 'prefer', 'require', 'verify-ca', 'verify-full', 'cert',
  'keyring', 'store', 'cache', 'manager', 'osxkeychain', 'wincred', 'pass',
]);

/** `https://host/path` with no userinfo and no credential-looking query parameter. */
function isCredentialFreeUrl(value: string): boolean {
  const m = /^[a-z][a-z0-9+.-]{1,20}:\/\/([^\s/?#]*)([^\s]*)$/i.exec(value);
  if (!m) return false;
  const authority = m[1] as string;
  const at = authority.lastIndexOf('@');
  // `user@host` is fine; `user:password@host` or a long token-like user part (`https://<token>@host`) is not.
  if (at >= 0 && (authority.slice(0, at).includes(':') || at >= 20)) return false;
  return !/[?&#;](?:[a-z_-]*(?:token|key|secret|password|passwd|pwd|sig|signature|auth|credential)[a-z_-]*)=/i.test(m[2] as string);
}

/**
 * Values that cannot be a secret whatever the variable is called: paths, header names, booleans, short
 * numbers, versions, URLs without credentials, enum-like words (`md5`, `scram-sha-256`), file globs.
 */
export function isClearlyNotSecret(value: string): boolean {
  const s = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (s.length === 0) return true;
  return (
    BOOLEAN_RE.test(s) ||
    NUMBER_RE.test(s) ||
    VERSION_RE.test(s) ||
    PATH_RE.test(s) ||
    HEADER_NAME_RE.test(s) ||
    ENUM_WORDS.has(s.toLowerCase()) ||
    isCredentialFreeUrl(s) ||
    GLOB_RE.test(s)
  );
}

/**
 * The literal parts of a value: text outside references, plus literal `${X:-default}` defaults.
 * `https://${U}:${T}@host` → [`https://`, `:`, `@host`].
 */
export function literalSegments(value: string): string[] {
  const segments: string[] = [];
  let current = '';
  const flush = () => {
    if (current !== '') segments.push(current);
    current = '';
  };
  let i = 0;
  while (i < value.length) {
    const ch = value[i] as string;
    if (ch === '\\' && i + 1 < value.length) {
      current += value.slice(i, i + 2);
      i += 2;
    } else if (ch === '$' && value[i + 1] === '{') {
      flush();
      const close = matchingClose(value, i + 1, '{', '}');
      const inner = value.slice(i + 2, close);
      const op = /^[A-Za-z_][A-Za-z0-9_]*:?[-=?+]/.exec(inner);
      if (op) segments.push(...literalSegments(inner.slice(op[0].length)));
      i = close + 1;
    } else if (ch === '$' && value[i + 1] === '(') {
      flush();
      i = matchingClose(value, i + 1, '(', ')') + 1;
    } else if (ch === '$' && /[A-Za-z_0-9]/.test(value[i + 1] ?? '')) {
      flush();
      i++;
      while (i < value.length && /[A-Za-z0-9_]/.test(value[i] as string)) i++;
    } else if (ch === '`') {
      flush();
      const close = value.indexOf('`', i + 1);
      i = close < 0 ? value.length : close + 1;
    } else {
      current += ch;
      i++;
    }
  }
  flush();
  return segments;
}

/** Index of the bracket closing the one at `open` (or the end of the string when unbalanced). */
function matchingClose(text: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === left) depth++;
    else if (text[j] === right && --depth === 0) return j;
  }
  return text.length;
}

/** empty | reference | placeholder | mixed (literal text around references) | literal. */
export function classifyValue(value: string): ValueClass {
  const s = value.trim();
  if (s === '' || s === '""' || s === "''") return 'empty';
  if (isReference(s)) return 'reference';
  if (isPlaceholder(s) || isDocumentedExample(s)) return 'placeholder';
  if (containsReference(s)) return 'mixed';
  return 'literal';
}
