import { describe, expect, it } from 'vitest';
import { classifyName, isSecretName, normalizeName, type NameClass } from '../../src/secrets/index.js';

describe('normalizeName', () => {
  it.each([
    ['npmAuthToken', 'npm_auth_token'],
    ['APIKey', 'api_key'],
    ['NPM_TOKEN', 'npm_token'],
    ['pip.index-url', 'pip_index_url'],
    ['NPM_CONFIG__AUTH', 'npm_config__auth'],
    ['secretKeyBase', 'secret_key_base'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

const TABLE: Array<[NameClass, string[]]> = [
  [
    'secret',
    [
      // the names docs/rules/no-secret-arg.md and docs/architecture.md give as secret-like
      'NPM_TOKEN', 'PGPASSWORD', 'GITHUB_PAT', 'DB_PASS', 'CLIENT_SECRET', 'MYSQL_PWD', 'SSHPASS', 'npmAuthToken',
      'SECRET_KEY_BASE', 'RABBITMQ_DEFAULT_PASS', 'GPG_PASSPHRASE',
      // common secret variable names of public Dockerfiles and CI docs
      'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'DB_PASSWORD', 'NODE_AUTH_TOKEN', 'HF_TOKEN', 'OPENAI_API_KEY',
      'JWT_SECRET', 'MYSQL_ROOT_PASSWORD', 'PRIVATE_KEY', 'SSH_PRIVATE_KEY', 'LICENSE_KEY', 'ENCRYPTION_KEY',
      'VAULT_TOKEN', 'DOCKER_AUTH_CONFIG', 'NPM_CONFIG__AUTH', 'GOOGLE_CREDENTIALS', 'GPG_PRIVATE_KEY',
      'AWS_SESSION_TOKEN', 'apiKey', 'POSTGRES_PASSWORD', 'HTPASSWD', 'CARGO_REGISTRY_TOKEN',
    ],
  ],
  [
    'none',
    [
      'TOKENIZER_PATH', 'PASSWORD_MIN_LENGTH', 'KEYBOARD', 'PUBLIC_KEY', 'NODE_VERSION', 'PASSWORD_URL',
      'BUILDKIT_INLINE_CACHE', 'BUILDKIT_SYNTAX', 'TARGETPLATFORM', 'TARGETARCH', 'TARGETOS', 'TARGETVARIANT',
      'BUILDPLATFORM', 'BYPASS_CACHE', 'COMPASS_HOME', 'MAX_NEW_TOKENS', 'TOKENIZERS_PARALLELISM',
      'PASSENGER_VERSION', 'NEXT_PUBLIC_API_KEY', 'PWD', 'OLDPWD', 'KEY_NAME', 'KMS_KEY_ID', 'SECRET_NAME',
      'AUTH_ENABLED', 'ACCESS_TOKEN_TTL', 'STRIPE_PUBLISHABLE_KEY', 'PASSWORD_PROMPT', 'TOKEN_URL',
      'KMS_KEY_ALIAS', 'REQUIRE_MFA_AUTH', 'CREDENTIAL_MANAGER', 'DATABASE_URL', 'PIP_INDEX_URL', 'AUTH_MODULE_VERSION',
      'CONFIG_FILE', 'HOME', 'PATH',
    ],
  ],
  ['identifier', ['AWS_ACCESS_KEY_ID', 'OAUTH_CLIENT_ID', 'AZURE_CLIENT_ID', 'DOCKERHUB_USERNAME']],
  [
    'path',
    [
      'SSH_AUTH_SOCK', 'GOOGLE_APPLICATION_CREDENTIALS', 'KUBECONFIG', 'POSTGRES_PASSWORD_FILE', 'SESSION_SECRET_FILE',
      'SSH_KEY_DIR', 'AWS_SHARED_CREDENTIALS_FILE', 'HF_TOKEN_PATH', 'DOCKER_CONFIG', 'GNUPGHOME', 'MYSQL_ROOT_PASSWORD_FILE',
    ],
  ],
  ['fingerprint', ['GPG_KEY', 'GPG_KEYS', 'PGP_KEY_ID', 'NODE_GPG_KEYS', 'GPG_KEY_FINGERPRINT']],
  ['ambiguous', ['KEY', 'AUTH', 'key']],
];

describe('classifyName', () => {
  for (const [expected, names] of TABLE) {
    it.each(names)(`%s → ${expected}`, (name) => {
      expect(classifyName(name)).toBe(expected);
      expect(isSecretName(name)).toBe(expected === 'secret');
    });
  }

  it('treats *_FILE / *_URL / *_VERSION as never secret', () => {
    for (const name of ['NPM_TOKEN_FILE', 'DB_PASSWORD_URL', 'AUTH_TOKEN_VERSION', 'ANY_FILE']) expect(isSecretName(name)).toBe(false);
  });
});
