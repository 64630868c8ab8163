import { afterAll, describe, expect, it } from 'vitest';
import { at, lintFixture } from '../helpers/lint.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';

const RULE = 'no-secret-file-copy';
const lintCase = async (name: string) => lintFixture(materializeFixture(fixturePath(RULE, name)), 'Dockerfile', { rules: [RULE] });
afterAll(cleanupFixtures);

describe('no-secret-file-copy fixtures', () => {
  it('npmrc-private-registry: .npmrc copied next to the manifests', async () => {
    const findings = await lintCase('npmrc-private-registry');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@3:6-3:12 error']);
    expect(findings[0]!.message).toBe('COPY .npmrc puts an npm config (may hold an auth token) into the image');
    expect(findings[0]!.suggestions?.[0]?.edits[1]?.text).toBe(' --mount=type=secret,id=npmrc,target=/app/.npmrc');
    expect(JSON.stringify(findings)).not.toContain('FAKE-TOKEN');
  });

  it('ssh-deploy-key: the key is reported, known_hosts is not', async () => {
    const findings = await lintCase('ssh-deploy-key');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@3:6-3:16 error']);
    expect(findings[0]!.help).toContain('docker build --ssh default');
  });

  it('tls-certs: a CA certificate .pem is fine, a .pem holding a private key is not', async () => {
    const findings = await lintCase('tls-certs');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-file-copy@3:6-3:22 error']);
    expect(findings[0]!.message).toBe('COPY certs/server.pem puts a private key into the image (the file holds a private key)');
  });

  it('env-template: COPY .env.example .env while a real .env sits in the context', async () => {
    expect(await lintCase('env-template')).toEqual([]);
  });
});
