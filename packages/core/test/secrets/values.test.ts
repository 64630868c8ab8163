import { describe, expect, it } from 'vitest';
import {
  FINGERPRINT_NAME_RE,
  classifyValue,
  isClearlyNotSecret,
  isDocumentedExample,
  isFingerprintValue,
  isPlaceholder,
  isReference,
  literalSegments,
  referencedVariables,
  shannonEntropy,
  type ValueClass,
} from '../../src/secrets/index.js';

const VALUES: Array<[ValueClass, string[]]> = [
  ['empty', ['', '   ', '""', "''"]],
  [
    'reference',
    [
      '$NPM_TOKEN', '${NPM_TOKEN}', '"${NPM_TOKEN}"', '${NPM_TOKEN:-}', '$(cat /run/secrets/npm)', '$(< /run/secrets/npm)',
      '`cat /run/secrets/npm`', '{{ .Values.token }}', '${{ secrets.NPM_TOKEN }}', '%TOKEN%', '${NPM_TOKEN:-$OTHER}',
      '${X:-changeme}', '${env.MAVEN_PASSWORD}', '$(cat $(ls /run/secrets/*))',
    ],
  ],
  [
    'placeholder',
    [
      'changeme', 'change_me', 'CHANGEIT', '<your-token>', '[token]', '{token}', 'xxxxxxxx', '********', 'your_password',
      'AKIAXXXXXXXXXXXXXXXX', `ghp_${'x'.repeat(36)}`, 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'password', 'secret', 'dummy', '12345', 'aaaaaaa', 'REPLACE_WITH_TOKEN',
    ],
  ],
  [
    'mixed',
    ['${X:-literal}', 'https://${U}:${T}@host/repo.git', 'postgres://app:${DB_PASS}@db/app', 'Bearer $TOKEN', 'pre$(cat f)post'],
  ],
  ['literal', ['hunter2', 'Tr0ub4dor&3', 'S3cretPw9', 'postgres://app:S3cretPw9@db:5432/app']],
];

describe('classifyValue', () => {
  for (const [expected, values] of VALUES) {
    it.each(values)(`%j → ${expected}`, (value) => {
      expect(classifyValue(value)).toBe(expected);
    });
  }

  it('a literal default makes ${X:-…} not a pure reference', () => {
    expect(isReference('${NPM_TOKEN:-npm_abcdefghij}')).toBe(false);
    expect(isReference('${NPM_TOKEN:-}')).toBe(true);
    expect(isReference('${NPM_TOKEN:=$OTHER}')).toBe(true);
  });

  it('placeholders and documented examples', () => {
    expect(isPlaceholder('hunter2')).toBe(false);
    expect(isPlaceholder('<token>')).toBe(true);
    expect(isDocumentedExample('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(isDocumentedExample('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(true);
    expect(isDocumentedExample('AKIAQWERTYUIOPASDFGH')).toBe(false);
  });
});

describe('fingerprints', () => {
  it('ENV GPG_KEYS fingerprints from official images', () => {
    expect(isFingerprintValue('1729F83938DA44E27BA0F4D3DBDB397470D12172 B1B44D8F021E4E2D6021E995DC9FF8D3EE5AF27F')).toBe(true);
    expect(isFingerprintValue('7169605F62C751356D054A26A821E680E5FA6305')).toBe(true);
    expect(isFingerprintValue('0xA821E680E5FA6305')).toBe(true);
    expect(isFingerprintValue('"7169605F62C751356D054A26A821E680E5FA6305"')).toBe(true);
    expect(isFingerprintValue('7169605F62C751356D054A26A821E680E5FA630')).toBe(false); // 39 hex
    expect(isFingerprintValue('-----BEGIN PGP PRIVATE KEY BLOCK-----')).toBe(false);
    expect(isFingerprintValue('')).toBe(false);
  });

  it('FINGERPRINT_NAME_RE works on normalised names', () => {
    for (const n of ['gpg_key', 'gpg_keys', 'pgp_key_id', 'node_gpg_keys', 'gpg_key_fingerprint']) expect(FINGERPRINT_NAME_RE.test(n)).toBe(true);
    for (const n of ['gpg_private_key', 'gpg_passphrase', 'gpg_key_password']) expect(FINGERPRINT_NAME_RE.test(n)).toBe(false);
  });
});

describe('isClearlyNotSecret', () => {
  it.each([
    '/run/secrets/db', './config/app.yaml', '~/.npmrc', 'X-Api-Key', 'Authorization', 'PRIVATE-TOKEN', 'true', 'FALSE', 'yes',
    'off', '3600', '30s', '512Mi', '1.2.3', 'v22.1.0', '3.12.1-slim', 'https://pypi.org/simple', 'postgres://app@db:5432/app',
    'md5', 'scram-sha-256', 'trust', '*.pem', '**/*.key', 'secrets/*.json', '',
  ])('%j is clearly not a secret', (value) => {
    expect(isClearlyNotSecret(value)).toBe(true);
  });

  it.each([
    'hunter2', 'S3cr3tP4ss!', 'postgres://u:p4ssw0rd@h/db', 'https://x.example.com/?token=abc', 'https://h/?X-Amz-Signature=abc',
    '12345678901', 'correct-horse-battery-staple',
  ])('%j may be a secret', (value) => {
    expect(isClearlyNotSecret(value)).toBe(false);
  });
});

describe('referencedVariables / literalSegments', () => {
  it('lists names in order without duplicates', () => {
    expect(referencedVariables('postgres://${DB_USER}:${DB_PASS}@db/app')).toEqual(['DB_USER', 'DB_PASS']);
    expect(referencedVariables('$A-$B ${C:-$D} $A')).toEqual(['A', 'B', 'C', 'D']);
    expect(referencedVariables('\\$NOT_A_REF $(cat /run/secrets/x)')).toEqual([]);
    expect(referencedVariables('plain')).toEqual([]);
  });

  it('splits literal text from references and keeps literal defaults', () => {
    expect(literalSegments('https://${U}:${T}@host')).toEqual(['https://', ':', '@host']);
    expect(literalSegments('${X:-lit}')).toEqual(['lit']);
    expect(literalSegments('a$(cat f)b`x`c$V')).toEqual(['a', 'b', 'c']);
    expect(literalSegments('${X}')).toEqual([]);
  });
});

describe('shannonEntropy', () => {
  it('computes bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBeCloseTo(1, 10);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4, 10);
  });
});
