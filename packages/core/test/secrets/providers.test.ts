import { describe, expect, it } from 'vitest';
import { PROVIDERS, providerById, scanForSecrets, MAX_SCAN_LENGTH, type SecretProvider } from '../../src/secrets/index.js';
import { fakes } from '../../src/testing.js';
import { providerSamples, render } from './samples.js';

describe('provider catalogue', () => {
  it('has unique ids, lower-case keywords and global regexes', () => {
    const ids = PROVIDERS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(PROVIDERS.length).toBeGreaterThanOrEqual(45);
    for (const p of PROVIDERS) {
      expect(p.keywords.length, p.id).toBeGreaterThan(0);
      for (const k of p.keywords) expect(k, p.id).toBe(k.toLowerCase());
      expect(p.pattern.global, p.id).toBe(true);
      expect(p.pattern.sticky, p.id).toBe(false);
    }
  });

  it('has a generated sample for every provider', () => {
    const covered = new Set(providerSamples().map((s) => s.providerId));
    // url-token only ever duplicates a direct token match; it is exercised on its own below.
    const missing = PROVIDERS.map((p) => p.id).filter((id) => !covered.has(id) && id !== 'url-token');
    expect(missing).toEqual([]);
  });

  for (const seed of [7, 8, 9]) {
    describe(`generated samples (seed ${seed})`, () => {
      for (const sample of providerSamples(seed)) {
        it(`${sample.providerId}: ${sample.text.slice(0, 40).replace(/\n/g, ' ')}`, () => {
          const { text, start, end } = render(sample);
          const found = scanForSecrets(text);
          expect(found.map((m) => [m.providerId, m.start, m.end, m.confidence])).toEqual([
            [sample.providerId, start, end, sample.confidence],
          ]);
          expect(found[0]?.value).toBe(sample.secret);
          expect(found[0]?.providerName).toBe(providerById(sample.providerId)?.name);
        });
      }
    });
  }

  it('url-token: a catalogue token used as URL user keeps the token verdict', () => {
    const token = fakes.githubClassic(3);
    const text = `RUN git clone https://${token}@github.com/org/repo.git`;
    const urlToken = providerById('url-token');
    expect(urlToken).toBeDefined();
    const found = scanForSecrets(text, { providers: [urlToken!] });
    expect(found).toEqual([
      expect.objectContaining({ providerId: 'url-token', start: text.indexOf(token), end: text.indexOf(token) + 40, confidence: 'confirmed' }),
    ]);
    // With the full catalogue the self-identifying token wins the overlap.
    expect(scanForSecrets(text).map((m) => m.providerId)).toEqual(['github-pat-classic']);
    // A non-token user part is not reported.
    expect(scanForSecrets('RUN git clone https://someuser@github.com/org/repo.git', { providers: [urlToken!] })).toEqual([]);
  });
});

describe('checksum-failing tokens', () => {
  it('GitHub classic with a broken CRC is weak with a note, not dropped', () => {
    const token = fakes.githubClassicBadChecksum(5);
    const [m, ...rest] = scanForSecrets(`ENV GITHUB_TOKEN=${token}`);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ providerId: 'github-pat-classic', start: 17, end: 57, confidence: 'weak' });
    expect(m?.note).toMatch(/checksum/);
    expect(m?.note).not.toContain(token);
  });

  it('npm token with a broken CRC inside an .npmrc line stays weak', () => {
    const good = fakes.npmToken(5);
    const bad = good.slice(0, -1) + (good.endsWith('a') ? 'b' : 'a');
    const text = `RUN npm set //registry.npmjs.org/:_authToken=${bad}`;
    const found = scanForSecrets(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ providerId: 'npm-token', confidence: 'weak', start: text.indexOf(bad) });
  });

  it('a longer-than-40 GitHub token is likely (checksum not applicable)', () => {
    const token = `ghp_${fakes.random(2).string('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 50)}`;
    expect(scanForSecrets(token)).toEqual([expect.objectContaining({ providerId: 'github-pat-classic', confidence: 'likely' })]);
  });

  it('PyPI token whose macaroon header is wrong is weak', () => {
    const token = fakes.pypiToken(2).replace('pypi-AgEI', 'pypi-AgEJ') // location length 9: wrong header;
    expect(scanForSecrets(token)).toEqual([expect.objectContaining({ providerId: 'pypi-token', confidence: 'weak' })]);
  });

  it('a private-key header without a key body is weak', () => {
    const text = 'RUN printf -- "-----BEGIN OPENSSH PRIVATE KEY-----\\n$SSH_KEY" > /root/.ssh/id';
    const found = scanForSecrets(text);
    expect(found).toEqual([expect.objectContaining({ providerId: 'private-key', confidence: 'weak', start: text.indexOf('-----BEGIN') })]);
  });

  it('an OpenSSH private key with the right magic is confirmed', () => {
    const pem = fakes.opensshPrivateKey(4).trimEnd();
    const text = `LABEL deploy.key="${pem}"`;
    expect(scanForSecrets(text)).toEqual([
      expect.objectContaining({ providerId: 'private-key', confidence: 'confirmed', start: text.indexOf(pem), end: text.indexOf(pem) + pem.length }),
    ]);
  });
});

describe('not reported: references, placeholders, documented examples, near-misses', () => {
  const x36 = 'x'.repeat(36);
  const negatives: Array<[string, string]> = [
    ['GitHub placeholder', `ENV GITHUB_TOKEN=ghp_${x36}`],
    ['GitHub placeholder, capital X', `ENV GITHUB_TOKEN=ghp_${'X'.repeat(36)}`],
    ['sequential GitHub placeholder', 'ENV T=ghp_1234567890abcdefghijklmnopqrstuvwxyz'],
    ['zero-filled npm token', `ENV T=npm_${'0'.repeat(36)}`],
    ['AWS doc example key id', 'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'],
    ['AWS doc example secret', 'ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['AWS X placeholder', 'ENV AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX'],
    ['GitHub docs example', 'ENV T=ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['npmrc reference', 'RUN npm set //registry.npmjs.org/:_authToken=$NPM_TOKEN'],
    ['npmrc braced reference', 'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc'],
    ['npmrc command substitution', 'RUN npm set //registry.npmjs.org/:_authToken=$(cat /run/secrets/npm)'],
    ['npmrc placeholder', 'RUN echo "//r.example.com/:_authToken=<token>" > .npmrc'],
    ['URL with references', 'RUN git clone https://${GIT_USER}:${GIT_TOKEN}@github.com/org/repo.git'],
    ['URL with $VAR password', 'RUN git clone https://user:$TOKEN@github.com/org/repo.git'],
    ['URL without password', 'ENV DATABASE_URL=postgres://app@db:5432/app'],
    ['URL with placeholder password', 'ENV DATABASE_URL=postgres://user:changeme@localhost/db'],
    ['URL with <password>', 'ENV DATABASE_URL=postgres://user:<password>@localhost/db'],
    ['URL with x-oauth-basic', 'RUN git clone https://someone:x-oauth-basic@github.com/org/repo.git'],
    ['Bearer reference', 'RUN curl -H "Authorization: Bearer $GH_TOKEN" https://api.github.com'],
    ['Bearer braced reference', 'RUN curl -H "Authorization: Bearer ${GH_TOKEN}" https://api.github.com'],
    ['Bearer slot', 'RUN curl -H "Authorization: Bearer <token>" https://api.github.com'],
    ['Bearer mixed', 'RUN curl -H "Authorization: Bearer abcdefghij$SUFFIX" https://x'],
    ['public key', 'COPY <<EOF /k.pub\n-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\nEOF'],
    ['Stripe publishable key', 'ENV STRIPE_PUBLISHABLE_KEY=pk_live_51HqLyjWDarjtT1zdp7dc4eC39Hq'],
    ['Stripe key too short', 'ENV S=sk_live_abc123XYZ'],
    ['GitHub token one char short', 'ENV T=ghp_abcdEFGH1234abcdEFGH1234abcdEFGH123'],
    ['glued prefix', 'ENV T=xghp_abcdEFGH1234abcdEFGH1234abcdEFGH1234'],
    ['AWS id with non-base32 digit', 'ENV K=AKIA0123456789ABCDEF'],
    ['AWS id too short', 'ENV K=AKIAQWERTYUIOPASDFG'],
    ['GitLab PAT 19 chars', 'ENV T=glpat-abcDEF123ghiJKL456m'],
    ['JWT-shaped garbage header', 'ENV T=eyJub3QganNvbiBhdCBhbGw.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWJ5dGVz'],
    ['JWT without alg', `ENV T=${Buffer.from('{"typ":"JWT"}').toString('base64url')}.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWJ5dGVz`],
    ['jwt.io example', 'ENV T=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
    ['mailgun-shaped key without mailgun', `ENV K=key-${'0123456789abcdef'.repeat(2).split('').reverse().join('')}`],
    ['AWS secret without context', `ENV K=${fakes.awsSecretAccessKey(3)}`],
    ['GPG fingerprints', 'ENV GPG_KEYS=1729F83938DA44E27BA0F4D3DBDB397470D12172 B1B44D8F021E4E2D6021E995DC9FF8D3EE5AF27F'],
    ['docker auth of a placeholder', `{"auths":{"r":{"auth":"${Buffer.from('user:password').toString('base64')}"}}}`],
    ['connection string without connection keys', 'RUN ./configure password=S3cretPw99'],
    ['plain Dockerfile', 'FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nUSER node\nCMD ["node","server.js"]'],
  ];
  for (const [label, text] of negatives) {
    it(label, () => {
      expect(scanForSecrets(text).map((m) => `${m.providerId}:${m.confidence}`)).toEqual([]);
    });
  }
});

describe('scanForSecrets result shape', () => {
  it('returns non-overlapping matches sorted by start', () => {
    const a = fakes.awsAccessKeyId(1);
    const g = fakes.githubClassic(1);
    const o = fakes.openaiKey(1);
    const text = `ENV A=${o}\nRUN curl -H "Authorization: token ${g}" x\nENV K=${a}`;
    const found = scanForSecrets(text);
    expect(found.map((m) => m.providerId)).toEqual(['openai-api-key', 'github-pat-classic', 'aws-access-key-id']);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.value);
  });

  it('prefers a JWT over the generic Authorization header it sits in', () => {
    const jwt = fakes.jwt(3);
    const text = `RUN curl -H 'Authorization: Bearer ${jwt}' https://x`;
    expect(scanForSecrets(text)).toEqual([expect.objectContaining({ providerId: 'jwt', confidence: 'confirmed', start: text.indexOf(jwt) })]);
  });

  it('reports a literal ${X:-default} default', () => {
    const token = fakes.npmToken(6);
    const text = `RUN npm set //registry.npmjs.org/:_authToken=\${NPM_TOKEN:-${token}}`;
    expect(scanForSecrets(text)).toEqual([expect.objectContaining({ providerId: 'npm-token', start: text.indexOf(token) })]);
  });

  it('scans only the first MAX_SCAN_LENGTH characters', () => {
    const token = fakes.githubClassic(9);
    const padding = ' '.repeat(MAX_SCAN_LENGTH);
    expect(scanForSecrets(token + padding)).toHaveLength(1);
    expect(scanForSecrets(padding + token)).toEqual([]);
  });

  it('finds many tokens in a big input', () => {
    const tokens = Array.from({ length: 2000 }, (_, i) => fakes.githubClassic(i + 100));
    const found = scanForSecrets(tokens.join('\n'));
    expect(found).toHaveLength(2000);
    expect(found.every((m) => m.confidence === 'confirmed')).toBe(true);
  });
});

describe('GitLab instance prefix', () => {
  it('includes an upper-case instance prefix in the token', () => {
    const pat = fakes.gitlabPat(4);
    const text = `ENV GITLAB_TOKEN=ACME-${pat}`;
    expect(scanForSecrets(text)).toEqual([expect.objectContaining({ providerId: 'gitlab-pat', start: 17, end: text.length })]);
  });
});

describe('required literals: a pattern runs only when the text holds them all', () => {
  const counting = (): { provider: SecretProvider; validated: string[] } => {
    const validated: string[] = [];
    const provider: SecretProvider = {
      id: 'test-url-user',
      name: 'test URL user',
      kind: 'context',
      keywords: ['://'],
      requires: ['@'],
      pattern: /[a-z]+:\/\/(?<secret>[a-z]{8,})/g,
      confidence: 'likely',
      validate: (value) => (validated.push(value), 'likely'),
    };
    return { provider, validated };
  };

  it('a keyword without the required literal does not run the pattern', () => {
    const { provider, validated } = counting();
    expect(scanForSecrets('https://kqzvmxwtrp/x', { providers: [provider] })).toEqual([]);
    expect(validated).toEqual([]);
  });

  it('with the required literal the pattern runs as before', () => {
    const { provider, validated } = counting();
    expect(scanForSecrets('https://kqzvmxwtrp/x mail@example.com', { providers: [provider] }).map((match) => match.value)).toEqual(['kqzvmxwtrp']);
    expect(validated).toEqual(['kqzvmxwtrp']);
  });

  it('every required literal of the catalogue is a literal of its pattern, lower-case (the gate can drop no match)', () => {
    const gated = PROVIDERS.filter((provider) => provider.requires);
    expect(gated.map((provider) => provider.id)).toEqual(['database-connection-string', 'url-credentials', 'url-token']);
    for (const provider of gated) {
      for (const literal of provider.requires!) {
        expect(literal, provider.id).toBe(literal.toLowerCase());
        // Outside character classes and groups that may be skipped: these patterns hold it as a plain `@`.
        expect(provider.pattern.source, provider.id).toContain(`)@(?=`);
      }
    }
  });
});
