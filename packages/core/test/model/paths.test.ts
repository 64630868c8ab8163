import { describe, expect, it } from 'vitest';
import { joinPosix, normalisedJoin, plainJoin } from '../../src/model/paths.js';
import { seededRandom } from '../../../../test/helpers/random.js';

const SEGMENTS = ['app', 'usr', 'local', 'bin', '.', '..', '...', '.npmrc', '', 'a b', '~', '$HOME', 'x.tar.gz', '\\'];

function generatedPath(next: () => number): string {
  const count = Math.floor(next() * 5);
  const segments: string[] = [];
  for (let i = 0; i < count; i++) segments.push(SEGMENTS[Math.floor(next() * SEGMENTS.length)]!);
  const lead = next() < 0.5 ? '/' : '';
  const trail = next() < 0.2 ? '/' : '';
  return lead + segments.join('/') + trail;
}

describe('joining image paths: a concatenation when both parts are already normal', () => {
  it('gives what posix.join and normalize give, on generated bases and paths', () => {
    const next = seededRandom(17);
    let plain = 0;
    let left = 0;
    const different: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const base = generatedPath(next);
      const path = generatedPath(next);
      const ours = plainJoin(base, path);
      if (ours === undefined) left++;
      else {
        plain++;
        if (ours !== normalisedJoin(base, path)) different.push(JSON.stringify([base, path]));
      }
      expect(joinPosix(base, path)).toBe(normalisedJoin(base, path));
    }
    expect(different).toEqual([]);
    expect(plain).toBeGreaterThan(3000);
    expect(left).toBeGreaterThan(3000);
  });

  it('takes the normal shapes and leaves the others to normalising', () => {
    expect(plainJoin('/app', 'src')).toBe('/app/src');
    expect(plainJoin('/', 'etc/ssh')).toBe('/etc/ssh');
    expect(plainJoin('/app', '/root/.ssh')).toBe('/root/.ssh');
    expect(plainJoin('/app', '.')).toBeUndefined();
    expect(plainJoin('/app', 'dist/')).toBeUndefined();
    expect(plainJoin('/app/../x', 'a')).toBeUndefined();
    expect(plainJoin('', 'a')).toBeUndefined();
    expect(joinPosix('/app', './dist/')).toBe('/app/dist');
    expect(joinPosix('', 'a')).toBe('/a');
  });
});
