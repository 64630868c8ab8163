import { afterAll, describe, expect, it } from 'vitest';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-secret-arg';
const lintCase = async (name: string) => lintFixture(materializeFixture(fixturePath(RULE, name)), 'Dockerfile', { rules: [RULE] });

afterAll(cleanupFixtures);

describe('no-secret-arg fixtures', () => {
  it('npm-token-build-arg: ARG NPM_TOKEN in the final stage of a Node service, a RUN after it (error)', async () => {
    const findings = await lintCase('npm-token-build-arg');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@3:5-3:14 error']);
    expect(findings[0]!.message).toBe('ARG NPM_TOKEN: its value is written into the image history of the RUN at line 5');
    expect(findings[0]!.related?.map((r) => r.line)).toEqual([5]);
    expect(findings[0]!.suggestions?.[0]?.description).toContain('docker build --secret id=npm_token,env=NPM_TOKEN');
  });

  it('builder-stage-only: the token is only in a stage that does not ship', async () => {
    expect(await lintCase('builder-stage-only')).toEqual([]);
  });

  it('global-arg-redeclared: reported at the re-declaration, as an error because of the global default', async () => {
    const findings = await lintCase('global-arg-redeclared');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-arg@4:5-4:17 error']);
    expect(findings[0]!.message).toBe('ARG GITHUB_TOKEN has a hard-coded default: it is recorded in the image history and provenance');
  });
});
