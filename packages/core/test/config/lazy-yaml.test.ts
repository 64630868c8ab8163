import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFiles, loadConfig } from '../../src/config/index.js';
import { YamlNotLoadedError } from '../../src/yaml-module.js';

// Its own file: vitest gives each file fresh modules, so `yaml` has not been imported when this starts.
describe('yaml is imported only when a YAML config is read', () => {
  it('loadConfig meets a YAML root config, loads yaml and walks again', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-lazy-yaml-'));
    try {
      mkdirSync(path.join(tmp, '.git'));
      writeFileSync(path.join(tmp, '.dockerlintrc.json'), '{"rules":{"no-secret-arg":"off"}}');
      mkdirSync(path.join(tmp, 'a', 'b'), { recursive: true });
      const mid = path.join(tmp, 'a', '.dockerlintrc.yml');
      writeFileSync(mid, 'root: true\nrules:\n  no-secret-env: warning\n');
      expect(() => findConfigFiles(path.join(tmp, 'a', 'b'))).toThrow(YamlNotLoadedError);
      const config = await loadConfig(path.join(tmp, 'a', 'b', 'Dockerfile'));
      expect(config.files).toEqual([mid]);
      expect(config.rules['no-secret-env']).toEqual({ severity: 'warning', options: {} });
      expect(findConfigFiles(path.join(tmp, 'a', 'b'))).toEqual([mid]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
