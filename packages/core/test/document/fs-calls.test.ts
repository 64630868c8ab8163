/**
 * File-system calls per Dockerfile, counted through a wrapped `node:fs`: reading a Dockerfile is one open, one
 * fstat, one read and one close; after discovery, a CLI-style snapshot session finds each Dockerfile's ignore file
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
  it('reads a Dockerfile with one open, fstat, read and close', () => {
    const file = write('Dockerfile', '\uFEFFFROM alpine\n');
    const { value, log } = recorded(() => readDockerfile(file));
    expect(value).toEqual({ text: 'FROM alpine\n' });
    expect(log).toEqual(['openSync <root>/Dockerfile', 'fstatSync fd', 'readSync fd', 'closeSync fd']);
  });

  it('says a directory is a directory from the fstat of what was opened', () => {
    mkdirSync(join(root, 'Dockerfile.d'));
    const { value, log } = recorded(() => readDockerfile(join(root, 'Dockerfile.d')));
    expect(value).toEqual({ notLinted: { reason: 'directory', message: 'is a directory' } });
    expect(log.map((entry) => entry.split(' ')[0])).toEqual(['openSync', 'fstatSync', 'closeSync']);
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
