import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimatch } from 'minimatch';
import { isDockerfileName, isIgnoreFileName } from '@dockerlint/core';
import { DOCKERFILE_GLOBS, DOCKERIGNORE_GLOBS } from '../../packages/eslint-plugin/src/globs.js';
import { isDockerfileName as cliIsDockerfileName } from '../../packages/cli/src/discover.js';
import { isDockerfileDocument } from '../../packages/language-server/src/server.js';
// @ts-expect-error: plain ESM script without types (the benchmarks' file list, built on core's dist)
import { findDockerfiles } from '../../bench/files.mjs';

/** Every name form, with whether it is a Dockerfile. */
const NAMES: ReadonlyArray<readonly [string, boolean]> = [
  ['Dockerfile', true], ['dockerfile', true], ['Dockerfile.dev', true], ['Dockerfile.a.b', true], ['Dockerfile.md', true],
  ['api.Dockerfile', true], ['build.dockerfile', true], ['a.b.Dockerfile', true],
  ['Containerfile', true], ['Containerfile.dev', true],
  // ignore files of a build context, whatever they start with
  ['.dockerignore', false], ['.containerignore', false], ['Dockerfile.dockerignore', false], ['api.Dockerfile.dockerignore', false],
  ['Containerfile.containerignore', false], ['Dockerfile.DOCKERIGNORE', false], ['dockerignore', false],
  // case matters: lower-case `dockerfile.<x>` is usually source code
  ['dockerfile.ts', false], ['dockerfile.go', false], ['DOCKERFILE', false], ['DockerFile', false], ['web.DOCKERFILE', false],
  ['containerfile', false], ['containerfile.dev', false], ['api.Containerfile', false], ['api.containerfile', false],
  // near misses
  ['Dockerfile.', false], ['Containerfile.', false], ['.dockerfile', false], ['.Dockerfile', false], ['DockerfileX', false],
  ['Dockerfile-prod', false], ['prod-Dockerfile', false], ['Dockerfiles', false], ['README.md', false], ['docker-compose.yml', false], ['', false],
];

describe('one Dockerfile-name test for every adapter', () => {
  it.each(NAMES)('core: %s → %s', (name, expected) => {
    expect(isDockerfileName(name)).toBe(expected);
  });

  it('the CLI, the language server (by name) and the benchmarks answer as core does', () => {
    for (const [name, expected] of NAMES) {
      expect(cliIsDockerfileName(name), name).toBe(expected);
      if (name !== '') expect(isDockerfileDocument(`file:///p/${encodeURIComponent(name)}`, 'plaintext'), name).toBe(expected);
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-names-'));
    try {
      mkdirSync(path.join(dir, 'sub'));
      for (const [name] of NAMES) if (name !== '') writeFileSync(path.join(dir, 'sub', name), 'FROM scratch\n');
      const found = (findDockerfiles(dir) as string[]).map((file) => path.basename(file));
      expect(found).toEqual(NAMES.filter(([name, expected]) => expected && name !== '').map(([name]) => name).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the VS Code manifest (it cannot import core) and the ESLint globs name the same files as core', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../packages/vscode/package.json', import.meta.url), 'utf8')) as {
      contributes: { languages: { id: string; filenames?: string[]; filenamePatterns?: string[] }[] };
    };
    const language = manifest.contributes.languages.find((entry) => entry.id === 'dockerfile')!;
    // What VS Code calls a `dockerfile` document, the language server then decides on (ignore files are refused by name).
    const languageOf = (name: string) =>
      (language.filenames ?? []).includes(name) || (language.filenamePatterns ?? []).some((pattern) => minimatch(name, pattern, { dot: true })) ? 'dockerfile' : 'plaintext';
    const eslintLints = (name: string) =>
      DOCKERFILE_GLOBS.some((glob) => minimatch(`sub/${name}`, glob, { dot: true })) && !DOCKERIGNORE_GLOBS.some((glob) => minimatch(`sub/${name}`, glob, { dot: true }));
    for (const [name, expected] of NAMES) {
      if (name === '') continue;
      expect(isDockerfileDocument(`file:///p/${encodeURIComponent(name)}`, languageOf(name)), `VS Code: ${name}`).toBe(expected);
      expect(eslintLints(name), `ESLint: ${name}`).toBe(expected);
    }
  });

  it('ignore files are never Dockerfiles, even when the editor says the language is dockerfile', () => {
    for (const name of ['.dockerignore', 'Dockerfile.dockerignore', 'x.containerignore', 'dockerignore']) {
      expect(isIgnoreFileName(name), name).toBe(true);
      expect(isDockerfileDocument(`file:///p/${name}`, 'dockerfile'), name).toBe(false);
    }
    expect(isIgnoreFileName('Dockerfile')).toBe(false);
  });
});
