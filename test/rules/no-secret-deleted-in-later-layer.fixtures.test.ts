import { afterAll, describe, expect, it } from 'vitest';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-secret-deleted-in-later-layer';
const lintCase = async (name: string) => lintFixture(materializeFixture(fixturePath(RULE, name)), 'Dockerfile', { rules: [RULE] });

afterAll(cleanupFixtures);

describe('no-secret-deleted-in-later-layer fixtures', () => {
  it('npmrc-removed-later: COPY .npmrc, npm ci, then rm in its own RUN', async () => {
    const findings = await lintCase('npmrc-removed-later');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@10:11-10:17 error`]);
    expect(findings[0]!.message).toBe('rm removes /app/.npmrc (npm config (may hold an auth token)), but the layer of COPY at line 5 still contains it.');
    expect(findings[0]!.related?.map((r) => `${r.line}:${r.column}`)).toEqual(['5:6']);
  });

  it('context-copy-then-rm: COPY . brought .git/ and .env (real context, weak .dockerignore), a later RUN removes them', async () => {
    const findings = await lintCase('context-copy-then-rm');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@6:12-6:16 error`, `${RULE}@6:17-6:21 error`]);
    expect(findings.map((f) => f.message)).toEqual([
      'rm removes /srv/.git (git history and config), but the layer of COPY at line 3 still contains it.',
      'rm removes /srv/.env (environment file), but the layer of COPY at line 3 still contains it.',
    ]);
    expect(JSON.stringify(findings)).not.toContain('not-a-real-password');
  });

  it('same-run-cleanup: .npmrc created, used and removed in one RUN; apt lists removed later', async () => {
    expect(await lintCase('same-run-cleanup')).toEqual([]);
  });
});
