/**
 * File-system calls per Dockerfile, counted through a wrapped `node:fs`: reading a small Dockerfile is one open,
 * two reads (the second says end of file) and one close, with no fstat (a larger one is fstat'ed for its size); after discovery, a CLI-style snapshot session finds each Dockerfile's ignore file
 * and config files without a single stat, existsSync or readdir (only the files that exist are read).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileIn } from '../../../../test/helpers/temp-tree.js';

const calls = vi.hoisted(() => ({ log: [] as string[], on: false }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const counted = <K extends 'statSync' | 'lstatSync' | 'fstatSync' | 'existsSync' | 'openSync' | 'readSync' | 'closeSync' | 'readdirSync' | 'readFileSync'>(name: K) =>
    ((...args: unknown[]) => {
      if (calls.on) calls.log.push(`${name} ${typeof args[0] === 'number' ? 'fd' : String(args[0])}`);
      return (real[name] as (...a: unknown[]) => unknown)(...args);
    }) as (typeof real)[K];
  const wrapped = {
    ...real,
    statSync: counted('statSync'),
    lstatSync: counted('lstatSync'),
    fstatSync: counted('fstatSync'),
    existsSync: counted('existsSync'),
    openSync: counted('openSync'),
    readSync: counted('readSync'),
    closeSync: counted('closeSync'),
    readdirSync: counted('readdirSync'),
    readFileSync: counted('readFileSync'),
  };
  return { ...wrapped, default: wrapped };
});

const { readDockerfile } = await import('../../src/document/read.js');
const { discoverDockerfiles } = await import('../../src/document/discover.js');
const { loadBuildContext } = await import('../../src/context/index.js');
const { loadConfig } = await import('../../src/config/index.js');
const { LintSession } = await import('../../src/engine/session.js');

let root: string;
const write = (rel: string, text = ''): string => writeFileIn(root, rel, text);
function recorded<T>(run: () => T): { value: T; log: string[] } {
  calls.log = [];
  calls.on = true;
  try {
    return { value: run(), log: calls.log.map((entry) => entry.replace(root, '<root>')) };
  } finally {
    calls.on = false;
  }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dockerlint-fs-calls-'));
  mkdirSync(join(root, '.git'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('file-system calls per Dockerfile', () => {
  it('reads a small Dockerfile with one open, two reads and a close: no fstat (its Stats object outweighs the text)', () => {
    const file = write('Dockerfile', '\uFEFFFROM alpine\n');
    const { value, log } = recorded(() => readDockerfile(file));
    expect(value).toEqual({ text: 'FROM alpine\n' });
    expect(log).toEqual(['openSync <root>/Dockerfile', 'readSync fd', 'readSync fd', 'closeSync fd']);
  });

  it('fstats a Dockerfile larger than the first read for its size, then reads it whole', () => {
    const text = `FROM alpine\n${'RUN echo a long line of the build script, repeated\n'.repeat(200)}`;
    const file = write('Dockerfile', text);
    const { value, log } = recorded(() => readDockerfile(file));
    expect(value).toEqual({ text });
    expect(log.map((entry) => entry.split(' ')[0])).toEqual(['openSync', 'readSync', 'fstatSync', 'readSync', 'closeSync']);
    // A file of exactly the first read's length is read to its end too.
    const exact = 'x'.repeat(Buffer.poolSize / 2 - 1);
    expect(readDockerfile(write('Dockerfile.exact', exact))).toEqual({ text: exact });
  });

  it('says a directory is a directory: reading what was opened fails with EISDIR', () => {
    mkdirSync(join(root, 'Dockerfile.d'));
    const { value, log } = recorded(() => readDockerfile(join(root, 'Dockerfile.d')));
    expect(value).toEqual({ notLinted: { reason: 'directory', message: 'is a directory' } });
    expect(log.map((entry) => entry.split(' ')[0])).toEqual(['openSync', 'readSync', 'closeSync']);
  });

  it('after discovery, probes no ignore-file or config-file name: only the files that exist are read', async () => {
    write('.dockerlintrc.json', '{}');
    const api = write('api/Dockerfile', 'FROM alpine\n');
    write('api/.dockerignore', '.env\n');
    const web = write('web/Dockerfile', 'FROM alpine\n');
    const session = new LintSession({ fileSystemSnapshot: true });
    discoverDockerfiles(['.'], { cwd: root, session });
    // The first config lookup reads the config file; the second reuses it.
    expect(recorded(() => loadConfig(api, { session })).log).toEqual(['readFileSync <root>/.dockerlintrc.json']);
    calls.log = [];
    calls.on = true;
    await loadConfig(web, { session });
    calls.on = false;
    expect(calls.log).toEqual([]);
    const { log } = recorded(() => [api, web].map((file) => loadBuildContext({ contextDir: dirname(file), dockerfilePath: file, session }).ignoreFile?.patterns));
    expect(log).toEqual(['readFileSync <root>/api/.dockerignore']);
  });
});
