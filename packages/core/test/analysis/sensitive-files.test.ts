import { describe, expect, it } from 'vitest';
import {
  allowMatcher,
  classifyByContent,
  classifySensitivePath,
  classifyWithSettings,
  customSensitivePattern,
  isAllowedFile,
  refineByContent,
  sensitiveFileSettings,
} from '../../src/analysis/sensitive-files.js';
import { copyGlobMatches, excludedByPatterns } from '../../src/analysis/globs.js';

const label = (path: string) => classifySensitivePath(path)?.pattern.label;
const matched = (path: string) => classifySensitivePath(path)?.matchedPath;

describe('classifySensitivePath', () => {
  it.each([
    ['.env', 'environment file'],
    ['config/.env.production', 'environment file'],
    ['.npmrc', 'npm config (may hold an auth token)'],
    ['id_rsa', 'SSH private key'],
    ['keys/id_ed25519', 'SSH private key'],
    ['deploy_key', 'deploy key'],
    ['gcp-credentials.json', 'credentials file'],
    ['credentials.json', 'credentials file'],
    ['my-service-account.json', 'cloud service-account key'],
    ['.docker/config.json', 'Docker registry credentials'],
    ['/root/.docker/config.json', 'Docker registry credentials'],
    ['server.key', 'private key'],
    ['sample-RSA-private.pem', 'private key'],
    ['server.pem', 'PEM file (key or certificate)'],
    ['.pgpass', 'PostgreSQL password file'],
  ])('%s → %s', (path, expected) => {
    expect(label(path)).toBe(expected);
  });

  it('reports files inside a sensitive directory as the directory', () => {
    expect(matched('.git/config')).toBe('.git');
    expect(matched('.aws/credentials')).toBe('.aws');
    expect(matched('vendor/lib/.git/objects/ab/cd')).toBe('vendor/lib/.git');
  });

  it.each([
    '.env.example', '.env.sample', 'config/.env.template', 'id_rsa.pub', 'ca.pem', 'certs/fullchain.pem', 'cert-chain.pem',
    'server.crt', 'public.pem', '.ssh/known_hosts', '.ssh/authorized_keys', 'package.json', 'src/env.ts', 'keyboard.js', 'dhparam.pem',
  ])('%s is not sensitive', (path) => {
    expect(classifySensitivePath(path)).toBeUndefined();
  });

  it('normalises ./ prefixes, trailing slashes and backslashes', () => {
    expect(matched('./.git/')).toBe('.git');
    expect(label('config\\.npmrc')).toBe('npm config (may hold an auth token)');
  });
});

describe('content refinement', () => {
  const pem = classifySensitivePath('server.pem');
  it('a certificate-only PEM is not a secret', () => {
    expect(refineByContent(pem, '-----BEGIN CERTIFICATE-----\nRkFLRQ==\n')).toBeUndefined();
  });
  it('a private-key PEM becomes high confidence', () => {
    expect(refineByContent(pem, '-----BEGIN EC PRIVATE KEY-----\nRkFLRQ==\n')?.pattern.confidence).toBe('high');
  });
  it('unknown content keeps the name-based match', () => {
    expect(refineByContent(pem, 'hello')).toEqual(pem);
    expect(refineByContent(pem, undefined)).toEqual(pem);
  });
  it('classifyByContent finds private keys whatever the name', () => {
    expect(classifyByContent('notes/signing.txt', '-----BEGIN OPENSSH PRIVATE KEY-----\n')?.pattern).toMatchObject({ label: 'private key', ignoreEntry: 'notes/signing.txt' });
    expect(classifyByContent('notes/signing.txt', 'plain text')).toBeUndefined();
  });
});

describe('settings: sensitiveFiles and allowFiles', () => {
  it('adds configured globs, directories and paths', () => {
    const settings = sensitiveFileSettings({ sensitiveFiles: ['*.secret.yaml', 'private/', 'config/prod.json'] });
    expect(classifyWithSettings('deploy/app.secret.yaml', settings)?.pattern.ignoreEntry).toBe('**/*.secret.yaml');
    expect(classifyWithSettings('private/notes.txt', settings)?.matchedPath).toBe('private');
    expect(classifyWithSettings('config/prod.json', settings)).toBeDefined();
    expect(classifyWithSettings('config/dev.json', settings)).toBeUndefined();
  });

  it('allowFiles exempts paths and everything below allowed directories', () => {
    const settings = sensitiveFileSettings({ allowFiles: ['test/fixtures/**', 'docs/example.key'] });
    expect(classifyWithSettings('test/fixtures/a/id_rsa', settings)).toBeUndefined();
    expect(classifyWithSettings('docs/example.key', settings)).toBeUndefined();
    expect(classifyWithSettings('src/real.key', settings)).toBeDefined();
    expect(isAllowedFile('./test/fixtures/x/.env', ['test/fixtures'])).toBe(true);
  });

  it('ignores invalid option values', () => {
    const settings = sensitiveFileSettings({ sensitiveFiles: [42, '', null], allowFiles: 'not-an-array-but-a-string' });
    expect(settings.allow).toEqual(['not-an-array-but-a-string']);
    expect(classifyWithSettings('.env', sensitiveFileSettings({ sensitiveFiles: 7 }))).toBeDefined();
  });

  it('without options (each rule asks once per lint) makes no new list or matcher: only its memo is its own', () => {
    const first = sensitiveFileSettings(undefined);
    const second = sensitiveFileSettings({});
    expect(second.allow).toBe(first.allow);
    expect(second.allowed).toBe(first.allowed);
    expect(second.patterns).toBe(first.patterns);
    expect(second.remember).not.toBe(first.remember);
    expect(first.allow).toEqual([]);
    expect(classifyWithSettings('app/.env', first)?.pattern.glob).toBe('.env');
    expect(classifyWithSettings('app/main.go', second)).toBeUndefined();
  });

  it('customSensitivePattern keeps anchored globs anchored', () => {
    expect(customSensitivePattern('/secrets.txt').ignoreEntry).toBe('secrets.txt');
    expect(customSensitivePattern('**/x.json').ignoreEntry).toBe('**/x.json');
  });
});

describe('COPY globs and --exclude', () => {
  it('matches per segment like Go filepath.Match, dotfiles included', () => {
    expect(copyGlobMatches('.env', '*')).toBe(true);
    expect(copyGlobMatches('src/a.js', '*')).toBe(true); // the directory `src` matches, it is copied whole
    expect(copyGlobMatches('credentials.json', '*.json')).toBe(true);
    expect(copyGlobMatches('src/credentials.json', '*.json')).toBe(false);
    expect(copyGlobMatches('src/credentials.json', 'src/*.json')).toBe(true);
    expect(copyGlobMatches('.env.local', './.env*')).toBe(true);
  });

  it('--exclude patterns match the path or an ancestor', () => {
    expect(excludedByPatterns('.git/config', ['.git'])).toBe(true);
    expect(excludedByPatterns('src/.env', ['**/.env'])).toBe(true);
    expect(excludedByPatterns('src/app.js', ['*.md'])).toBe(false);
    // The .dockerignore language (BuildKit's exclude patterns): `**` spans any number of directories.
    expect(excludedByPatterns('a/b/.env', ['**/.env'])).toBe(true);
    expect(excludedByPatterns('a/b/.env', ['*/.env'])).toBe(false);
  });
});

describe('allowFiles compiled once per settings', () => {
  it('matches a path, or an ancestor, by basename or by path, as isAllowedFile does', () => {
    const allow = ['fixtures/*.pem', 'test-key.pem', './docs/'];
    const allowed = allowMatcher(allow);
    for (const path of ['fixtures/a.pem', 'src/fixtures/a.pem', 'x/test-key.pem', 'docs/secret.key', '/docs/a/b', 'fixtures/a/b.pem', 'src/a.pem', 'other']) {
      expect(allowed(path), path).toBe(isAllowedFile(path, allow));
    }
    expect(['fixtures/a.pem', 'src/fixtures/a.pem', 'x/test-key.pem', 'docs/secret.key'].every(allowed)).toBe(true);
    expect(['src/a.pem', 'other', 'fixtures/a/b.pem'].some(allowed)).toBe(false);
  });

  it('a rule settings object keeps the compiled matcher and uses it', () => {
    const settings = sensitiveFileSettings({ allowFiles: ['deploy/id_rsa'] });
    expect(settings.allowed).toBeTypeOf('function');
    expect(classifyWithSettings('deploy/id_rsa', settings)).toBeUndefined();
    expect(classifyWithSettings('other/id_rsa', settings)?.pattern.glob).toBe('id_rsa');
    // The settings' own matcher decides (not a recompiled `allow`): without it the path would be allowed.
    expect(classifyWithSettings('deploy/id_rsa', { ...settings, allowed: () => false })?.pattern.glob).toBe('id_rsa');
  });
});
