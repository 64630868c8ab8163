import { afterAll, describe, expect, it } from 'vitest';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-secret-stage-copy';
const lintCase = async (name: string) => lintFixture(materializeFixture(fixturePath(RULE, name)), 'Dockerfile', { rules: [RULE] });

afterAll(cleanupFixtures);

describe('no-secret-stage-copy fixtures', () => {
  it('workdir-copied-wholesale: the builder wrote .npmrc in /app and the final stage copies /app', async () => {
    const findings = await lintCase('workdir-copied-wholesale');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@11:19-11:23 error`]);
    expect(findings[0]!.message).toBe('COPY --from=build /app takes /app/.npmrc (written from build arg NPM_TOKEN) into this image; RUN (echo) in stage build at line 5 put it there.');
    expect(findings[0]!.related?.map((r) => r.line)).toEqual([5]);
  });

  it('dist-only: only the build output and node_modules are copied', async () => {
    expect(await lintCase('dist-only')).toEqual([]);
  });

  it('context-env-through-builder: .env from the real context reaches the final image via COPY . in the builder', async () => {
    const findings = await lintCase('context-env-through-builder');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@8:19-8:23 error`]);
    expect(findings[0]!.message).toBe('COPY --from=build /app takes /app/.env (environment file) into this image; COPY in stage build at line 3 put it there.');
  });
});
