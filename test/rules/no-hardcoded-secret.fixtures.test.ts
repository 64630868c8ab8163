import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakes } from '@dockerlint/core/testing';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-hardcoded-secret';
const ghp = fakes.githubClassic(21);
const npmToken = fakes.npmToken(22);

/** Fixtures keep `{{GITHUB_TOKEN}}`-style markers on disk; seeded fakes are substituted in the temp copy. */
async function lintCase(name: string) {
  const dir = materializeFixture(fixturePath(RULE, name));
  const path = join(dir, 'Dockerfile');
  writeFileSync(path, readFileSync(path, 'utf8').replaceAll('{{GITHUB_TOKEN}}', ghp).replaceAll('{{NPM_TOKEN}}', npmToken));
  return lintFixture(dir, 'Dockerfile', { rules: [RULE] });
}

afterAll(cleanupFixtures);

describe('no-hardcoded-secret fixtures', () => {
  it('token-in-run: tokens in a non-shipping stage RUN and in a COPY heredoc', async () => {
    const findings = await lintCase('token-in-run');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-hardcoded-secret@5:41-5:81 error', 'no-hardcoded-secret@12:34-12:74 error']);
    expect(findings.map((f) => f.message.replace(/ \([^()]*chars\).*$/, ''))).toEqual([
      'GitHub personal access token (classic) in RUN',
      'npm access token in COPY heredoc',
    ]);
    const output = JSON.stringify(findings);
    expect(output).not.toContain(ghp);
    expect(output).not.toContain(npmToken);
  });

  it('mysql-seed: passwords in a heredoc config file, on the mysql command line and piped to chpasswd', async () => {
    const findings = await lintCase('mysql-seed');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([
      'no-hardcoded-secret@7:10-7:26 warning',
      'no-hardcoded-secret@12:20-12:38 error',
      'no-hardcoded-secret@13:16-13:29 error',
    ]);
  });

  it('secret-mounts-clean: secret mounts, references and documented examples', async () => {
    expect(await lintCase('secret-mounts-clean')).toEqual([]);
  });
});
