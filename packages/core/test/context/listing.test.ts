/**
 * Folder listings kept in a LintSession: discovery's listings answer the ignore-file, config-file and `.git` probes
 * of every Dockerfile it found, and a file created or deleted later is seen — after `invalidateBuildContexts` /
 * `clearConfigCache` in a snapshot session (a CLI run, the language server's watched-file events), and with no call
 * at all in a default session (ESLint's long-lived processes), whose listings are keyed by the folder's mtime.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearConfigCache, findConfigFiles, loadConfig } from '../../src/config/index.js';
import { DIRECTORY_LISTING, findIgnoreFile, ignoreFileForFixes, invalidateBuildContexts, isFileIn, loadBuildContext } from '../../src/context/index.js';
import { discoverDockerfiles } from '../../src/document/discover.js';
import { LintSession } from '../../src/engine/session.js';
import { writeFileIn } from '../../../../test/helpers/temp-tree.js';

let root: string;
const write = (rel: string, text = ''): string => writeFileIn(root, rel, text);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dockerlint-listing-'));
  mkdirSync(join(root, '.git')); // repository root: config lookups stop here
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const listingStats = (session: LintSession) => session.stats().byKind[DIRECTORY_LISTING] ?? { hits: 0, misses: 0, entries: 0, evictions: 0 };
const snapshot = () => new LintSession({ fileSystemSnapshot: true });

describe('folder listings in a snapshot session', () => {
  it('after discovery, every ignore-file, config-file and .git probe is a lookup: no folder is listed twice', async () => {
    write('.dockerlintrc.json', '{"target":"prod"}');
    const api = write('services/api/Dockerfile', 'FROM alpine\n');
    write('services/api/Dockerfile.dockerignore', 'secret.txt\n');
    const web = write('services/web/Dockerfile', 'FROM alpine\n');
    write('services/web/.dockerignore', '*.pem\n');
    const worker = write('services/worker/Containerfile', 'FROM alpine\n');
    write('services/worker/.containerignore', '.env\n');
    const session = snapshot();
    const found = discoverDockerfiles(['.'], { cwd: root, session });
    expect(found.files).toEqual([api, web, worker]);
    // root, services, services/{api,web,worker} (.git is never walked)
    const listed = listingStats(session).misses;
    expect(listed).toBe(5);

    const contexts = found.files.map((file) => loadBuildContext({ contextDir: dirname(file), dockerfilePath: file, session }));
    expect(contexts.map((ctx) => [ctx.ignoreFile?.kind, ctx.ignoreFile?.patterns])).toEqual([
      ['dockerfile-specific', ['secret.txt']],
      ['context', ['*.pem']],
      ['context', ['.env']],
    ]);
    expect(contexts.map((ctx) => ctx.ignoreFileForFixes)).toEqual([`${api}.dockerignore`, join(dirname(web), '.dockerignore'), join(dirname(worker), '.dockerignore')]);
    for (const file of found.files) expect((await loadConfig(file, { session })).target).toBe('prod');
    expect(findConfigFiles(join(root, 'services/api'), session)).toEqual([join(root, '.dockerlintrc.json')]);
    // The same answers as the sessionless probes, and not one folder read again.
    for (const file of found.files) expect(findIgnoreFile(file, dirname(file), session)).toEqual(findIgnoreFile(file, dirname(file)));
    expect(listingStats(session).misses).toBe(listed);
    expect(listingStats(session).hits).toBeGreaterThanOrEqual(2 * found.files.length);
  });

  it('a build-context walk reuses the listings discovery read, and reads the folders discovery skipped', () => {
    const file = write('app/Dockerfile', 'FROM alpine\nCOPY . /app\n');
    write('app/src/index.js');
    write('app/node_modules/left-pad/index.js');
    const session = snapshot();
    discoverDockerfiles(['.'], { cwd: root, session });
    const listed = listingStats(session).misses;
    const ctx = loadBuildContext({ contextDir: dirname(file), dockerfilePath: file, session });
    expect(ctx.listAll().map((entry) => entry.path).sort()).toEqual(['Dockerfile', 'node_modules', 'node_modules/left-pad', 'node_modules/left-pad/index.js', 'src', 'src/index.js']);
    expect(ctx.stats.directoriesRead).toBe(4);
    // node_modules (never walked by discovery) is read by the walk without being kept: it must not push out the tree's listings.
    expect(listingStats(session).misses).toBe(listed);
    expect(session.stats().entries[DIRECTORY_LISTING]).toBe(listed);
  });

  it('a .dockerignore created or deleted is seen after invalidateBuildContexts (the language server calls it on watched-file events)', () => {
    const file = write('Dockerfile', 'FROM alpine\n');
    write('.env', 'TOKEN=x\n');
    const session = snapshot();
    const load = () => loadBuildContext({ contextDir: root, dockerfilePath: file, session });
    expect(load().ignoreFile).toBeUndefined();
    expect(load().isIncluded('.env')).toBe(true);
    write('.dockerignore', '.env\n');
    expect(load().ignoreFile).toBeUndefined(); // a snapshot: unchanged until invalidated
    invalidateBuildContexts(session);
    expect(load().ignoreFile?.path).toBe(join(root, '.dockerignore'));
    expect(load().isIncluded('.env')).toBe(false);
    write('Dockerfile.dockerignore', '\n');
    unlinkSync(join(root, '.dockerignore'));
    invalidateBuildContexts(session);
    expect(load().ignoreFile?.path).toBe(`${file}.dockerignore`);
    expect(ignoreFileForFixes(file, root, session)).toBe(`${file}.dockerignore`);
    unlinkSync(`${file}.dockerignore`);
    invalidateBuildContexts(session);
    expect(load().ignoreFile).toBeUndefined();
    expect(load().isIncluded('.env')).toBe(true);
  });

  it('a config file created or deleted is seen after clearConfigCache (the language server calls it when one changes)', async () => {
    const file = write('app/Dockerfile', 'FROM alpine\n');
    const session = snapshot();
    expect((await loadConfig(file, { session })).files).toEqual([]);
    const config = write('app/.dockerlintrc.yaml', 'target: build\n');
    clearConfigCache(session);
    expect((await loadConfig(file, { session })).files).toEqual([config]);
    unlinkSync(config);
    clearConfigCache(session);
    expect((await loadConfig(file, { session })).files).toEqual([]);
  });

  it('a link to a file counts as the file; a folder of that name does not', () => {
    write('real-ignore', '.env\n');
    symlinkSync(join(root, 'real-ignore'), join(root, '.dockerignore'));
    mkdirSync(join(root, '.containerignore'));
    const session = snapshot();
    expect(isFileIn(root, '.dockerignore', session)).toBe(true);
    expect(isFileIn(root, '.containerignore', session)).toBe(false);
    expect(findIgnoreFile(undefined, root, session)?.patterns).toEqual(['.env']);
  });
});

describe('folder listings in a default session (editors, ESLint)', () => {
  it('sees a created or deleted .dockerignore and config file with no invalidation: a listing is keyed by the folder mtime', async () => {
    const file = write('Dockerfile', 'FROM alpine\n');
    const session = new LintSession();
    const load = () => loadBuildContext({ contextDir: root, dockerfilePath: file, session });
    expect(load().ignoreFile).toBeUndefined();
    write('.dockerignore', '.env\n');
    expect(load().ignoreFile?.patterns).toEqual(['.env']);
    unlinkSync(join(root, '.dockerignore'));
    expect(load().ignoreFile).toBeUndefined();
    expect(findConfigFiles(root, session)).toEqual([]);
    const config = write('.dockerlintrc.json', '{}');
    // Resolved config chains are kept per folder until the caller clears them (as before listings existed).
    clearConfigCache(session);
    expect(findConfigFiles(root, session)).toEqual([config]);
  });
});
