/**
 * What a value written in a Dockerfile (or found in an image) is: a well-known default password, a file name,
 * a reference or placeholder, or something that looks like a hard-coded or machine-generated secret. Shared by
 * the value/name rules (`no-secret-arg`, `no-secret-env`, `no-hardcoded-secret`) and the image scan.
 */
import { shannonEntropy } from '../secrets/entropy.js';
import { isClearlyNotSecret, isDocumentedExample, isPlaceholder, isReference } from '../secrets/values.js';

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
