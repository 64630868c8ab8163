import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findIgnoreFile,
  invalidateBuildContexts,
  loadBuildContext,
  type DiskBuildContext,
} from '../../src/context/index.js';
import { LintSession } from '../../src/engine/session.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    try {
      chmodSync(join(dir, 'locked'), 0o755);
    } catch {
      /* not every context has one */
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Create a temp context: keys are relative paths (ending in `/` for directories), values file contents. */
function makeContext(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dockerlint-ctx-'));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    if (rel.endsWith('/')) {
      mkdirSync(abs, { recursive: true });
    } else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
  return root;
}

const paths = (ctx: DiskBuildContext, dir?: string) => ctx.listIncluded(dir).map((f) => f.path).sort();

const typical = {
  Dockerfile: 'FROM node:20\nCOPY . /app\n',
  '.env': 'TOKEN=x',
  '.git/config': '[core]',
  '.git/objects/ab/cdef': 'x',
  'node_modules/left-pad/index.js': '',
  'node_modules/left-pad/package.json': '{}',
  'src/index.ts': '',
  'src/lib/util.ts': '',
  'deploy/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n',
  'certs/server.pem': '',
  'package.json': '{}',
};

describe('loadBuildContext on disk', () => {
  it('lists everything when there is no ignore file', () => {
    const root = makeContext(typical);
    const ctx = loadBuildContext({ contextDir: root, dockerfilePath: join(root, 'Dockerfile') });
    expect(ctx.ignoreFile).toBeUndefined();
    expect(ctx.ignoreFileForFixes).toBe(join(root, '.dockerignore'));
    expect(ctx.truncated).toBe(false);
    expect(ctx.isIncluded('.env')).toBe(true);
    expect(ctx.exists('.git/config')).toBe(true);
    expect(paths(ctx)).toContain('.git/objects/ab/cdef');
    expect(ctx.listAll().length).toBe(ctx.listIncluded().length);
  });

  it('applies .dockerignore and prunes excluded directories', () => {
    const root = makeContext({ ...typical, '.dockerignore': 'node_modules\n.git\n**/.env*\n*.pem\n' });
    const ctx = loadBuildContext({ contextDir: root });
    expect(ctx.ignoreFile).toMatchObject({ path: join(root, '.dockerignore'), kind: 'context' });
    expect(paths(ctx)).toEqual([
      '.dockerignore',
      'Dockerfile',
      'certs',
      'certs/server.pem', // `*.pem` is anchored at the root, as in Docker: it does not reach certs/
      'deploy',
      'deploy/id_rsa',
      'package.json',
      'src',
      'src/index.ts',
      'src/lib',
      'src/lib/util.ts',
    ]);
    expect(ctx.isIncluded('.env')).toBe(false);
    expect(ctx.isIncluded('deploy/id_rsa')).toBe(true);
    expect(ctx.listAll().find((f) => f.path === 'node_modules')).toEqual({ path: 'node_modules', isDirectory: true, included: false });
    // Pruned: children are not listed, but exists/isIncluded still answer.
    expect(ctx.listAll().some((f) => f.path.startsWith('node_modules/'))).toBe(false);
    expect(ctx.exists('node_modules/left-pad/index.js')).toBe(true);
    expect(ctx.exists('node_modules/nope.js')).toBe(false);
    expect(ctx.isIncluded('node_modules/left-pad/index.js')).toBe(false);
    expect(ctx.stats.directoriesPruned).toBe(2);
    expect(paths(ctx, 'src')).toEqual(['src/index.ts', 'src/lib', 'src/lib/util.ts']);
    expect(ctx.exists('src/missing.ts')).toBe(false);
    expect(ctx.exists('')).toBe(true);
    expect(ctx.exists('../etc/passwd')).toBe(false);
  });

  it('handles an ignore file that starts with * and re-includes !src', () => {
    const root = makeContext({ ...typical, '.dockerignore': '*\n!src\n!package.json\n' });
    const ctx = loadBuildContext({ contextDir: root });
    expect(paths(ctx)).toEqual(['package.json', 'src', 'src/index.ts', 'src/lib', 'src/lib/util.ts']);
    expect(ctx.isIncluded('.env')).toBe(false);
    expect(ctx.isIncluded('Dockerfile')).toBe(false);
    // nothing below the other excluded directories was read
    expect(ctx.stats.directoriesRead).toBe(3); // root, src, src/lib
  });

  it('descends into an excluded directory when an exception may re-include below it', () => {
    const root = makeContext({ 'secrets/key.pem': 'k', 'secrets/public.pem': 'p', 'secrets/sub/x': '', '.dockerignore': 'secrets/\n!secrets/public.pem\n' });
    const ctx = loadBuildContext({ contextDir: root });
    expect(paths(ctx)).toEqual(['.dockerignore', 'secrets/public.pem']);
    expect(ctx.listAll().map((f) => f.path)).toContain('secrets/key.pem');
    expect(ctx.listAll().map((f) => f.path)).not.toContain('secrets/sub/x'); // secrets/sub pruned
  });

  describe('which ignore file applies', () => {
    const files = { 'docker/app.Dockerfile': 'FROM scratch\n', '.env': '', 'app.log': '' };
    it('prefers <Dockerfile>.dockerignore when both exist', () => {
      const root = makeContext({ ...files, '.dockerignore': '*.log\n', 'docker/app.Dockerfile.dockerignore': '.env\n' });
      const dockerfilePath = join(root, 'docker/app.Dockerfile');
      const ctx = loadBuildContext({ contextDir: root, dockerfilePath });
      expect(ctx.ignoreFile).toEqual({ path: dockerfilePath + '.dockerignore', kind: 'dockerfile-specific', patterns: ['.env'], text: '.env\n' });
      expect(ctx.ignoreFileForFixes).toBe(dockerfilePath + '.dockerignore');
      expect(ctx.isIncluded('.env')).toBe(false);
      expect(ctx.isIncluded('app.log')).toBe(true);
      // Without a Dockerfile path (stdin) the context's file applies.
      const stdin = loadBuildContext({ contextDir: root });
      expect(stdin.ignoreFile?.kind).toBe('context');
      expect(stdin.isIncluded('app.log')).toBe(false);
    });
    it('uses the Dockerfile-specific file alone', () => {
      const root = makeContext({ ...files, 'docker/app.Dockerfile.dockerignore': '.env\n' });
      const ctx = loadBuildContext({ contextDir: root, dockerfilePath: join(root, 'docker/app.Dockerfile') });
      expect(ctx.ignoreFile?.kind).toBe('dockerfile-specific');
      expect(ctx.isIncluded('.env')).toBe(false);
    });
    it('falls back to <context>/.dockerignore', () => {
      const root = makeContext({ ...files, '.dockerignore': '.env\n' });
      const ctx = loadBuildContext({ contextDir: root, dockerfilePath: join(root, 'docker/app.Dockerfile') });
      expect(ctx.ignoreFile).toMatchObject({ kind: 'context', path: join(root, '.dockerignore') });
      expect(ctx.ignoreFileForFixes).toBe(join(root, '.dockerignore'));
    });
    it('has none when neither exists; accepts .containerignore', () => {
      const root = makeContext(files);
      expect(findIgnoreFile(join(root, 'docker/app.Dockerfile'), root)).toBeUndefined();
      writeFileSync(join(root, '.containerignore'), '.env\n');
      expect(findIgnoreFile(join(root, 'docker/app.Dockerfile'), root)).toMatchObject({ kind: 'context', path: join(root, '.containerignore') });
      writeFileSync(join(root, '.dockerignore'), '*.log\n');
      expect(findIgnoreFile(undefined, root)?.path).toBe(join(root, '.dockerignore'));
    });
  });

  it('does not follow symlinked directories (ln -s .. loop)', () => {
    const root = makeContext({ 'a/b/file': '', 'top.txt': '' });
    symlinkSync('..', join(root, 'a/b/loop'));
    symlinkSync(root, join(root, 'self'));
    const ctx = loadBuildContext({ contextDir: root });
    expect(paths(ctx)).toEqual(['a', 'a/b', 'a/b/file', 'a/b/loop', 'self', 'top.txt']);
    expect(ctx.listAll().find((f) => f.path === 'a/b/loop')?.isDirectory).toBe(false);
    expect(ctx.exists('self/top.txt')).toBe(false);
    expect(ctx.readHead?.('self/top.txt')).toBeUndefined();
  });

  it('skips unreadable directories (or reads them when running as root)', () => {
    const root = makeContext({ 'locked/secret.key': 'k', 'open.txt': '' });
    chmodSync(join(root, 'locked'), 0o000);
    let blocked: boolean;
    try {
      readdirSync(join(root, 'locked'));
      blocked = false; // root / CAP_DAC_OVERRIDE: permissions do not stop reads
    } catch {
      blocked = true;
    }
    const ctx = loadBuildContext({ contextDir: root });
    if (blocked) {
      expect(paths(ctx)).toEqual(['locked', 'open.txt']);
      expect(ctx.stats.directoriesUnreadable).toBe(1);
      expect(ctx.warnings.join('\n')).toMatch(/cannot read directory locked/);
    } else {
      expect(paths(ctx)).toEqual(['locked', 'locked/secret.key', 'open.txt']);
      expect(ctx.stats.directoriesUnreadable).toBe(0);
      expect(ctx.warnings).toEqual([]);
    }
    chmodSync(join(root, 'locked'), 0o755);
  });

  it('does not walk a 20k-file node_modules excluded by .dockerignore', () => {
    const many: Record<string, string> = { '.dockerignore': 'node_modules\n', 'src/a.ts': '' };
    const root = makeContext(many);
    const dir = join(root, 'node_modules/big');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 20_000; i++) writeFileSync(join(dir, `f${i}.js`), '');
    const ctx = loadBuildContext({ contextDir: root });
    expect(paths(ctx)).toEqual(['.dockerignore', 'src', 'src/a.ts']);
    expect(ctx.stats.entriesVisited).toBe(4); // .dockerignore, node_modules, src, src/a.ts
    expect(ctx.stats.directoriesPruned).toBe(1);
    // Without the ignore file the walk does see them — and stops at maxEntries.
    rmSync(join(root, '.dockerignore'));
    const capped = loadBuildContext({ contextDir: root, maxEntries: 1000 });
    expect(capped.truncated).toBe(true);
    expect(capped.listAll().length).toBe(1000);
    expect(capped.stats.entriesVisited).toBe(1000);
    expect(capped.warnings.join('\n')).toMatch(/stopped after 1000 entries/);
    // beyond the cap: answered from the matcher and the file system
    expect(capped.isIncluded('src/a.ts')).toBe(true);
    expect(capped.exists('src/a.ts')).toBe(true);
  });

  it('with a session, reuses a context per ignore file and sees edits to the ignore file', () => {
    const session = new LintSession();
    const load = () => loadBuildContext({ contextDir: root, session });
    const root = makeContext({ '.env': '', 'a.txt': '', '.dockerignore': 'a.txt\n' });
    const first = load();
    expect(load()).toBe(first);
    expect(first.isIncluded('.env')).toBe(true);
    writeFileSync(join(root, '.dockerignore'), 'a.txt\n.env\n');
    const second = load();
    expect(second).not.toBe(first);
    expect(second.isIncluded('.env')).toBe(false);
    // a new file at the root changes the root's mtime
    writeFileSync(join(root, 'new.txt'), '');
    const third = load();
    expect(third.exists('new.txt')).toBe(true);
    // deeper changes need an explicit invalidation (the language server's file watcher)
    mkdirSync(join(root, 'deep'));
    const fourth = load();
    expect(fourth.exists('deep')).toBe(true);
    writeFileSync(join(root, 'deep/x'), '');
    expect(load()).toBe(fourth);
    invalidateBuildContexts(session);
    expect(load().exists('deep/x')).toBe(true);
  });

  it('without a session, every load is fresh; the directory is walked only when a listing is asked for', () => {
    const root = makeContext({ '.env': '', 'a.txt': '' });
    const first = loadBuildContext({ contextDir: root });
    expect(loadBuildContext({ contextDir: root }) === first).toBe(false); // (printing `first` would walk it)
    expect(first.root).toBe(root);
    writeFileSync(join(root, 'late.txt'), ''); // after the load, before the first listing: the walk sees it
    expect(first.exists('late.txt')).toBe(true);
    expect(first.stats.directoriesRead).toBe(1);
    writeFileSync(join(root, 'later.txt'), ''); // after the walk: a lint sees the context as it was walked
    expect(first.exists('later.txt')).toBe(false);
  });

  it('answers gitignoreMatches from the root .gitignore', () => {
    const root = makeContext({
      '.gitignore': '# deps\nnode_modules/\n.env*\n!.env.example\n/build\nlogs/*.log\n',
      '.env': '',
      '.env.example': '',
      'app/.env.local': '',
      'node_modules/x/y.js': '',
      'build/out.js': '',
      'src/build/keep.ts': '',
      'logs/a.log': '',
      'src/a.ts': '',
    });
    const ctx = loadBuildContext({ contextDir: root });
    expect(ctx.gitignoreMatches('.env')).toBe(true);
    expect(ctx.gitignoreMatches('.env.example')).toBe(false);
    expect(ctx.gitignoreMatches('app/.env.local')).toBe(true);
    expect(ctx.gitignoreMatches('node_modules/x/y.js')).toBe(true);
    expect(ctx.gitignoreMatches('build/out.js')).toBe(true);
    expect(ctx.gitignoreMatches('src/build/keep.ts')).toBe(false);
    expect(ctx.gitignoreMatches('logs/a.log')).toBe(true);
    expect(ctx.gitignoreMatches('src/a.ts')).toBe(false);
  });

  it('reads the head of a file for content checks', () => {
    const root = makeContext(typical);
    const ctx = loadBuildContext({ contextDir: root });
    expect(ctx.readHead?.('deploy/id_rsa', 10)).toBe('-----BEGIN');
    expect(ctx.readHead?.('src')).toBeUndefined();
    expect(ctx.readHead?.('../x')).toBeUndefined();
  });

  it('does not throw for a missing context directory', () => {
    const ctx = loadBuildContext({ contextDir: join(tmpdir(), 'dockerlint-does-not-exist-' + process.pid) });
    expect(ctx.listAll()).toEqual([]);
    expect(ctx.warnings.join('\n')).toMatch(/cannot be read/);
  });
});
