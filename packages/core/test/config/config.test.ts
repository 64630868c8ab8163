import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearConfigCache,
  contextFor,
  findConfigFiles,
  isIgnoredByConfig,
  jsConfigDisallowedByEnv,
  loadConfig,
  readConfigFile,
  validateConfig,
  validateRuleIds,
} from '../../src/config/index.js';
import { ConfigError } from '../../src/config/types.js';
import { createLintSession } from '../../src/engine/session.js';
import { loadYaml } from '../../src/yaml-module.js';
import { writeFileIn } from '../../../../test/helpers/temp-tree.js';

let tmp: string;
const write = (rel: string, text: string): string => writeFileIn(tmp, rel, text);

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-config-'));
  mkdirSync(path.join(tmp, '.git')); // repository root: lookups stop here
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('validateConfig', () => {
  it('accepts a full config and normalises severities', () => {
    const config = validateConfig(
      {
        root: true,
        rules: { 'no-secret-arg': 'warn', 'dockerlint/no-secret-env': ['error', { stages: 'all' }], 'no-hardcoded-secret': ['off'] },
        ignores: ['legacy/**'],
        allowlist: { names: ['MY_TOKEN'], values: ['^dummy-'], fingerprints: ['abc'] },
        context: { 'docker/*.Dockerfile': '..' },
        target: 'prod',
      },
      'x.json',
    );
    expect(config.rules).toEqual({ 'no-secret-arg': 'warning', 'no-secret-env': ['error', { stages: 'all' }], 'no-hardcoded-secret': ['off'] });
    expect(config.target).toBe('prod');
  });

  it.each([
    [{ rulez: {} }, 'rulez', /unknown key/],
    [{ rules: { 'no-secret-arg': 'fatal' } }, 'rules.no-secret-arg', /unknown severity "fatal"/],
    [{ rules: { 'no-secret-arg': 2 } }, 'rules.no-secret-arg', /expected a severity/],
    [{ rules: { 'no-secret-arg': ['error', 'x'] } }, 'rules.no-secret-arg[1]', /options object/],
    [{ rules: { 'no-secret-arg': ['error', { stages: 'some' }] } }, 'rules.no-secret-arg[1].stages', /"shipping" or "all"/],
    [{ rules: [] }, 'rules', /expected an object/],
    [{ ignores: 'legacy' }, 'ignores', /array of strings/],
    [{ ignores: ['ok', 3] }, 'ignores[1]', /expected a string/],
    [{ allowlist: { values: ['ok', '(unclosed'] } }, 'allowlist.values[1]', /invalid regular expression/],
    [{ allowlist: { nams: [] } }, 'allowlist.nams', /unknown key/],
    [{ root: 'yes' }, 'root', /boolean/],
    [{ context: { Dockerfile: 3 } }, 'context.Dockerfile', /directory path/],
    [{ target: '' }, 'target', /stage name/],
    [[1, 2], '(root)', /expected an object/],
  ])('rejects %j at %s', (raw, key, detail) => {
    const error = configError(() => validateConfig(raw, '/repo/.dockerlintrc.json'));
    expect(error.file).toBe('/repo/.dockerlintrc.json');
    expect(error.key).toBe(key);
    expect(error.message).toMatch(detail);
    expect(error.message.startsWith(`/repo/.dockerlintrc.json: ${key}: `)).toBe(true);
  });

  it('validateRuleIds names the unknown id and suggests a close one', () => {
    const error = configError(() => validateRuleIds({ rules: { 'no-secret-ars': 'off' } }, ['no-secret-arg', 'no-secret-env'], 'c.yaml'));
    expect(error.key).toBe('rules.no-secret-ars');
    expect(error.message).toContain('did you mean "no-secret-arg"');
    expect(() => validateRuleIds({ rules: { 'no-secret-arg': 'off' } }, ['no-secret-arg'], 'c.yaml')).not.toThrow();
  });
});

describe('findConfigFiles / loadConfig', () => {
  it('walks up to the repository root, outermost first, and merges nearest-wins', async () => {
    await loadYaml(); // findConfigFiles reads a YAML config's root synchronously; loadConfig loads yaml itself
    const rootCfg = write('.dockerlintrc.json', JSON.stringify({ rules: { 'no-secret-arg': ['warning', { stages: 'all' }], 'no-secret-env': 'off' }, target: 'a', allowlist: { names: ['A'] } }));
    const childCfg = write('svc/.dockerlintrc.yaml', 'rules:\n  no-secret-arg: error\nallowlist:\n  names: [B]\n  values: ["^test-"]\ntarget: b\n');
    const dockerfile = write('svc/api/Dockerfile', 'FROM alpine\n');
    expect(findConfigFiles(path.dirname(dockerfile))).toEqual([rootCfg, childCfg]);
    const config = await loadConfig(dockerfile);
    expect(config.files).toEqual([rootCfg, childCfg]);
    // severity-only override keeps the parent's options
    expect(config.rules['no-secret-arg']).toEqual({ severity: 'error', options: { stages: 'all' } });
    expect(config.rules['no-secret-env']).toEqual({ severity: 'off', options: {} });
    expect(config.target).toBe('b');
    expect(config.allowlist.names).toEqual(['A', 'B']);
    expect(config.allowlist.values[0]!.test('test-123')).toBe(true);
  });

  it('does not look above a directory containing .git', async () => {
    const outer = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-outer-'));
    try {
      writeFileSync(path.join(outer, '.dockerlintrc.json'), '{"rules":{"no-secret-arg":"off"}}');
      mkdirSync(path.join(outer, 'repo', '.git'), { recursive: true });
      mkdirSync(path.join(outer, 'repo', 'a'));
      expect(findConfigFiles(path.join(outer, 'repo', 'a'))).toEqual([]);
      const config = await loadConfig(path.join(outer, 'repo', 'a', 'Dockerfile'));
      expect(config.rules).toEqual({});
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });

  it('stops at root: true', async () => {
    write('.dockerlintrc.json', '{"rules":{"no-secret-arg":"off"}}');
    const mid = write('a/.dockerlintrc.yml', 'root: true\n');
    // loadConfig meets the YAML config before yaml is loaded, loads it and walks again
    expect((await loadConfig(path.join(tmp, 'a', 'b', 'Dockerfile'))).files).toEqual([mid]);
    expect(findConfigFiles(path.join(tmp, 'a', 'b'))).toEqual([mid]);
  });

  it('loads dockerlint.config.js only when present, and honours its root flag', async () => {
    write('.dockerlintrc.json', '{"rules":{"no-secret-env":"off"}}');
    const js = write('a/dockerlint.config.js', 'export default { root: true, rules: { "no-secret-arg": "warning" } };\n');
    const config = await loadConfig(path.join(tmp, 'a', 'Dockerfile'));
    expect(config.files).toEqual([js]);
    expect(config.rules).toEqual({ 'no-secret-arg': { severity: 'warning', options: {} } });
  });

  it('with allowJsConfig false, skips dockerlint.config.js (root flag unknown, so parents still apply) and lists it', async () => {
    const json = write('.dockerlintrc.json', '{"rules":{"no-secret-env":"off"}}');
    const js = write('a/dockerlint.config.js', 'throw new Error("must not run");\n');
    const config = await loadConfig(path.join(tmp, 'a', 'Dockerfile'), { allowJsConfig: false });
    expect(config.files).toEqual([json]);
    expect(config.rules).toEqual({ 'no-secret-env': { severity: 'off', options: {} } });
    expect(config.skippedJsConfigs).toEqual([js]);
    // The same directory with JS allowed is a separate cache entry (and here its error surfaces).
    await expect(loadConfig(path.join(tmp, 'a', 'Dockerfile'))).rejects.toThrow(/must not run/);
  });

  it('with allowJsConfig false, an explicit JS config is a config error', async () => {
    const js = write('dockerlint.config.js', 'throw new Error("must not run");\n');
    await expect(loadConfig(path.join(tmp, 'Dockerfile'), { explicitConfig: js, allowJsConfig: false })).rejects.toThrow(
      `${js}: (file): JS config is not allowed in this run`,
    );
  });

  it('DOCKERLINT_NO_JS_CONFIG: any value but empty, 0 or false disallows JS config', () => {
    for (const value of ['1', 'true', 'yes', ' 1 ']) expect(jsConfigDisallowedByEnv({ DOCKERLINT_NO_JS_CONFIG: value })).toBe(true);
    for (const value of [undefined, '', '0', 'false', 'FALSE']) expect(jsConfigDisallowedByEnv({ DOCKERLINT_NO_JS_CONFIG: value })).toBe(false);
  });

  it('prefers .dockerlintrc.json when several config files share a directory', () => {
    const json = write('.dockerlintrc.json', '{}');
    write('.dockerlintrc.yaml', 'rules: {}\n');
    expect(findConfigFiles(tmp)).toEqual([json]);
  });

  it('reports syntax errors with the file name', async () => {
    const bad = write('.dockerlintrc.json', '{ "rules": ');
    await expect(loadConfig(path.join(tmp, 'Dockerfile'))).rejects.toMatchObject({ file: bad, key: '(syntax)' });
    rmSync(bad);
    const badYaml = write('.dockerlintrc.yaml', 'rules: [a\n');
    await expect(loadConfig(path.join(tmp, 'Dockerfile'))).rejects.toMatchObject({ file: badYaml, key: '(syntax)' });
  });

  it('YAML tags never execute anything and unknown keys are errors', async () => {
    const file = write('.dockerlintrc.yaml', 'rules:\n  no-secret-arg: error\nfoo: !!js/function "function(){}"\n');
    await expect(loadConfig(path.join(tmp, 'Dockerfile'))).rejects.toBeInstanceOf(ConfigError);
    await expect(loadConfig(path.join(tmp, 'Dockerfile'))).rejects.toMatchObject({ file });
  });

  it('validates rule ids when given the known list', async () => {
    const file = write('.dockerlintrc.json', '{"rules":{"no-such-rule":"off"}}');
    await expect(loadConfig(path.join(tmp, 'Dockerfile'), { ruleIds: ['no-secret-arg'] })).rejects.toMatchObject({ file, key: 'rules.no-such-rule' });
  });

  it('explicit config replaces lookup; noConfigLookup gives defaults', async () => {
    write('.dockerlintrc.json', '{"rules":{"no-secret-env":"off"}}');
    const explicit = write('other/custom.yaml', 'rules:\n  no-secret-arg: off\n');
    const viaExplicit = await loadConfig(path.join(tmp, 'Dockerfile'), { explicitConfig: explicit });
    expect(viaExplicit.files).toEqual([explicit]);
    expect(Object.keys(viaExplicit.rules)).toEqual(['no-secret-arg']);
    const none = await loadConfig(path.join(tmp, 'Dockerfile'), { noConfigLookup: true });
    expect(none.files).toEqual([]);
    await expect(loadConfig(path.join(tmp, 'Dockerfile'), { explicitConfig: path.join(tmp, 'missing.json') })).rejects.toMatchObject({ key: '(file)' });
  });

  it('caches per directory on the caller\'s session, and only there', async () => {
    write('.dockerlintrc.json', '{"target":"x"}');
    const session = createLintSession();
    const a = loadConfig(path.join(tmp, 'Dockerfile'), { session });
    const b = loadConfig(path.join(tmp, 'Dockerfile.dev'), { session });
    expect(a).toBe(b);
    await a;
    // One entry for the directory, one for its chain of config files.
    expect(session.stats().entries).toMatchObject({ 'config-resolved': 2, 'config-file': 1 });
    // No session, no reuse: nothing in core keeps configs between calls.
    expect(loadConfig(path.join(tmp, 'Dockerfile'))).not.toBe(loadConfig(path.join(tmp, 'Dockerfile')));
  });

  it('folders with the same config files share one resolved config in a session; other files or rule ids get their own', async () => {
    write('.dockerlintrc.json', '{"target":"x"}');
    write('nested/.dockerlintrc.json', '{"rules":{"no-secret-env":"off"}}');
    const session = createLintSession();
    const ruleIds = ['no-secret-env', 'no-secret-arg'];
    const inA = await loadConfig(path.join(tmp, 'a', 'Dockerfile'), { session, ruleIds });
    const inB = await loadConfig(path.join(tmp, 'b', 'c', 'Dockerfile'), { session, ruleIds });
    expect(inA.target).toBe('x');
    expect(inB).toBe(inA); // not merged again for the second folder
    const nested = await loadConfig(path.join(tmp, 'nested', 'Dockerfile'), { session, ruleIds });
    expect(nested).not.toBe(inA);
    expect(nested.rules['no-secret-env']?.severity).toBe('off');
    // Another rule-id list is another key: here the nested config names an unknown rule.
    await expect(loadConfig(path.join(tmp, 'nested', 'Dockerfile'), { session, ruleIds: ['no-secret-arg'] })).rejects.toBeInstanceOf(ConfigError);
    expect(await loadConfig(path.join(tmp, 'nested', 'x', 'Dockerfile'), { session, ruleIds })).toBe(nested);
  });

  it('a session notices an edited config file once its resolved configs are cleared (the file entry is keyed by mtime and size)', async () => {
    const file = write('.dockerlintrc.json', '{"target":"x"}');
    const session = createLintSession();
    expect((await loadConfig(path.join(tmp, 'Dockerfile'), { session })).target).toBe('x');
    writeFileSync(file, '{"target":"longer"}');
    expect((await loadConfig(path.join(tmp, 'Dockerfile'), { session })).target).toBe('x'); // resolved per directory until cleared
    clearConfigCache(session);
    expect(session.stats().entries).toEqual({});
    expect((await loadConfig(path.join(tmp, 'Dockerfile'), { session })).target).toBe('longer');
    expect(await readConfigFile(file, session)).toEqual({ target: 'longer' });
    writeFileSync(file, '{"target":"other!"}'); // same size, so the mtime must tell
    const later = Date.now() / 1000 + 5;
    utimesSync(file, later, later);
    expect(await readConfigFile(file, session)).toEqual({ target: 'other!' });
  });
});

describe('ignores and context mappings', () => {
  it('isIgnoredByConfig matches globs relative to the config directory, with ! re-includes', async () => {
    write('.dockerlintrc.json', JSON.stringify({ ignores: ['legacy', 'vendor/**', '*.old', '!legacy/keep/Dockerfile'] }));
    const config = await loadConfig(path.join(tmp, 'Dockerfile'));
    expect(isIgnoredByConfig(config, path.join(tmp, 'legacy', 'Dockerfile'))).toBe(true);
    expect(isIgnoredByConfig(config, path.join(tmp, 'legacy', 'keep', 'Dockerfile'))).toBe(false);
    expect(isIgnoredByConfig(config, path.join(tmp, 'vendor', 'x', 'Dockerfile'))).toBe(true);
    expect(isIgnoredByConfig(config, path.join(tmp, 'a', 'Dockerfile.old'))).toBe(true);
    expect(isIgnoredByConfig(config, path.join(tmp, 'app', 'Dockerfile'))).toBe(false);
    expect(isIgnoredByConfig(config, path.join(os.tmpdir(), 'elsewhere', 'Dockerfile'))).toBe(false);
  });

  it('contextFor resolves the context dir relative to the config file; later entries win', async () => {
    write('.dockerlintrc.json', JSON.stringify({ context: { 'docker/*.Dockerfile': '.', 'docker/web.Dockerfile': 'web' } }));
    const config = await loadConfig(path.join(tmp, 'docker', 'api.Dockerfile'));
    expect(contextFor(config, path.join(tmp, 'docker', 'api.Dockerfile'))).toBe(tmp);
    expect(contextFor(config, path.join(tmp, 'docker', 'web.Dockerfile'))).toBe(path.join(tmp, 'web'));
    expect(contextFor(config, path.join(tmp, 'Dockerfile'))).toBeUndefined();
  });
});
