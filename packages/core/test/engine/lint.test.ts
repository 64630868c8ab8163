import { beforeAll, describe, expect, it } from 'vitest';
import { describeRuleError, initialize, lintText, noBuildContext, type ResolvedConfig, type Rule } from '../../src/index.js';
import { fakes } from '../../src/testing.js';

/** A rule that reports every ARG name, so engine behaviour can be asserted independently of real rules. */
const everyArg: Rule = {
  meta: {
    id: 'test-every-arg',
    description: 'reports every ARG',
    severity: 'warning',
    messages: { found: 'ARG {{name}} found', secret: 'value ghp_{{tail}}' },
    help: 'none',
  },
  check(context) {
    for (const instruction of context.model.allInstructions()) {
      if (instruction.kind !== 'ARG') continue;
      for (const declaration of instruction.declarations) {
        if (context.isAllowlisted({ name: declaration.name })) continue;
        context.report({ messageId: 'found', data: { name: declaration.name }, range: declaration.nameRange, ...(declaration.value ? { severity: 'error' as const } : {}) });
      }
    }
  },
};

const throwing: Rule = {
  meta: { id: 'test-throws', description: 'throws', severity: 'error', messages: {}, help: '' },
  check() {
    throw new Error('boom\nsecond line');
  },
};

function config(partial: Partial<ResolvedConfig>): ResolvedConfig {
  return { files: [], rules: {}, ignores: [], allowlist: { names: [], values: [], fingerprints: [] }, context: [], ...partial };
}

const lint = (text: string, extra: Partial<Parameters<typeof lintText>[0]> = {}) =>
  lintText({ filePath: 'Dockerfile', text, rules: [everyArg], buildContext: noBuildContext(), ...extra });

beforeAll(async () => {
  await initialize();
});

describe('engine', () => {
  it('reports with 1-based positions, rule severity and per-report severity', () => {
    const { findings } = lint('FROM alpine\nARG A\nARG B=1\n');
    expect(findings.map((f) => [f.ruleId, f.message, f.severity, f.line, f.column, f.endLine, f.endColumn])).toEqual([
      ['test-every-arg', 'ARG A found', 'warning', 2, 5, 2, 6],
      ['test-every-arg', 'ARG B found', 'error', 3, 5, 3, 6],
    ]);
    expect(findings[0]!.url).toMatch(/docs\/rules\/test-every-arg\.md$/);
  });

  it('applies config severities and turns rules off', () => {
    const asError = lint('FROM alpine\nARG A\n', { config: config({ rules: { 'test-every-arg': { severity: 'error', options: {} } } }) });
    expect(asError.findings.map((f) => f.severity)).toEqual(['error']);
    const off = lint('FROM alpine\nARG A\n', { config: config({ rules: { 'test-every-arg': { severity: 'off', options: {} } } }) });
    expect(off.findings).toEqual([]);
  });

  it('honours disable-next-line over a whole continued instruction, with reasons and lists', () => {
    const text = [
      'FROM alpine',
      '# dockerlint-disable-next-line test-every-arg -- accepted',
      'ARG A \\',
      '    B',
      '# dockerlint-disable-next-line other-rule, test-every-arg',
      'ARG C',
      '# dockerlint-disable-next-line other-rule',
      'ARG D',
    ].join('\n');
    expect(lint(text).findings.map((f) => f.message)).toEqual(['ARG D found']);
  });

  it('honours disable/enable blocks and ignores directive-looking text inside an instruction', () => {
    const text = [
      'FROM alpine',
      '# dockerlint-disable',
      'ARG A',
      '# dockerlint-enable',
      'ARG B',
      '# dockerlint-disable test-every-arg',
      'ARG C',
      'RUN echo \\',
      '# dockerlint-enable test-every-arg',
      '  hi',
      'ARG D',
    ].join('\n');
    expect(lint(text).findings.map((f) => f.message)).toEqual(['ARG B found']);
  });

  it("maps BuildKit's check=skip to the rules whose metadata relates them to that check (case-insensitive; all = every such rule)", () => {
    const argRule: Rule = { ...everyArg, meta: { ...everyArg.meta, id: 'no-secret-arg', related: [{ tool: 'buildkit', id: 'SecretsUsedInArgOrEnv' }] } };
    const lintWith = (text: string) => lintText({ filePath: 'Dockerfile', text, rules: [argRule], buildContext: noBuildContext() }).findings;
    const text = '# check=skip=SecretsUsedInArgOrEnv\nFROM alpine\nARG TOKEN\n';
    expect(lintWith(text)).toEqual([]);
    expect(lintWith('# check=skip=secretsusedinargorenv\nFROM alpine\nARG TOKEN\n')).toEqual([]);
    expect(lintWith('# check=skip=all\nFROM alpine\nARG TOKEN\n')).toEqual([]);
    expect(lintWith('# check=skip=CopyIgnoredFile\nFROM alpine\nARG TOKEN\n')).toHaveLength(1);
    expect(lint(text).findings).toHaveLength(1);
    expect(lint('# check=skip=all\nFROM alpine\nARG TOKEN\n').findings).toHaveLength(1);
  });

  it("answers context.skippedByCheckComment from the rule's related BuildKit checks (a comment directly above the instruction)", () => {
    const asked = (related: Rule['meta']['related']) => {
      const answers: boolean[] = [];
      const rule: Rule = {
        meta: { ...everyArg.meta, id: 'test-skip', ...(related ? { related } : {}) },
        check(context) {
          for (const instruction of context.model.allInstructions()) if (instruction.kind === 'ARG') answers.push(context.skippedByCheckComment(instruction));
        },
      };
      lintText({ filePath: 'Dockerfile', text: 'FROM alpine\n# check=skip=SecretsUsedInArgOrEnv\nARG TOKEN\n\n# check=skip=all\nARG OTHER\nARG PLAIN\n', rules: [rule], buildContext: noBuildContext() });
      return answers;
    };
    expect(asked([{ tool: 'buildkit', id: 'SecretsUsedInArgOrEnv' }])).toEqual([true, true, false]);
    expect(asked([{ tool: 'buildkit', id: 'CopyIgnoredFile' }])).toEqual([false, true, false]);
    expect(asked([{ tool: 'trivy', id: 'DS-0031' }])).toEqual([false, false, false]);
    expect(asked(undefined)).toEqual([false, false, false]);
  });

  it('gives stable fingerprints that ignore unrelated line moves', () => {
    const before = lint('FROM alpine\nARG A\n').findings[0]!.fingerprint;
    const after = lint('FROM alpine\n\nRUN true\nARG A\n').findings[0]!.fingerprint;
    const other = lint('FROM alpine\nARG B\n').findings[0]!.fingerprint;
    expect(after).toBe(before);
    expect(other).not.toBe(before);
    const twice = lint('FROM alpine\nARG A\nARG A\n').findings.map((f) => f.fingerprint);
    expect(new Set(twice).size).toBe(2);
  });

  it('drops findings whose fingerprint is allowlisted, and names in the allowlist', () => {
    const fingerprint = lint('FROM alpine\nARG A\nARG B\n').findings[0]!.fingerprint;
    const result = lint('FROM alpine\nARG A\nARG B\n', { config: config({ allowlist: { names: [], values: [], fingerprints: [fingerprint] } }) });
    expect(result.findings.map((f) => f.message)).toEqual(['ARG B found']);
    const byName = lint('FROM alpine\nARG A\nARG B\n', { config: config({ allowlist: { names: ['b'], values: [], fingerprints: [] } }) });
    expect(byName.findings.map((f) => f.message)).toEqual(['ARG A found']);
  });

  it('turns a file without FROM into one parse-error finding', () => {
    const result = lint('this is not a Dockerfile\nat all\n');
    expect(result.fatal).toMatch(/no FROM/);
    expect(result.findings.map((f) => [f.ruleId, f.line, f.severity])).toEqual([['parse-error', 1, 'error']]);
  });

  it('reports an unknown instruction as a parse error and still runs the rules', () => {
    const result = lint('FROM alpine\nFOO bar\nARG A\n');
    expect(result.findings.map((f) => f.ruleId)).toEqual(['parse-error', 'test-every-arg']);
  });

  it('survives a throwing rule and reports it as a one-line error', () => {
    const result = lintText({ filePath: 'Dockerfile', text: 'FROM alpine\nARG A\n', rules: [throwing, everyArg], buildContext: noBuildContext() });
    expect(result.findings).toHaveLength(1);
    expect(result.ruleErrors).toEqual([{ ruleId: 'test-throws', message: 'boom' }]);
    expect(result.ruleErrors.map((error) => describeRuleError(error, result.filePath))).toEqual(['rule test-throws failed on Dockerfile: boom']);
  });

  it('masks anything that looks like a secret in messages (safety net)', () => {
    const token = fakes.githubClassic(7);
    const leaky: Rule = {
      ...everyArg,
      meta: { ...everyArg.meta, id: 'test-leaky', messages: { found: 'token {{value}}' } },
      check(context) {
        context.report({ messageId: 'found', data: { value: token }, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } });
      },
    };
    const [finding] = lintText({ filePath: 'Dockerfile', text: 'FROM alpine\n', rules: [leaky], buildContext: noBuildContext() }).findings;
    expect(finding!.message).not.toContain(token);
    expect(finding!.message).toMatch(/^token ghp_/);
  });

  it('only runs the requested rules', () => {
    expect(lint('FROM alpine\nARG A\n', { onlyRules: ['something-else'] }).findings).toEqual([]);
  });
});
