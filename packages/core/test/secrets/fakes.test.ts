import { describe, expect, it } from 'vitest';
import { isPlaceholderToken, isDocumentedExample, scanForSecrets, validCrc32Base62 } from '../../src/secrets/index.js';
import { fakes } from '../../src/testing.js';

describe('fakes', () => {
  it('are deterministic per seed and differ across seeds', () => {
    expect(fakes.githubClassic(1)).toBe(fakes.githubClassic(1));
    expect(fakes.githubClassic(1)).not.toBe(fakes.githubClassic(2));
    expect(fakes.pypiToken(4)).toBe(fakes.pypiToken(4));
    expect(fakes.random(5).string('abc', 20)).toBe(fakes.random(5).string('abc', 20));
  });

  it('have the documented shapes', () => {
    expect(fakes.githubClassic(1)).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(validCrc32Base62(fakes.githubClassic(1))).toBe(true);
    expect(validCrc32Base62(fakes.githubClassicBadChecksum(1))).toBe(false);
    expect(validCrc32Base62(fakes.npmToken(1))).toBe(true);
    expect(fakes.awsAccessKeyId(1)).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(isDocumentedExample(fakes.awsAccessKeyId(1))).toBe(false);
    expect(fakes.awsSecretAccessKey(1)).toMatch(/^[A-Za-z0-9/+]{40}$/);
    expect(fakes.gitlabPat(1)).toMatch(/^glpat-[A-Za-z0-9]{20}$/);
    expect(fakes.slackBotToken(1)).toMatch(/^xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}$/);
    expect(fakes.stripeLiveKey(1)).toMatch(/^sk_live_[A-Za-z0-9]{99}$/);
    expect(fakes.openaiKey(1)).toMatch(/^sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}$/);
    expect(fakes.anthropicKey(1)).toMatch(/^sk-ant-api03-[A-Za-z0-9_-]{93}AA$/);
    expect(fakes.huggingfaceToken(1)).toMatch(/^hf_[A-Za-z]{34}$/);
    expect(fakes.sendgridKey(1)).toMatch(/^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(fakes.pypiToken(1)).toMatch(/^pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}$/);
    expect(fakes.jwt(1)).toMatch(/^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(fakes.rsaPrivateKeyPem(1)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\nMII/);
    expect(fakes.opensshPrivateKey(1)).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE/);
    expect(fakes.dockerHubPat(1)).toMatch(/^dckr_pat_[A-Za-z0-9]{27}$/);
    expect(fakes.googleApiKey(1)).toMatch(/^AIza[A-Za-z0-9]{35}$/);
    const url = fakes.urlWithCredentials(1);
    expect(url.url).toBe(`postgres://${url.user}:${url.password}@db.internal:5432/app`);
  });

  it('are never placeholders and are all found by the scanner, for many seeds', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const values = [
        fakes.githubClassic(seed), fakes.npmToken(seed), fakes.awsAccessKeyId(seed), fakes.gitlabPat(seed),
        fakes.slackBotToken(seed), fakes.stripeLiveKey(seed), fakes.openaiKey(seed), fakes.anthropicKey(seed),
        fakes.huggingfaceToken(seed), fakes.sendgridKey(seed), fakes.pypiToken(seed), fakes.jwt(seed),
        fakes.dockerHubPat(seed), fakes.googleApiKey(seed),
      ];
      for (const v of values) {
        expect(isPlaceholderToken(v), v.slice(0, 8)).toBe(false);
        const found = scanForSecrets(`ENV X=${v}`);
        expect(found.map((m) => [m.start, m.end]), v.slice(0, 8)).toEqual([[6, 6 + v.length]]);
      }
    }
  });
});
