import { describe, expect, it } from 'vitest';
import { containsSecret, redact, redactText } from '../../src/secrets/index.js';
import { fakes } from '../../src/testing.js';

describe('redact', () => {
  it('shows at most 4 leading and 3 trailing chars of values ≥ 24 chars', () => {
    const token = fakes.githubClassic(1);
    expect(redact(token)).toBe(`ghp_…${token.slice(-3)} (40 chars)`);
    expect(redact('abcdefghijklmnopqrstuvwx')).toBe('abcd…vwx (24 chars)');
  });

  it('masks short values completely', () => {
    expect(redact('hunter2')).toBe('•••• (7 chars)');
    expect(redact('abcdefghijklmno')).toBe('•••• (15 chars)');
    expect(redact('abcdefghijklmnopqrstuvw')).toBe('•••• (23 chars)');
    expect(redact('')).toBe('•••• (0 chars)');
  });

  it('keeps previews on one line and counts code points', () => {
    const pem = fakes.rsaPrivateKeyPem(1);
    expect(redact(pem)).not.toMatch(/[\r\n]/);
    expect(redact('🔑'.repeat(24))).toBe('🔑🔑🔑🔑…🔑🔑🔑 (24 chars)');
  });

  it('never contains the input, for random secrets of every length from 8 to 120', () => {
    const r = fakes.random(42);
    const alphabets = ['abcdefghijklmnopqrstuvwxyz0123456789', 'ab', 'a', '•… ()0123456789chars'];
    for (const alphabet of alphabets) {
      for (let length = 8; length <= 120; length++) {
        const secret = r.string(alphabet, length);
        expect(redact(secret).includes(secret), `${alphabet}/${length}`).toBe(false);
      }
    }
    // Crafted values equal to (parts of) their own preview.
    for (const crafted of ['•••• (8 chars)', '•••• (14 chars)', '[REDACTED]', 'redacted', 'abcd…nop (16 chars)']) {
      expect(redact(crafted).includes(crafted)).toBe(false);
    }
  });

  it('never contains generated fakes of any provider', () => {
    const values = [
      fakes.githubClassic(2), fakes.npmToken(2), fakes.awsAccessKeyId(2), fakes.awsSecretAccessKey(2), fakes.gitlabPat(2),
      fakes.slackBotToken(2), fakes.stripeLiveKey(2), fakes.openaiKey(2), fakes.anthropicKey(2), fakes.huggingfaceToken(2),
      fakes.sendgridKey(2), fakes.pypiToken(2), fakes.jwt(2), fakes.rsaPrivateKeyPem(2), fakes.opensshPrivateKey(2),
      fakes.dockerHubPat(2), fakes.googleApiKey(2), fakes.urlWithCredentials(2).password,
    ];
    for (const v of values) expect(redact(v).includes(v)).toBe(false);
  });
});

describe('redactText / containsSecret', () => {
  it('replaces every occurrence of every secret', () => {
    const a = fakes.githubClassic(3);
    const b = 'hunter2hunter2';
    const text = `token=${a} again ${a}; pw=${b}`;
    const out = redactText(text, [a, b]);
    expect(out).toBe(`token=${redact(a)} again ${redact(a)}; pw=•••• (14 chars)`);
    expect(containsSecret(out, [a, b])).toBe(false);
    expect(containsSecret(text, [a])).toBe(true);
  });

  it('handles overlapping secrets and regex metacharacters', () => {
    const long = 'abcd$(x)+*?efghijklmnop';
    const short = 'abcd';
    const out = redactText(`${long} and ${short}`, [short, long]);
    expect(containsSecret(out, [long, short])).toBe(false);
    expect(redactText('nothing here', [])).toBe('nothing here');
    expect(redactText('keep', [''])).toBe('keep');
  });
});
