import { readFileSync, writeFileSync } from 'node:fs';
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

  it('npmrc-copied-explicitly (issue 20): .npmrc named on line 3 stays without a fix; .env and .git are fixed', async () => {
    const { dir, findings } = await lintCase('npmrc-copied-explicitly');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@5:6-5:7 error']);
    expect(findings[0]!.message).toBe('COPY . would copy .env, .git/, .npmrc into the image (there is no .dockerignore)');
    expect(findings[0]!.fix?.edits).toEqual([
      { file: join(dir, '.dockerignore'), range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, text: '**/.env\n.git\n' },
    ]);
    expect(findings[0]!.help).toContain('.npmrc is not added to .dockerignore: COPY .npmrc at line 3 names it');
  });

  it('shared-context-deploy-key: Dockerfile.deploy (same context) copies deploy/id_ed25519, so the fix leaves it out', async () => {
    const { dir, findings } = await lintCase('shared-context-deploy-key');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@3:6-3:7 error']);
    expect(findings[0]!.message).toBe('COPY . would copy .env, deploy/id_ed25519 into the image (there is no .dockerignore)');
    expect(findings[0]!.fix?.edits[0]).toMatchObject({ file: join(dir, '.dockerignore'), text: '**/.env\n' });
    expect(findings[0]!.help).toContain('deploy/id_ed25519 is not added to .dockerignore: COPY deploy/id_ed25519 at Dockerfile.deploy line 3 names it');
    expect(findings[0]!.help).toContain('RUN --mount=type=secret,id=id_ed25519,target=/root/.ssh/id_ed25519 <command>');
  });

  it('shared-context-deploy-key: a peer with its own Dockerfile.deploy.dockerignore is not governed by .dockerignore', async () => {
    const dir = materializeFixture(fixturePath(RULE, 'shared-context-deploy-key'));
    writeFileSync(join(dir, 'Dockerfile.deploy.dockerignore'), '*\n!deploy/id_ed25519\n');
    const findings = await lintFixture(dir, 'Dockerfile', { rules: [RULE] });
    expect(findings[0]!.fix?.edits[0]?.text).toBe('**/.env\n**/id_ed25519\n');
  });

  it('shared-context-deploy-key: a fix to Dockerfile.dockerignore (one Dockerfile only) ignores the peers', async () => {
    const dir = materializeFixture(fixturePath(RULE, 'shared-context-deploy-key'));
    writeFileSync(join(dir, 'Dockerfile.dockerignore'), 'node_modules\n');
    const findings = await lintFixture(dir, 'Dockerfile', { rules: [RULE] });
    expect(findings[0]!.fix?.edits[0]).toMatchObject({ file: join(dir, 'Dockerfile.dockerignore'), text: '**/.env\n**/id_ed25519\n' });
  });

  it('reincluded-env-local: !.env.local is the user\'s choice — reported, not overridden; .git is fixed', async () => {
    const { dir, findings } = await lintCase('reincluded-env-local');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-context-secrets@3:6-3:7 error']);
    expect(findings[0]!.message).toBe('COPY . would copy .env.local, .git/ into the image (not excluded by .dockerignore)');
    expect(findings[0]!.fix?.edits).toEqual([
      { file: join(dir, '.dockerignore'), range: { start: { line: 6, column: 1 }, end: { line: 6, column: 1 } }, text: '.git\n' },
    ]);
    expect(findings[0]!.help).toContain('.env.local is re-included by !.env.local in .dockerignore; dockerlint does not override that line');
  });
});
