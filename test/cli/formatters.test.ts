import { describe, expect, it } from 'vitest';
import { checkstyle, escapeData, escapeProperty, github, gitlab, json, junit, sarif, stylish, toEslintJson, toGitlab, toSarif } from '../../packages/cli/src/formatters/index.js';
import { ctx, finding, metas, result } from './helpers.js';

const SECRET = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

describe('json (ESLint schema)', () => {
  it('has exactly the ESLint result shape', () => {
    const out = JSON.parse(json([result({ findings: [finding(), finding({ severity: 'warning', line: 3, endLine: 3, fix: { description: 'x', edits: [] } })] })], ctx()));
    expect(out).toEqual([
      {
        filePath: '/repo/svc/Dockerfile',
        messages: [
          { ruleId: 'no-secret-arg', severity: 2, message: 'ARG NPM_TOKEN is recorded in the image history', line: 2, column: 5, endLine: 2, endColumn: 14, messageId: 'secretArg' },
          { ruleId: 'no-secret-arg', severity: 1, message: 'ARG NPM_TOKEN is recorded in the image history', line: 3, column: 5, endLine: 3, endColumn: 14, messageId: 'secretArg' },
        ],
        errorCount: 1,
        warningCount: 1,
        fatalErrorCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 1,
      },
    ]);
  });

  it('marks parse errors of unanalysable files as fatal', () => {
    const out = JSON.parse(json([result({ fatal: 'no FROM', findings: [finding({ ruleId: 'parse-error', messageId: 'parseError' })] })], ctx()));
    expect(out[0].fatalErrorCount).toBe(1);
    expect(out[0].messages[0].fatal).toBe(true);
  });

  it('lists clean files with empty messages', () => {
    expect(JSON.parse(json([result({ findings: [] })], ctx()))[0]).toMatchObject({ messages: [], errorCount: 0, warningCount: 0 });
  });
});

describe('sarif', () => {
  const log = JSON.parse(
    sarif(
      [
        result({
          findings: [
            finding({ related: [{ line: 1, column: 1, message: 'added here' }] }),
            finding({ ruleId: 'parse-error', messageId: 'parseError', message: 'bad', fingerprint: 'p1' }),
          ],
        }),
      ],
      ctx(),
    ),
  );

  it('is a single-run SARIF 2.1.0 log with the driver metadata GitHub requires', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'dockerlint', version: '1.2.3' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(['no-secret-arg', 'no-hardcoded-secret', 'parse-error']);
    const rule = driver.rules[0];
    expect(rule).toMatchObject({
      id: 'no-secret-arg',
      name: 'NoSecretArg',
      shortDescription: { text: 'Secret-like ARG in a shipping stage' },
      fullDescription: { text: 'Secret-like ARG in a shipping stage.' },
      helpUri: 'https://example.test/docs/rules/no-secret-arg.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'secrets'], precision: 'high', 'security-severity': '7.5' },
    });
    expect(rule.help.text).toContain('Use a secret mount.');
    expect(rule.help.markdown).toContain('[Documentation](https://example.test/docs/rules/no-secret-arg.md)');
    // a rule without findings gets a docs URL from the context's default
    expect(driver.rules[1].helpUri).toMatch(/no-hardcoded-secret\.md$/);
  });

  it('uses relative URIs under %SRCROOT%, regions, fingerprints and related locations', () => {
    const run = log.runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///repo/');
    const [r0, r1] = run.results;
    expect(r0).toMatchObject({
      ruleId: 'no-secret-arg',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'ARG NPM_TOKEN is recorded in the image history' },
      partialFingerprints: { primaryLocationLineHash: 'fp-0123456789abcdef', 'dockerlintFingerprint/v1': 'fp-0123456789abcdef' },
    });
    expect(r0.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 14 },
    });
    expect(r0.relatedLocations[0]).toMatchObject({ id: 1, message: { text: 'added here' }, physicalLocation: { region: { startLine: 1, startColumn: 1 } } });
    expect(r1.ruleIndex).toBe(2);
  });

  it('encodes path segments and falls back to file URIs outside the root', () => {
    const inside = JSON.parse(sarif([result({ filePath: 'my dir/Dockerfile', absolutePath: '/repo/my dir/Dockerfile' })], ctx()));
    expect(inside.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('my%20dir/Dockerfile');
    const outside = JSON.parse(sarif([result({ filePath: '../x/Dockerfile', absolutePath: '/x/Dockerfile' })], ctx()));
    expect(outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///x/Dockerfile' });
  });

  it('is stable across runs (same fingerprints, same output)', () => {
    const a = sarif([result()], ctx());
    const b = sarif([result()], ctx());
    expect(a).toBe(b);
  });
});

describe('github annotations', () => {
  it('escapes data and properties like @actions/core', () => {
    expect(escapeData('100% a\r\nb')).toBe('100%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('prints one command per finding; columns only for single-line spans', () => {
    const out = github(
      [
        result({
          filePath: 'svc/Dockerfile',
          absolutePath: '/repo/svc/Dockerfile',
          findings: [
            finding({ message: 'ENV A, B: 100%', help: '' }),
            finding({ severity: 'warning', line: 3, endLine: 5, endColumn: 2, help: 'line1\nline2' }),
          ],
        }),
      ],
      ctx(),
    );
    expect(out).toBe(
      '::error file=svc/Dockerfile,line=2,endLine=2,col=5,endColumn=14,title=dockerlint/no-secret-arg::ENV A, B: 100%25\n' +
        '::warning file=svc/Dockerfile,line=3,endLine=5,title=dockerlint/no-secret-arg::ARG NPM_TOKEN is recorded in the image history%0Aline1%0Aline2\n',
    );
  });

  it('uses repository-relative paths and escapes them', () => {
    const out = github([result({ filePath: 'Dockerfile', absolutePath: '/repo/a,b/Dockerfile' })], ctx({ cwd: '/repo/a,b' }));
    expect(out).toContain('file=a%2Cb/Dockerfile,');
  });
});

describe('gitlab code quality', () => {
  it('has the fields GitLab reads, with stable md5 fingerprints', () => {
    const issues = JSON.parse(gitlab([result({ findings: [finding(), finding({ ruleId: 'no-hardcoded-secret', severity: 'error' }), finding({ severity: 'warning' })] })], ctx()));
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatchObject({
      description: 'ARG NPM_TOKEN is recorded in the image history',
      check_name: 'no-secret-arg',
      severity: 'major',
      location: { path: 'svc/Dockerfile', lines: { begin: 2, end: 2 } },
    });
    expect(issues[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(issues[1].severity).toBe('critical');
    expect(issues[2].severity).toBe('minor');
    const again = JSON.parse(gitlab([result({ findings: [finding({ line: 40, endLine: 40 })] })], ctx()));
    expect(again[0].fingerprint).toBe(issues[0].fingerprint); // moving lines does not change it
    expect(gitlab([], ctx())).toBe('[]\n');
  });
});

describe('checkstyle and junit XML', () => {
  const nasty = finding({ message: 'a <b> & "c" \'d\' \u0001' });

  it('checkstyle escapes attributes', () => {
    const xml = checkstyle([result({ findings: [nasty] })], ctx());
    expect(xml).toContain('<checkstyle version="4.3">');
    expect(xml).toContain('<file name="/repo/svc/Dockerfile">');
    expect(xml).toContain('message="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;  (no-secret-arg)"');
    expect(xml).toContain('source="dockerlint.rules.no-secret-arg"');
    expect(xml).not.toContain('\u0001');
  });

  it('junit has one testsuite per file and one testcase per finding', () => {
    const xml = junit([result({ findings: [nasty, finding()] }), result({ filePath: 'clean/Dockerfile', absolutePath: '/repo/clean/Dockerfile', findings: [] })], ctx());
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('<testsuites name="dockerlint" tests="3" failures="2">');
    expect(xml).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(xml).not.toMatch(/<b>/);
  });
});

describe('stylish', () => {
  const source = `FROM node:20\nARG NPM_TOKEN\nENV GITHUB_TOKEN=${SECRET}\nRUN echo ok\n`;
  const mask = (text: string) => text.replaceAll(SECRET, '*'.repeat(SECRET.length));

  it('groups by file, prints help, docs and a pluralised summary', () => {
    const out = stylish([result({ source, findings: [finding(), finding({ severity: 'warning', line: 4, endLine: 4 })] })], ctx({ maskSecrets: mask }));
    expect(out).toContain('svc/Dockerfile');
    expect(out).toMatch(/2:5 +error +ARG NPM_TOKEN is recorded in the image history +no-secret-arg/);
    expect(out).toContain('help: Use RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN');
    expect(out).toContain('docs: https://example.test/docs/rules/no-secret-arg.md');
    expect(out).toContain('2 | ARG NPM_TOKEN');
    expect(out).toContain('^^^^^^^^^');
    expect(out).toContain('✖ 2 problems (1 error, 1 warning)');
    // eslint-disable-next-line no-control-regex -- matching the ANSI escape (ESC [) is the point of the test
    expect(out).not.toMatch(/\u001b\[/); // no colour when disabled
  });

  it('never prints a secret in the code frame', () => {
    const f = finding({ ruleId: 'no-secret-env', line: 3, endLine: 3, column: 5, endColumn: 17 });
    const out = stylish([result({ source, findings: [f] })], ctx({ maskSecrets: mask }));
    expect(out).toContain('3 | ENV GITHUB_TOKEN=****');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(SECRET.slice(4, 20));
  });

  it('masks the reported span of no-hardcoded-secret even when the scanner misses it', () => {
    const src = 'FROM a\nRUN login --password hunter2hunter2\n';
    const f = finding({ ruleId: 'no-hardcoded-secret', line: 2, column: 22, endLine: 2, endColumn: 36 });
    const out = stylish([result({ source: src, findings: [f] })], ctx({ maskSecrets: (t) => t }));
    expect(out).toContain('RUN login --password **************');
    expect(out).not.toContain('hunter2');
  });

  it('prints no code frame at all without a secret masker', () => {
    const out = stylish([result({ source, findings: [finding({ line: 3, endLine: 3 })] })], ctx());
    expect(out).not.toContain(' | ');
    expect(out).not.toContain(SECRET);
  });

  it('prints nothing for clean results and colours on request', () => {
    expect(stylish([result({ findings: [] })], ctx())).toBe('');
    const coloured = stylish([result()], ctx({ color: true }));
    expect(coloured).toContain('✖ 1 problem (1 error, 0 warnings)');
    // eslint-disable-next-line no-control-regex -- matching the ANSI escape (ESC [) is the point of the test
    expect(coloured).toMatch(/\u001b\[/);
  });
});

void metas;

describe('a file that could not be linted is in every format, as one non-rule error', () => {
  const skipped = result({ filePath: 'bin/Dockerfile', absolutePath: '/repo/bin/Dockerfile', findings: [], notLinted: 'not linted: binary file (a NUL byte in the first 8 KB)' });
  const message = 'not linted: binary file (a NUL byte in the first 8 KB)';

  it('json: a fatal message without rule id, counted as an error', () => {
    const [entry] = toEslintJson([skipped], ctx());
    expect(entry).toEqual({
      filePath: '/repo/bin/Dockerfile',
      messages: [{ ruleId: null, severity: 2, message, line: 1, column: 1, endLine: 1, endColumn: 1, fatal: true }],
      errorCount: 1,
      warningCount: 0,
      fatalErrorCount: 1,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    });
  });

  it('sarif: a toolExecutionNotifications entry pointing at the file, no result', () => {
    const log = toSarif([skipped, result()], ctx()) as { runs: { invocations: unknown[]; results: { ruleId: string }[] }[] };
    const [run] = log.runs;
    expect(run!.results.map((r) => r.ruleId)).toEqual(['no-secret-arg']);
    expect(run!.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: message },
            descriptor: { id: 'file-not-linted' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'bin/Dockerfile', uriBaseId: '%SRCROOT%' } } }],
          },
        ],
      },
    ]);
  });

  it('junit: an error (not a failure) test case', () => {
    const xml = junit([skipped], ctx());
    expect(xml).toContain('<testsuites name="dockerlint" tests="1" failures="0" errors="1">');
    expect(xml).toContain('<testsuite package="dockerlint" time="0" tests="1" errors="1" failures="0" name="bin/Dockerfile">');
    expect(xml).toContain(`<testcase time="0" name="dockerlint.file-not-linted" classname="bin/Dockerfile">\n      <error message="${message}" type="error">${message}</error>`);
  });

  it('checkstyle: an error element on the file', () => {
    expect(checkstyle([skipped], ctx())).toContain(
      `  <file name="/repo/bin/Dockerfile">\n    <error line="1" column="1" severity="error" message="${message}" source="dockerlint.file-not-linted" />\n  </file>`,
    );
  });

  it('gitlab and github: an issue / an error annotation on the file', () => {
    expect(toGitlab([skipped], ctx())).toEqual([
      expect.objectContaining({ description: message, check_name: 'file-not-linted', severity: 'major', location: { path: 'bin/Dockerfile', lines: { begin: 1, end: 1 } } }),
    ]);
    expect(github([skipped], ctx())).toBe(`::error file=bin/Dockerfile,title=dockerlint::${message}\n`);
  });

  it('stylish: the file and its message, counted in the summary', () => {
    expect(stylish([skipped], ctx())).toBe(`\nbin/Dockerfile\n  error  ${message}\n\n✖ 1 problem (1 error, 0 warnings)\n`);
  });
});
