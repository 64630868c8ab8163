import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discover, isDockerfileName } from '../../packages/cli/src/discover.js';

let tmp: string;
function touch(rel: string, text = 'FROM alpine\n'): string {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}
const rel = (files: string[]) => files.map((f) => path.relative(tmp, f).split(path.sep).join('/'));

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-discover-'));
  mkdirSync(path.join(tmp, '.git'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('isDockerfileName', () => {
  it.each([
    ['Dockerfile', true], ['dockerfile', true], ['Dockerfile.dev', true], ['api.Dockerfile', true], ['build.dockerfile', true],
    ['Containerfile', true], ['Containerfile.dev', true],
    ['Dockerfile.dockerignore', false], ['api.Dockerfile.dockerignore', false], ['Containerfile.containerignore', false],
    ['.dockerignore', false], ['Dockerfile.', false], ['.dockerfile', false], ['README.md', false], ['DockerfileX', false], ['docker-compose.yml', false],
  ])('%s → %s', (name, expected) => {
    expect(isDockerfileName(name)).toBe(expected);
  });
});

describe('discover', () => {
  it('finds every variant in sorted order and skips node_modules, .git and ignore files', () => {
    touch('Dockerfile');
    touch('svc/dockerfile');
    touch('svc/Containerfile.dev');
    touch('docker/api.Dockerfile');
    touch('docker/api.Dockerfile.dockerignore', '.env\n');
    touch('Dockerfile.dockerignore', '.env\n');
    touch('node_modules/pkg/Dockerfile');
    touch('.git/Dockerfile');
    touch('README.md', '# hi');
    const { files, errors } = discover(['.'], { cwd: tmp });
    expect(errors).toEqual([]);
    expect(rel(files)).toEqual(['Dockerfile', 'docker/api.Dockerfile', 'svc/Containerfile.dev', 'svc/dockerfile']);
  });

  it('honours .gitignore files (nested, negation, directory patterns) unless disabled', () => {
    touch('.gitignore', 'build/\n*.tmp.Dockerfile\n/out\n');
    touch('build/Dockerfile');
    touch('a/x.tmp.Dockerfile');
    touch('out/Dockerfile');
    touch('keep/out/Dockerfile');
    touch('sub/.gitignore', 'Dockerfile.*\n!Dockerfile.keep\n');
    touch('sub/Dockerfile.dev');
    touch('sub/Dockerfile.keep');
    expect(rel(discover(['.'], { cwd: tmp }).files)).toEqual(['keep/out/Dockerfile', 'sub/Dockerfile.keep']);
    expect(rel(discover(['.'], { cwd: tmp, gitignore: false }).files)).toEqual([
      'a/x.tmp.Dockerfile', 'build/Dockerfile', 'keep/out/Dockerfile', 'out/Dockerfile', 'sub/Dockerfile.dev', 'sub/Dockerfile.keep',
    ]);
  });

  it('applies parent .gitignore files when a subdirectory is given', () => {
    touch('.gitignore', 'generated\n');
    touch('app/generated/Dockerfile');
    touch('app/Dockerfile');
    expect(rel(discover(['app'], { cwd: tmp }).files)).toEqual(['app/Dockerfile']);
  });

  it('lints explicit files whatever their name, reports missing paths and deduplicates', () => {
    touch('docker/prod.txt');
    touch('Dockerfile');
    const { files, errors, explicit } = discover(['docker/prod.txt', 'missing', '.', 'Dockerfile'], { cwd: tmp });
    expect(rel(files)).toEqual(['Dockerfile', 'docker/prod.txt']);
    expect(errors).toEqual(['missing: no such file or directory']);
    expect(explicit.has(path.join(tmp, 'docker/prod.txt'))).toBe(true);
  });

  it('does not follow symlinked directories', () => {
    touch('real/Dockerfile');
    symlinkSync(path.join(tmp, 'real'), path.join(tmp, 'link'), 'dir');
    expect(rel(discover(['.'], { cwd: tmp }).files)).toEqual(['real/Dockerfile']);
  });
});
