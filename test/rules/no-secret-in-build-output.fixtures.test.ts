import { afterAll, describe, expect, it } from 'vitest';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-secret-in-build-output';
const lintCase = async (name: string) => lintFixture(materializeFixture(fixturePath(RULE, name)), 'Dockerfile', { rules: [RULE] });
afterAll(cleanupFixtures);

describe('no-secret-in-build-output fixtures', () => {
  it('deploy-with-xtrace: set -eux in a RUN with a secret env mount', async () => {
    const findings = await lintCase('deploy-with-xtrace');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-in-build-output@6:9-6:13 warning']);
    expect(findings[0]!.message).toBe('`set -eux` turns on shell tracing while secret "deploy_token" (env DEPLOY_TOKEN) is in scope: the build log shows every expanded command');
  });

  it('official-style-set-eux: ENV GPG_KEY fingerprint with set -eux stays silent', async () => {
    expect(await lintCase('official-style-set-eux')).toEqual([]);
  });

  it('debug-curl: printenv in the final stage; curl -v in the builder is silent until that stage ships', async () => {
    const findings = await lintCase('debug-curl');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-in-build-output@7:5-7:13 warning']);
    expect(findings[0]!.message).toBe('`printenv` dumps the environment to the build log while secret "api_key" (env API_KEY) is set');
  });

  it('debug-curl with --target fetch: curl -v sends the build-arg token in a header', async () => {
    const findings = await lintFixture(materializeFixture(fixturePath(RULE, 'debug-curl')), 'Dockerfile', { rules: [RULE], target: 'fetch' });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-in-build-output@3:10-3:12 warning']);
    expect(findings[0]!.message).toBe('`curl -v` prints request headers, including the credentials from build arg ARTIFACTORY_TOKEN, to the build log');
  });
});
