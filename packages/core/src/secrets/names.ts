/**
 * Secret-like variable names (docs/architecture.md, "Names"). Works on words of the normalised name, never on
 * substrings: `TOKENIZER_PATH`, `KEYBOARD`, `BYPASS_CACHE` stay clean, while glued names such as
 * `PGPASSWORD`, `MYSQL_PWD`, `SSHPASS` are caught by matching the END of a word.
 */
import type { NameClass } from './types.js';
import { FINGERPRINT_NAME_RE } from './values.js';

const LOWER_SNAKE = /^[a-z0-9_]*$/;
/** Upper-case words, underscores and digits not followed by a capital (`S3KEY` → `s3_key` needs the split). */
const UPPER_SNAKE = /^(?:[A-Z_]|[0-9](?![A-Z]))*$/;

/** `npmAuthToken` → `npm_auth_token`, `APIKey` → `api_key`, `pip.index-url` → `pip_index_url`. */
export function normalizeName(name: string): string {
  // Most names are already snake case, lower or upper: nothing to split, trim or replace.
  if (LOWER_SNAKE.test(name)) return name;
  if (UPPER_SNAKE.test(name)) return name.toLowerCase();
  return name
    .trim()
    .replace(/(?<![A-Z])([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]/g, '_')
    .toLowerCase();
}

/** Words that make a name secret; see §C.3 for why each is there. */
const SECRET_WORD =
  '(?:' +
  // A word that ENDS with a strong term: pgpassword, apitoken, mysecrets.
  '[a-z0-9]*(?:password|passwd|passphrase|secrets?|token|credentials?|apikey)' +
  '|creds|pwd|pword|psw|pass|pat|htpasswd|sshpass|privatekey' +
  '|(?:api|access|secret|private|signing|encryption|master|client|session|licen[cs]e|app|application|account|service|shared|hmac|jwt|ssh|deploy|webhook|storage|admin|root|db|auth|bot|server|subscription)_key' +
  ')';

/** Trailing words that turn a secret-ish name into metadata about the secret (`PASSWORD_MIN_LENGTH`). */
const METADATA_SUFFIX =
  '(?:file|path|dir|url|uri|endpoint|host|name|names|version|length|len|min|max|limit|count|type|mode|enabled|disabled|required|header|prompt|policy|format|algorithm|alias|ttl|timeout|kind|label|sock|socket|prefix|id|ids|arn|fingerprint|manager|helper|provider|method|command)';

const SECRET_NAME_RE = new RegExp(
  '^(?!(?:pwd|oldpwd)$)' + // shell working-directory variables
    `(?=(?:.*_)?${SECRET_WORD}(?:_|$))` +
    '(?!.*(?:^|_)(?:public|pub|publishable)(?:_|$))' + // intentionally public
    `(?!(?:.*_)?${METADATA_SUFFIX}$)`,
);

/** Names whose secret nature the word rules cannot see. */
const KNOWN_SECRET_NAMES = new Set([
  'docker_auth_config',
  'npm_config__auth',
  'npm_config_auth',
  'google_credentials',
  'composer_auth',
  'git_auth_header',
]);

/** Environment variables that hold the path (or socket) of a secret, not the secret. */
const KNOWN_PATH_NAMES = new Set([
  'google_application_credentials',
  'aws_shared_credentials_file',
  'aws_config_file',
  'kubeconfig',
  'docker_config',
  'netrc',
  'git_askpass',
  'ssh_askpass',
  'npm_config_userconfig',
  'pip_config_file',
  'hf_token_path',
  'gnupghome',
  'ssh_auth_sock',
  'cloudsdk_config',
  'composer_home',
  'cargo_home',
]);

/** Build-time variables Docker/BuildKit define themselves. */
const BUILDKIT_NAME_RE = /^(?:buildkit_.*|(?:target|build)(?:platform|os|arch|variant)|target[a-z0-9]*)$/;
const IDENTIFIER_RE = /(?:^|_)(?:access_key_id|client_id|role_id|account_sid|app_id|user_?name|login)$/;
const PATH_SUFFIX_RE = /^(.+)_(?:file|files|path|dir|directory|location)$/;
/** Stems that make a `*_FILE`/`*_PATH`/`*_DIR` name point at secret material. */
const SECRET_STEM_RE = /(?:^|_)(?:key|keys|auth|ssh|gpg|pgp|cert|tls|ssl|kube|credential|credentials|netrc|npmrc)(?:_|$)/;

/** How a variable/key name relates to secrets. (A RUN's ARG/ENV bindings are classified once per lint: `LintAnalysis`.) */
export function classifyName(name: string): NameClass {
  return classifyNormalised(normalizeName(name));
}

function classifyNormalised(n: string): NameClass {
  if (n === '' || n === 'pwd' || n === 'oldpwd') return 'none';
  if (KNOWN_SECRET_NAMES.has(n)) return 'secret';
  if (KNOWN_PATH_NAMES.has(n)) return 'path';
  if (BUILDKIT_NAME_RE.test(n)) return 'none';
  if (FINGERPRINT_NAME_RE.test(n)) return 'fingerprint';
  if (n === 'key' || n === 'auth') return 'ambiguous';
  if (IDENTIFIER_RE.test(n)) return 'identifier';
  const pathStem = PATH_SUFFIX_RE.exec(n);
  if (pathStem) {
    const stem = pathStem[1] as string;
    return SECRET_NAME_RE.test(stem) || SECRET_STEM_RE.test(stem) ? 'path' : 'none';
  }
  return SECRET_NAME_RE.test(n) ? 'secret' : 'none';
}

/** The name alone says it holds a secret. */
export function isSecretName(name: string): boolean {
  return classifyName(name) === 'secret';
}
