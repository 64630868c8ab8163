import { afterAll, describe, expect, it } from 'vitest';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-persisted-secret';
const lintCase = async (name: string) => lintFixture(materializeFixture(fixturePath(RULE, name)), 'Dockerfile', { rules: [RULE] });

afterAll(cleanupFixtures);

describe('no-persisted-secret fixtures', () => {
  it('npm-token-in-npmrc: a secret-mounted token handed to npm config set ends up in /root/.npmrc', async () => {
    const findings = await lintCase('npm-token-in-npmrc');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@7:5-7:65 error`]);
    expect(findings[0]!.message).toBe('npm config set …:_authToken writes the credential to /root/.npmrc, which stays in this layer (the credential comes from NPM_TOKEN (from secret mount "npm_token")).');
    expect(findings[0]!.help).toContain('RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci');
  });

  it('secret-mount-done-right: secrets mounted at the tool path / as env are never reported', async () => {
    expect(await lintCase('secret-mount-done-right')).toEqual([]);
  });

  it('builder-only-login: docker login and credential.helper store in a stage that does not ship', async () => {
    expect(await lintCase('builder-only-login')).toEqual([]);
  });
});
