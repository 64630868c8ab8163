import { describe, expect, it } from 'vitest';
import { WORKER_MIN_CORES, WORKER_THRESHOLD, workerPoolSize } from '../../packages/cli/src/run.js';

describe('worker pool size', () => {
  const none = () => {
    throw new Error('no warning expected');
  };

  it('lints in-process on fewer than 4 cores, however many files (the pool lost 20–25 % on 2 vCPUs)', () => {
    expect(WORKER_MIN_CORES).toBe(4);
    expect(workerPoolSize(6000, {}, 2, none)).toBe(0);
    expect(workerPoolSize(6000, {}, 3, none)).toBe(0);
    expect(workerPoolSize(6000, {}, 1, none)).toBe(0);
  });

  it('uses the pool from 4 cores on, above the file threshold, never more workers than batches of 25', () => {
    expect(workerPoolSize(WORKER_THRESHOLD, {}, 8, none)).toBe(0);
    expect(workerPoolSize(WORKER_THRESHOLD + 1, {}, 8, none)).toBe(8);
    expect(workerPoolSize(6000, {}, 4, none)).toBe(4);
    expect(workerPoolSize(6000, {}, 16, none)).toBe(16);
    expect(workerPoolSize(230, {}, 16, none)).toBe(10);
  });

  it('DOCKERLINT_WORKERS overrides the default both ways', () => {
    expect(workerPoolSize(230, { DOCKERLINT_WORKERS: '2' }, 2, none)).toBe(2);
    expect(workerPoolSize(30, { DOCKERLINT_WORKERS: '8' }, 2, none)).toBe(2);
    expect(workerPoolSize(6000, { DOCKERLINT_WORKERS: '0' }, 16, none)).toBe(0);
    expect(workerPoolSize(6000, { DOCKERLINT_WORKERS: '1' }, 16, none)).toBe(0);
    expect(workerPoolSize(6000, { DOCKERLINT_WORKERS: '' }, 16, none)).toBe(16);
  });

  it('a bad override is one warning and the default decision', () => {
    for (const value of ['many', '-1', '1.5', '2x']) {
      const warnings: string[] = [];
      expect(workerPoolSize(6000, { DOCKERLINT_WORKERS: value }, 2, (m) => warnings.push(m)), value).toBe(0);
      expect(workerPoolSize(6000, { DOCKERLINT_WORKERS: value }, 8, () => undefined), value).toBe(8);
      expect(warnings, value).toEqual([`DOCKERLINT_WORKERS=${JSON.stringify(value)} is not a whole number ≥ 0; choosing the pool size by core count`]);
    }
  });
});
