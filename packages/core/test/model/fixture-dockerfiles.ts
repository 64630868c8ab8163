/** The Dockerfiles of the repository's test fixtures: real texts for the equivalence tests of the model's scanners. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures');

export function fixtureDockerfiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/dockerfile|containerfile/i.test(name)) files.push(full);
    }
  };
  walk(fixtures);
  return files;
}
