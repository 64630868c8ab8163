import { afterAll, describe, expect, it } from 'vitest';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-secret-env';
const lintCase = async (name: string) => lintFixture(materializeFixture(fixturePath(RULE, name)), 'Dockerfile', { rules: [RULE] });

afterAll(cleanupFixtures);

describe('no-secret-env fixtures', () => {
  it('rails-secret-key-base: build args copied into ENV and a literal Redis password', async () => {
    const findings = await lintCase('rails-secret-key-base');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([
      'no-secret-env@10:5-10:39 error',
      'no-secret-env@11:5-11:39 error',
      'no-secret-env@12:5-12:35 error',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'ENV SECRET_KEY_BASE copies build arg SECRET_KEY_BASE into the image configuration',
      'ENV RAILS_MASTER_KEY copies build arg RAILS_MASTER_KEY into the image configuration',
      'ENV REDIS_PASSWORD bakes a hard-coded secret into the image configuration',
    ]);
  });

  it('official-python-image: GPG fingerprints, checksums and *_FILE pointers stay silent', async () => {
    expect(await lintCase('official-python-image')).toEqual([]);
  });

  it('inherited-database-url: a base stage ENV interpolating a secret ARG ships through FROM <stage>', async () => {
    const findings = await lintCase('inherited-database-url');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-env@4:5-4:77 error']);
    expect(findings[0]!.related).toEqual([{ line: 3, column: 5, message: 'build arg DB_PASSWORD is declared here' }]);
  });
});
