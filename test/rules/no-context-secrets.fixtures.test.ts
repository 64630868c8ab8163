import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-context-secrets';
afterAll(cleanupFixtures);

async function lintCase(name: string, dockerfile = 'Dockerfile', options: { contextDir?: string; stages?: 'all' } = {}) {
  const dir = materializeFixture(fixturePath(RULE, name));
  const findings = await lintFixture(dir, dockerfile, { rules: [RULE], ...(options.contextDir ? { contextDir: options.contextDir } : {}) });
  return { dir, findings };
}

describe('no-context-secrets fixtures', () => {
  it('node-app-leaky-dockerignore: .env and .git/ pass a .dockerignore that only lists node_modules', async () => {
    const { dir, findings } = await lintCase('node-app-leaky-dockerignore');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@5:6-5:7 error']);
    expect(findings[0]!.message).toBe(
      'COPY . would copy .env, .git/ into the image (not excluded by .dockerignore); .gitignore excludes .env but Docker does not read .gitignore',
    );
    // certs/ca.pem holds a certificate: not listed. The fix appends to the existing .dockerignore.
    const ignore = readFileSync(join(dir, '.dockerignore'), 'utf8');
    expect(findings[0]!.fix?.edits).toEqual([
      { file: join(dir, '.dockerignore'), range: { start: { line: 3, column: 1 }, end: { line: 3, column: 1 } }, text: '**/.env\n.git\n' },
    ]);
    expect(ignore.split('\n')).toHaveLength(3);
  });

  it('allowlist-dockerignore: `*` then `!src`, `!package.json` leaves nothing sensitive', async () => {
    expect((await lintCase('allowlist-dockerignore')).findings).toEqual([]);
  });

  it('dockerfile-specific-ignore: <Dockerfile>.dockerignore wins over the root .dockerignore', async () => {
    const { dir, findings } = await lintCase('dockerfile-specific-ignore', 'docker/api.Dockerfile', { contextDir: '.' });
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@5:6-5:7 error']);
    expect(findings[0]!.message).toBe('COPY . would copy .env.production into the image (not excluded by api.Dockerfile.dockerignore)');
    expect(findings[0]!.fix?.edits[0]?.file).toBe(join(dir, 'docker', 'api.Dockerfile.dockerignore'));
    expect(findings[0]!.fix?.edits[0]?.text).toBe('**/.env.*\n');
  });

  it('python-no-dockerignore: service-account key and SSH key, fix creates .dockerignore', async () => {
    const { dir, findings } = await lintCase('python-no-dockerignore');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@3:6-3:7 error']);
    expect(findings[0]!.message).toBe('COPY . would copy config/service-account.json, deploy/id_ed25519 into the image (there is no .dockerignore)');
    expect(findings[0]!.fix?.edits).toEqual([
      { file: join(dir, '.dockerignore'), range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, text: '**/*service-account*.json\n**/id_ed25519\n' },
    ]);
  });

  it('multi-stage-builder: COPY . . only in a builder stage that does not ship', async () => {
    expect((await lintCase('multi-stage-builder')).findings).toEqual([]);
  });
});
