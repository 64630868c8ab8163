/**
 * Fixture helpers. Git refuses to store a nested `.git` directory, so fixtures keep it as `dot-git/`;
 * `materializeFixture` copies a fixture to a fresh temporary directory and renames every `dot-git` to `.git`
 * (at any depth), so rules see a real build context. A fixture's own `.gitignore` would hide its files from
 * this repository's git, so fixtures store it as `dot-gitignore`, renamed the same way. A rule case's
 * `expected.json` (what the fixture runner checks, test/fixtures/README.md) is left out of the copy: it is not
 * part of the build context.
 */
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of `test/fixtures/<...parts>`. */
export function fixturePath(...parts: string[]): string {
  return resolve(fileURLToPath(new URL('../fixtures/', import.meta.url)), ...parts);
}

/** A rule case's expectations (test/rules/fixtures.test.ts); never copied into a materialized build context. */
export const EXPECTATION_FILE = 'expected.json';

const created: string[] = [];

/** Copy `dir` to a new temp directory (renaming `dot-git` → `.git` and `dot-gitignore` → `.gitignore` everywhere, without `expected.json`) and return the copy's path. */
export function materializeFixture(dir: string): string {
  const source = resolve(dir);
  const target = join(mkdtempSync(join(tmpdir(), 'dockerlint-fixture-')), basename(source));
  cpSync(source, target, { recursive: true });
  renameDotGit(target);
  created.push(target);
  return target;
}

function renameDotGit(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === 'dot-gitignore') {
      renameSync(path, join(dir, '.gitignore'));
      continue;
    }
    if (entry.isFile() && entry.name === EXPECTATION_FILE) {
      rmSync(path);
      continue;
    }
    if (!entry.isDirectory()) continue;
    if (entry.name === 'dot-git') {
      const renamed = join(dir, '.git');
      renameSync(path, renamed);
      renameDotGit(renamed);
    } else {
      renameDotGit(path);
    }
  }
}

/** Remove every directory created by `materializeFixture` (call from `afterAll`). */
export function cleanupFixtures(): void {
  for (const dir of created.splice(0)) rmSync(resolve(dir, '..'), { recursive: true, force: true });
}
