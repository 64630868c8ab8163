/**
 * Config safety: only an explicit `dockerlint.config.js` runs code; JSON and YAML configs are data (YAML
 * tags such as `!!js/function` are inert, alias bombs are refused, `__proto__` keys pollute nothing); errors
 * are one line naming the file and the key.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../language-server/client.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dockerlint-config-safety-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\nARG NPM_TOKEN\n');
  for (const [file, body] of Object.entries(files)) writeFileSync(path.join(dir, file), body);
  return dir;
}

function cli(dir: string, args: string[] = []): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI_BIN, '--no-color', '--format', 'json', ...args, 'Dockerfile'], { cwd: dir, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const touch = (marker: string) => `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`;

describe('config safety', () => {
  it('JS files that are not dockerlint.config.js are never loaded', () => {
    const marker = path.join(tmp, 'ran-other-js');
    const dir = project('other-js', {
      'dockerlint.config.cjs': `${touch(marker)};\nmodule.exports = {};\n`,
      'dockerlint.config.mjs': `import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(marker)}, 'ran'); export default {};\n`,
      '.dockerlintrc.js': `${touch(marker)};\n`,
      '.dockerlintrc.json': '{ "rules": { "no-secret-arg": "warning" } }\n',
    });
    const run = cli(dir);
    expect(run.code).toBe(0); // the JSON config applied: warning only
    expect(existsSync(marker)).toBe(false);
  });

  it('dockerlint.config.js is loaded (it runs code) when it exists', () => {
    const marker = path.join(tmp, 'ran-config-js');
    const dir = project('config-js', {
      'package.json': '{ "type": "module" }\n',
      'dockerlint.config.js': `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { rules: { 'no-secret-arg': 'off' } };\n`,
    });
    const run = cli(dir);
    expect(existsSync(marker)).toBe(true);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)[0].messages).toEqual([]);
  });

  it('YAML tags are inert: !!js/function, !!js/undefined, !!binary, custom tags', () => {
    const marker = path.join(tmp, 'ran-yaml');
    const dir = project('yaml-tags', {
      '.dockerlintrc.yaml': [
        `rules:`,
        `  no-secret-arg: !!js/function 'function () { ${touch(marker)}; return "off" }'`,
        `ignores: !!js/undefined ''`,
        `allowlist: !<tag:yaml.org,2002:js/regexp> /x/`,
        '',
      ].join('\n'),
    });
    const run = cli(dir);
    expect(existsSync(marker)).toBe(false);
    expect(run.code).toBe(2); // a string where a severity is expected: a config error, not code
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('.dockerlintrc.yaml');
  });

  it('YAML alias bombs are refused with a one-line error', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('rules: *l');
    const dir = project('yaml-bomb', { '.dockerlintrc.yaml': `${lines.join('\n')}\n` });
    const run = cli(dir);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('.dockerlintrc.yaml');
  });

  it('__proto__ keys in JSON and YAML pollute nothing', () => {
    for (const [file, body] of [
      ['.dockerlintrc.json', '{ "__proto__": { "polluted": true }, "rules": { "__proto__": { "polluted": true } } }\n'],
      ['.dockerlintrc.yaml', '__proto__:\n  polluted: true\nrules:\n  __proto__:\n    polluted: true\n'],
    ] as const) {
      const dir = project(`proto-${file}`, { [file]: body });
      const script = `
        const { loadConfig } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../packages/core/dist/index.js'))});
        try { await loadConfig(${JSON.stringify(path.join(dir, 'Dockerfile'))}); } catch (e) { }
        console.log(JSON.stringify({ polluted: ({}).polluted ?? null }));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(JSON.parse(run.stdout.trim())).toEqual({ polluted: null });
    }
  });

  it('errors are one line naming the file and the key', () => {
    const cases: [string, string, RegExp][] = [
      ['.dockerlintrc.json', '{ "rules": { "no-secret-arg": "loud" } }', /\.dockerlintrc\.json: rules\.no-secret-arg: /],
      ['.dockerlintrc.json', '{ "rules": { "not-a-rule": "error" } }', /\.dockerlintrc\.json: rules\.not-a-rule: /],
      ['.dockerlintrc.json', '{ "allowlist": { "values": ["("] } }', /\.dockerlintrc\.json: allowlist\.values/],
      ['.dockerlintrc.json', '{ "rules": ', /\.dockerlintrc\.json/],
      ['.dockerlintrc.yaml', 'rules:\n  no-secret-env: [error, 3]\n', /\.dockerlintrc\.yaml: rules\.no-secret-env/],
      ['.dockerlintrc.yaml', 'rules: [\n', /\.dockerlintrc\.yaml/],
    ];
    cases.forEach(([file, body, expected], i) => {
      const dir = project(`errors-${i}`, { [file]: body });
      const run = cli(dir);
      expect(run.code, body).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines, body).toHaveLength(1);
      expect(lines[0], body).toMatch(expected);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  });
});
