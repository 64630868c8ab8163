import { describe, expect, it } from 'vitest';
import {
  crc32,
  decodeBase64Text,
  decodeJwtHeader,
  hasValidJwtHeader,
  isPypiMacaroon,
  privateKeyBodyMagic,
  scanForSecrets,
  toBase62,
  validCrc32Base62,
} from '../../src/secrets/index.js';
import { fakes } from '../../src/testing.js';

// Public test vectors (Datadog SDS's test data and a widely cited gist).
const KNOWN_GOOD = [
  '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',
  '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',
  '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',
  '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',
  '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',
];

describe('CRC-32 base62 (GitHub/npm)', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
    expect(crc32(new Uint8Array([0x31, 0x32, 0x33]))).toBe(crc32('123'));
  });

  it('base62 pads to width', () => {
    expect(toBase62(0, 6)).toBe('000000');
    expect(toBase62(61, 2)).toBe('0z');
    expect(toBase62(62, 2)).toBe('10');
  });

  it.each(KNOWN_GOOD)('accepts known-good %s', (token) => {
    expect(validCrc32Base62(token)).toBe(true);
    expect(scanForSecrets(`ENV T=${token}`)).toEqual([
      expect.objectContaining({ providerId: 'github-pat-classic', confidence: 'confirmed', start: 6, end: 46 }),
    ]);
  });

  it('rejects modified tokens', () => {
    expect(validCrc32Base62('ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3')).toBe(false);
    expect(validCrc32Base62('ghp_N7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V4')).toBe(false);
    expect(validCrc32Base62('ghp_16C7e42F292c6912E7710c838347Ae178B4a')).toBe(false);
    expect(validCrc32Base62(`ghp_${'x'.repeat(36)}`)).toBe(false);
    expect(validCrc32Base62('ghx_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V4')).toBe(false);
    expect(validCrc32Base62('ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V')).toBe(false);
  });

  it('accepts the same layout for every GitHub prefix and npm (generated fakes)', () => {
    for (const prefix of ['ghp', 'gho', 'ghu', 'ghs', 'ghr'] as const) {
      expect(validCrc32Base62(fakes.githubClassic(11, prefix))).toBe(true);
      expect(validCrc32Base62(fakes.githubClassicBadChecksum(11, prefix))).toBe(false);
    }
    expect(validCrc32Base62(fakes.npmToken(11))).toBe(true);
  });

  it('rejects random 36-char bodies (no accidental passes)', () => {
    const r = fakes.random(99);
    let passed = 0;
    for (let i = 0; i < 5000; i++) if (validCrc32Base62(`ghp_${r.string('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 36)}`)) passed++;
    expect(passed).toBe(0);
  });
});

describe('base64 / JWT', () => {
  it('decodes text only when printable', () => {
    expect(decodeBase64Text(Buffer.from('user:pw').toString('base64'))).toBe('user:pw');
    expect(decodeBase64Text('not base64!')).toBeNull();
    expect(decodeBase64Text(Buffer.from([0, 1, 2, 3]).toString('base64'))).toBeNull();
  });

  it('reads JWT headers', () => {
    const jwt = fakes.jwt(1);
    expect(decodeJwtHeader(jwt)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(hasValidJwtHeader(jwt)).toBe(true);
    expect(hasValidJwtHeader(`${Buffer.from('{"typ":"JWT"}').toString('base64url')}.e30.sig`)).toBe(false);
    expect(hasValidJwtHeader(`${Buffer.from('[1,2]').toString('base64url')}.e30.sig`)).toBe(false);
    expect(hasValidJwtHeader('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9')).toBe(false); // no dot
  });
});

describe('PyPI macaroon', () => {
  it('accepts a generated token with a real macaroon v2 header', () => {
    const token = fakes.pypiToken(1);
    expect(token.startsWith('pypi-AgEIcHlwaS5vcmc')).toBe(true);
    expect(isPypiMacaroon(token)).toBe(true);
  });

  it('rejects broken headers', () => {
    const token = fakes.pypiToken(1);
    expect(isPypiMacaroon(token.replace('pypi-AgEI', 'pypi-AwEI'))).toBe(false); // version 3
    expect(isPypiMacaroon(token.replace('pypi-AgEI', 'pypi-AgII'))).toBe(false); // field type 2 first
    expect(isPypiMacaroon('pypi-AgEIcHlwaS5vcmc')).toBe(false); // truncated
    expect(isPypiMacaroon(`pypi-AgEI${'A'.repeat(60)}`)).toBe(false);
  });
});

describe('private-key body magic', () => {
  it('recognises DER and OpenSSH bodies', () => {
    expect(privateKeyBodyMagic(fakes.rsaPrivateKeyPem(1))).toBe('asn1');
    expect(privateKeyBodyMagic(fakes.opensshPrivateKey(1))).toBe('openssh');
    expect(privateKeyBodyMagic(fakes.rsaPrivateKeyPem(1).replace(/\n/g, '\\n'))).toBe('asn1');
  });

  it('recognises an armored PGP secret key after header lines', () => {
    const body = Buffer.concat([Buffer.from([0x95, 0x03, 0x98]), Buffer.from(fakes.random(3).bytes(90))]).toString('base64');
    const block = `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${body}\n-----END PGP PRIVATE KEY BLOCK-----`;
    expect(privateKeyBodyMagic(block)).toBe('pgp');
    expect(scanForSecrets(block)).toEqual([expect.objectContaining({ providerId: 'private-key', confidence: 'confirmed', start: 0, end: block.length })]);
  });

  it('returns null for header-only or random bodies', () => {
    expect(privateKeyBodyMagic('-----BEGIN RSA PRIVATE KEY-----\n$KEY')).toBeNull();
    expect(privateKeyBodyMagic('-----BEGIN RSA PRIVATE KEY-----\nZm9vYmFyYmF6cXV4cXV1eA==\n-----END RSA PRIVATE KEY-----')).toBeNull();
  });
});
