/** The whole pipeline in-process (real engine, fake rules): config, discovery, --fix, formatters, exit codes. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rule } from '@dockerlint/core';
import { redact } from '@dockerlint/core';
import { rules as realRules } from '@dockerlint/rules';
import { main } from '../../packages/cli/src/main.js';
import { writeFileIn } from '../helpers/temp-tree.js';

const SECRET = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

/** Reports `COPY . …` while `.env` would be sent, with a fix adding `.env` to the ignore file. */
const fakeContextRule: Rule = {
  meta: { id: 'fake-context', description: 'Fake context rule', severity: 'error', messages: { leak: 'COPY would copy .env' }, help: 'Add .env to .dockerignore' },
  check(context) {
    const bc = context.buildContext;
    if (!bc.root || !bc.exists('.env') || !bc.isIncluded('.env')) return;
    for (const instruction of context.model.instructions) {
      if (instruction.kind !== 'COPY') continue;
      const at = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
      context.report({
        messageId: 'leak',
        range: instruction.range,
        fix: { description: 'ignore .env', edits: [{ file: bc.ignoreFileForFixes!, range: at, text: '.env\n.git\n' }] },
      });
    }
  },
};

/** Reports the value of `ENV GITHUB_TOKEN=…` as a hard-coded secret (warning for `ENV DEBUG`). */
const fakeSecretRule: Rule = {
  meta: { id: 'no-hardcoded-secret', description: 'Fake secret rule', severity: 'error', messages: { literal: 'ENV {{name}} holds a literal secret', debug: 'DEBUG set' }, help: 'Use a secret mount' },
  check(context) {
    for (const instruction of context.model.instructions) {
      if (instruction.kind !== 'ENV') continue;
      const line = instruction.range.start.line;
      const eq = instruction.text.indexOf('=');
      if (instruction.text.includes('GITHUB_TOKEN')) {
        context.report({ messageId: 'literal', data: { name: 'GITHUB_TOKEN' }, range: { start: { line, column: eq + 2 }, end: { line, column: instruction.text.length + 1 } } });
      } else if (instruction.text.includes('DEBUG')) {
        context.report({ messageId: 'debug', severity: 'warning', range: instruction.range });
      }
    }
  },
};

const rules = [fakeContextRule, fakeSecretRule];
let tmp: string;

const write = (rel: string, text: string): string => writeFileIn(tmp, rel, text);

async function cli(argv: string[], extra: { stdin?: string; env?: NodeJS.ProcessEnv; real?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: tmp,
    env: extra.env ?? {},
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    readStdin: async () => extra.stdin ?? '',
    ...(extra.real ? {} : { rules }),
  });
  return { code, stdout, stderr };
}

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-run-'));
  mkdirSync(path.join(tmp, '.git'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('lint run', () => {
  it('clean tree → exit 0 and no output', async () => {
    write('Dockerfile', 'FROM alpine\nRUN echo hi\n');
    expect(await cli([])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--fix writes only the .dockerignore, reports it on stderr, and re-lints', async () => {
    const dockerfile = write('Dockerfile', 'FROM alpine\nCOPY . /app\n');
    write('.env', 'A=1\n');
    const before = await cli(['-f', 'json']);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout)[0].messages[0]).toMatchObject({ ruleId: 'fake-context', line: 2, severity: 2 });
    expect(JSON.parse(before.stdout)[0].fixableErrorCount).toBe(1);

    const dry = await cli(['--fix-dry-run']);
    expect(dry.stderr).toContain('would add 2 entries to .dockerignore (would create it): .env, .git');
    expect(existsSync(path.join(tmp, '.dockerignore'))).toBe(false);

    const fixed = await cli(['--fix']);
    expect(fixed.stderr).toBe('dockerlint: fix: added 2 entries to .dockerignore (created): .env, .git\n');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toBe('');
    expect(readFileSync(path.join(tmp, '.dockerignore'), 'utf8')).toBe('.env\n.git\n');
    expect(readFileSync(dockerfile, 'utf8')).toBe('FROM alpine\nCOPY . /app\n');

    const again = await cli(['--fix']);
    expect(again).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('stylish output never contains the secret; exit 1', async () => {
    write('Dockerfile', `FROM alpine\nENV GITHUB_TOKEN=${SECRET}\n`);
    const r = await cli([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ENV GITHUB_TOKEN holds a literal secret');
    expect(r.stdout).toContain('2 | ENV GITHUB_TOKEN=****');
    expect(r.stdout).not.toContain(SECRET.slice(4, 16));
    for (const format of ['json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit']) {
      const out = await cli(['-f', format]);
      expect(out.stdout, format).not.toContain(SECRET.slice(4, 16));
    }
  });

  it('--quiet drops warnings and --max-warnings gates them', async () => {
    write('Dockerfile', 'FROM alpine\nENV DEBUG=1\n');
    expect((await cli([])).code).toBe(0);
    const over = await cli(['--max-warnings', '0']);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('dockerlint: too many warnings (1, maximum: 0)\n');
    const quiet = await cli(['--quiet', '--max-warnings', '0']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--rule limits the rules; unknown ids are usage errors', async () => {
    write('Dockerfile', `FROM alpine\nENV GITHUB_TOKEN=${SECRET}\n`);
    expect((await cli(['--rule', 'fake-context'])).code).toBe(0);
    const bad = await cli(['--rule', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^dockerlint: unknown rule 'nope' \(known: fake-context, no-hardcoded-secret\)\n$/);
  });

  it('reads stdin with --stdin-filename for config and reports', async () => {
    write('svc/.dockerlintrc.json', '{"rules":{"no-hardcoded-secret":"warning"}}');
    const r = await cli(['--stdin', '--stdin-filename', 'svc/Dockerfile', '-f', 'json'], { stdin: `FROM a\nENV GITHUB_TOKEN=${SECRET}\n` });
    expect(r.code).toBe(0);
    const [res] = JSON.parse(r.stdout);
    expect(res.filePath).toBe(path.join(tmp, 'svc/Dockerfile'));
    expect(res.messages[0]).toMatchObject({ ruleId: 'no-hardcoded-secret', severity: 1 });
    const plain = await cli(['--stdin', '-f', 'json'], { stdin: 'FROM a\nENV DEBUG=1\n' });
    expect(JSON.parse(plain.stdout)[0].filePath).toBe('<stdin>');
  });

  it('config errors → one line naming file and key, exit 2; other directories still linted', async () => {
    write('bad/.dockerlintrc.yaml', 'rules:\n  no-hardcoded-secret: loud\n');
    write('bad/Dockerfile', 'FROM a\n');
    write('good/Dockerfile', `FROM a\nENV GITHUB_TOKEN=${SECRET}\n`);
    const r = await cli(['-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`dockerlint: ${path.join(tmp, 'bad/.dockerlintrc.yaml')}: rules.no-hardcoded-secret: unknown severity "loud" (expected "error", "warning" or "off")\n`);
    expect(JSON.parse(r.stdout).map((x: { filePath: string }) => path.relative(tmp, x.filePath))).toEqual(['good/Dockerfile']);
  });

  it('unknown rule ids in config are rejected', async () => {
    write('.dockerlintrc.json', '{"rules":{"no-such":"off"}}');
    write('Dockerfile', 'FROM a\n');
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.dockerlintrc\.json: rules\.no-such: unknown rule\n$/);
  });

  it('config ignores and --print-config', async () => {
    write('.dockerlintrc.json', '{"ignores":["legacy/**"],"allowlist":{"values":["^x$"]}}');
    write('legacy/Dockerfile', `FROM a\nENV GITHUB_TOKEN=${SECRET}\n`);
    expect((await cli([])).code).toBe(0);
    const explicit = await cli(['legacy/Dockerfile']);
    expect(explicit.code).toBe(0);
    expect(explicit.stderr).toMatch(/legacy\/Dockerfile: ignored by config .*\.dockerlintrc\.json\n$/);
    const printed = await cli(['--print-config', 'legacy/Dockerfile']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ ignores: [{ pattern: 'legacy/**' }], allowlist: { values: ['^x$'] } });
  });

  it('missing paths, binary, huge and unreadable files: each in the report, others still linted', async () => {
    write('a/Dockerfile', `FROM a\nENV GITHUB_TOKEN=${SECRET}\n`);
    writeFileSync(path.join(tmp, 'Dockerfile.bin'), Buffer.from([0x46, 0x52, 0x00, 0x4f]));
    write('big/Dockerfile', `FROM a\n${'# x\n'.repeat(600_000)}`);
    const unreadable = write('locked/Dockerfile', 'FROM a\n');
    chmodSync(unreadable, 0o000);
    const r = await cli(['.', 'nope', '-f', 'json']);
    chmodSync(unreadable, 0o644);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('dockerlint: nope: no such file or directory');
    if (process.getuid?.() !== 0) expect(lines).toContain('dockerlint: locked/Dockerfile: cannot read (permission denied)');
    const report = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; message: string; fatal?: boolean }[] }[];
    const byFile = Object.fromEntries(report.map((entry) => [path.relative(tmp, entry.filePath), entry.messages]));
    expect(Object.keys(byFile).sort()).toEqual(['Dockerfile.bin', 'a/Dockerfile', 'big/Dockerfile', 'locked/Dockerfile']);
    expect(byFile['a/Dockerfile']).toHaveLength(1);
    expect(byFile['Dockerfile.bin']).toEqual([expect.objectContaining({ ruleId: null, fatal: true, message: 'not linted: binary file (a NUL byte in the first 8 KB)' })]);
    expect(byFile['big/Dockerfile']![0]!.message).toMatch(/^not linted: larger than 2 MB \(2\.\d MB\)$/);
    if (process.getuid?.() !== 0) expect(byFile['locked/Dockerfile']![0]!.message).toBe('not linted: cannot read (permission denied)');
  });

  it('a binary file asked for is an error in the report and fails the run (exit 1); no stderr line', async () => {
    write('a/Dockerfile', 'FROM a\nRUN echo hi\n');
    writeFileSync(path.join(tmp, 'a', 'Dockerfile.prod'), Buffer.from([0x46, 0x52, 0x00, 0x4f]));
    const r = await cli(['a']);
    expect(r).toMatchObject({ code: 1, stderr: '' });
    expect(r.stdout).toBe('\na/Dockerfile.prod\n  error  not linted: binary file (a NUL byte in the first 8 KB)\n\n✖ 1 problem (1 error, 0 warnings)\n');
  });

  it('a path with no Dockerfile is exit 2 with one line (a typo\'d CI path must not pass)', async () => {
    mkdirSync(path.join(tmp, 'nodf', 'src'), { recursive: true });
    write('nodf/src/index.js', 'console.log(1)\n');
    write('app/Dockerfile', 'FROM a\n');
    const r = await cli(['nodf']);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'dockerlint: nodf: no Dockerfile found (looked for Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile, Containerfile.*, outside what .gitignore ignores)\n',
    });
    // One empty path among good ones still fails; a directory already covered by an earlier path does not.
    expect((await cli(['app', 'nodf'])).code).toBe(2);
    expect((await cli(['.', 'app'])).code).toBe(0);
    expect((await cli(['app'])).code).toBe(0);
  });

  it('--target naming no stage is exit 2 listing the stages', async () => {
    write('Dockerfile', 'FROM a AS build\nRUN echo hi\nFROM b AS runtime\nCOPY --from=build /x /x\n');
    const r = await cli(['--target', 'typo', 'Dockerfile']);
    expect(r).toMatchObject({ code: 2, stderr: "dockerlint: Dockerfile: target 'typo' names no stage (stages: build, runtime)\n" });
    expect((await cli(['--target', 'RUNTIME', 'Dockerfile'])).code).toBe(0);
    write('plain/Dockerfile', 'FROM a\n');
    expect((await cli(['--target', 'build', 'plain/Dockerfile'])).stderr).toBe("dockerlint: plain/Dockerfile: target 'build' names no stage (the file has no named stage)\n");
  });

  it('an empty file is a parse-error like a file without FROM', async () => {
    write('empty/Dockerfile', '');
    write('comments/Dockerfile', '# only a comment\nARG X=1\n');
    const r = await cli(['-f', 'json', 'empty', 'comments'], { real: true });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string; fatal?: boolean }[] }[];
    expect(report.map((entry) => [path.relative(tmp, entry.filePath), entry.messages.map((m) => `${m.ruleId} ${m.message} ${m.fatal}`)])).toEqual([
      ['comments/Dockerfile', ['parse-error not a Dockerfile: no FROM instruction found true']],
      ['empty/Dockerfile', ['parse-error empty file: no FROM instruction found true']],
    ]);
  });

  it('a rule that throws is one redacted stderr line and exit 2; the other rules still report', async () => {
    const throwing: Rule = {
      meta: { id: 'throws', description: 'Always throws', severity: 'error', messages: {}, help: 'None' },
      check() {
        throw new Error(`could not handle ${SECRET}\nstack line`);
      },
    };
    write('Dockerfile', `FROM alpine\nENV GITHUB_TOKEN=${SECRET}\n`);
    let stdout = '';
    let stderr = '';
    const code = await main(['--format', 'json', '.'], {
      cwd: tmp,
      env: {},
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      readStdin: async () => '',
      rules: [throwing, fakeSecretRule],
    });
    expect(code).toBe(2);
    expect(stderr).toBe(`dockerlint: Dockerfile: rule throws failed on Dockerfile: could not handle ${redact(SECRET)}\n`);
    expect((JSON.parse(stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((m) => m.ruleId)).toEqual(['no-hardcoded-secret']);
    expect(stdout + stderr).not.toContain(SECRET);
  });

  it('--context must be a directory; --output-file writes the report', async () => {
    write('Dockerfile', `FROM a\nENV GITHUB_TOKEN=${SECRET}\n`);
    const bad = await cli(['--context', 'nowhere']);
    expect(bad).toMatchObject({ code: 2, stderr: 'dockerlint: --context: nowhere: not a directory\n' });
    const out = await cli(['-f', 'sarif', '-o', 'reports/out.sarif']);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    const log = JSON.parse(readFileSync(path.join(tmp, 'reports/out.sarif'), 'utf8'));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'Dockerfile', uriBaseId: '%SRCROOT%' });
  });

  it('a file that is not a Dockerfile gets a parse-error finding', async () => {
    write('Dockerfile', 'hello world\n');
    const r = await cli(['-f', 'json']);
    expect(r.code).toBe(1);
    const [res] = JSON.parse(r.stdout);
    expect(res.messages[0].ruleId).toBe('parse-error');
    expect(res.fatalErrorCount).toBe(1);
  });
});

/** Real rules landed = a known leak is reported (a stub catalogue reports nothing). */
const rulesAvailable = realRules.length > 0 && realRules.some((r) => r.check.toString().replace(/\s|\/\/.*$/gm, '').length > 'check(){}'.length + 5);

describe.skipIf(!rulesAvailable)('lint run with the real rules', () => {
  it('no output format contains the secret', async () => {
    write('Dockerfile', `FROM node:20\nARG NPM_TOKEN\nENV GITHUB_TOKEN=${SECRET}\nRUN curl -H "Authorization: Bearer ${SECRET}" https://api.github.com\nCOPY . /app\n`);
    write('.env', 'A=1\n');
    for (const format of ['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit']) {
      const r = await cli(['-f', format], { real: true });
      expect(r.code, format).toBe(1);
      expect(r.stdout + r.stderr, format).not.toContain(SECRET.slice(4, 16));
    }
    const json = JSON.parse((await cli(['-f', 'json'], { real: true })).stdout);
    const ids = json[0].messages.map((m: { ruleId: string }) => m.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['no-secret-arg', 'no-secret-env', 'no-context-secrets']));
  });
});
