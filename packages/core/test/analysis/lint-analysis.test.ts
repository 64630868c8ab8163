import { beforeAll, describe, expect, it } from 'vitest';
import {
  createLintSession, initialize, inMemoryBuildContext, lintText, type BuildContext, type LintAnalysis, type Rule, type RuleContext,
} from '../../src/index.js';
import { fakes } from '../../src/testing.js';
import { rules } from '../../../../rules/index.js';
import { RAW_ARGUMENTS } from '../../src/model/ast-memo.js';
import { SENSITIVE_NAMES } from '../../src/analysis/sensitive-files.js';
import { SHELL_PLACED, SHELL_TEMPLATE } from '../../src/shell/parser.js';

beforeAll(async () => {
  await initialize();
});

/** A rule that keeps the analysis object it was handed, and optionally asks it something. */
function probe(id: string, ask: (context: RuleContext) => void = () => undefined): Rule & { seen: LintAnalysis[] } {
  const seen: LintAnalysis[] = [];
  return {
    seen,
    meta: { id, description: id, severity: 'warning', messages: {}, help: '' },
    check(context) {
      seen.push(context.analysis);
      ask(context);
    },
  };
}


const token = fakes.githubClassic();
const DOCKERFILE = [
  'FROM alpine AS build',
  `ARG NPM_TOKEN`,
  'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci',
  'COPY .env /app/.env',
  'RUN rm /app/.env',
  'FROM alpine',
  'COPY --from=build /root/.npmrc /root/.npmrc',
  `ENV GITHUB_TOKEN=${token}`,
  '',
].join('\n');

describe('one analysis object per lint', () => {
  it('is the same object for every rule of a lint, and a new one for the next lint', () => {
    const first = probe('test-first');
    const second = probe('test-second');
    lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules: [first, second] });
    lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules: [first, second] });
    expect(first.seen).toHaveLength(2);
    expect(second.seen[0]).toBe(first.seen[0]);
    expect(second.seen[1]).toBe(first.seen[1]);
    expect(first.seen[1]).not.toBe(first.seen[0]);
  });

  it('computes each analysis once, however many rules ask', () => {
    const ask = (context: RuleContext) => {
      for (const instruction of context.model.allInstructions()) {
        context.analysis.instructionEvents(instruction);
        if (instruction.kind === 'RUN') context.analysis.secretScope(instruction);
      }
      for (const stage of context.model.stages) context.analysis.liveSecretFiles(stage);
    };
    const a = probe('test-a', ask);
    const b = probe('test-b', ask);
    lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules: [a, b], buildContext: inMemoryBuildContext(['.env']) });
    const stats = a.seen[0]!.stats;
    // 8 instructions (2 FROM, ARG, 2 RUN, 2 COPY, ENV), each one's events computed once.
    expect(stats.instructionEvents).toBe(8);
    expect(stats.secretScopes).toBe(2);
    expect(stats.liveSecretFiles).toBe(2);
    expect(stats.stageEvents).toBe(2);
  });

  it('is lazy: rules that do not ask for layer events or secret scopes do not pay for them', () => {
    const quiet = probe('test-quiet');
    const onlyArgs = rules.filter((rule) => rule.meta.id === 'no-secret-arg' || rule.meta.id === 'no-secret-env');
    const session = createLintSession();
    const result = lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules: [...onlyArgs, quiet], buildContext: inMemoryBuildContext(['.env']), session });
    expect(result.findings.map((finding) => finding.ruleId)).toContain('no-secret-env');
    expect(quiet.seen[0]!.stats).toEqual({ secretScopes: 0, scopeBindingScans: 0, instructionEvents: 0, stageEvents: 0, liveSecretFiles: 0 });
    // Nor for the shell parse of the RUNs: no rule read `run.scripts`, so none was parsed.
    expect(session.stats().entries[SHELL_PLACED]).toBeUndefined();
    const run = quiet.seen[0]!.model.instructions.find((instruction) => instruction.kind === 'RUN')!;
    expect(run.kind === 'RUN' && run.scripts[0]!.commands.map((command) => command.name?.value)).toEqual(['echo', 'npm']);
    expect(session.stats().entries[SHELL_PLACED]).toBe(1);
  });

  it('makes each memo on the first question of its kind: none for a lint whose rules ask nothing', () => {
    const quiet = probe('test-quiet');
    lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules: [quiet], buildContext: inMemoryBuildContext(['.env']) });
    const analysis = quiet.seen[0]!;
    const memos = analysis as unknown as Record<string, unknown>;
    const names = ['sensitive', 'scopes', 'bindingSources', 'secretBindingsByScope', 'eventsByInstruction', 'eventsByStage', 'liveByStage', 'relevantRuns', 'secretsByInstruction', 'nameClasses'];
    expect(names.filter((name) => memos[name] !== undefined)).toEqual([]);
    // A sensitive path and a name: their two memos, and no other.
    expect(analysis.classifySensitivePath('.env')?.pattern.glob).toBe('.env');
    expect(analysis.classifyName('NPM_TOKEN')).toBe('secret');
    expect(names.filter((name) => memos[name] !== undefined)).toEqual(['sensitive', 'nameClasses']);
  });

  it('with the whole catalogue, one stage copy asks the source stage once', () => {
    const tail = probe('test-tail');
    const result = lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules: [...rules, tail], buildContext: inMemoryBuildContext(['.env']) });
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(['no-secret-stage-copy', 'no-secret-env', 'no-hardcoded-secret']));
    expect(tail.seen[0]!.stats.liveSecretFiles).toBe(1);
    expect(tail.seen[0]!.stats.secretScopes).toBe(2);
  });
});

describe('a throwing analysis', () => {
  it('is reported as an error of the rule that asked, not swallowed into "no events"', () => {
    const broken: BuildContext = {
      ...inMemoryBuildContext(['.env']),
      root: '/ctx',
      listIncluded: () => {
        throw new Error('listing exploded');
      },
    };
    const asking = probe('test-asks-events', (context) => {
      for (const instruction of context.model.allInstructions()) context.analysis.instructionEvents(instruction);
    });
    const result = lintText({ filePath: 'Dockerfile', text: 'FROM alpine\nCOPY *.env /app/\n', rules: [asking], buildContext: broken });
    expect(result.ruleErrors).toEqual([{ ruleId: 'test-asks-events', message: 'listing exploded' }]);
  });
});

describe('reuse across lints through the session', () => {
  it('a second lint of the same text with a session re-parses nothing', () => {
    const session = createLintSession();
    const first = lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules, session });
    const afterFirst = session.stats();
    // 7 of the 8 instructions: the ENV is read through its properties, its words are never scanned.
    expect(afterFirst.entries).toMatchObject({ [RAW_ARGUMENTS]: 7, [SHELL_PLACED]: 2, [SHELL_TEMPLATE]: 2 });
    const second = lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules, session });
    const afterSecond = session.stats();
    expect(afterSecond.misses).toBe(afterFirst.misses);
    expect(afterSecond.entries).toEqual(afterFirst.entries);
    // At least each scanned instruction's words and each RUN's script, found by placement (file names classified are hits too).
    expect(afterSecond.hits - afterFirst.hits).toBeGreaterThanOrEqual(7 + 2);
    expect(afterFirst.entries[SENSITIVE_NAMES]).toBeGreaterThan(0);
    expect(second.findings).toEqual(first.findings);
  });

  it('a name repeated in one lint is looked up in the session once; the next lint looks it up again', () => {
    const session = createLintSession();
    const context = inMemoryBuildContext(['a/.env', 'b/.env', 'c/.env', 'a/index.js', 'b/index.js', 'c/index.js']);
    const asking = probe('test-classifies-names', (ruleContext) => {
      for (const path of ['a/.env', 'b/.env', 'c/.env', 'a/index.js', 'b/index.js', 'c/index.js']) ruleContext.analysis.classifySensitivePath(path);
    });
    lintText({ filePath: 'Dockerfile', text: 'FROM alpine\n', rules: [asking], buildContext: context, session });
    // a, b, c, .env, index.js: five names, each a session miss once, never a hit within the lint.
    expect(session.stats().byKind[SENSITIVE_NAMES]).toMatchObject({ misses: 5, hits: 0 });
    lintText({ filePath: 'Dockerfile', text: 'FROM alpine\n', rules: [asking], buildContext: context, session });
    expect(session.stats().byKind[SENSITIVE_NAMES]).toMatchObject({ misses: 5, hits: 5 });
  });

  it('an edit on one line re-parses only that RUN', () => {
    const session = createLintSession();
    lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules, session });
    const before = session.stats();
    const edited = DOCKERFILE.replace('RUN rm /app/.env', 'RUN rm -f /app/.env');
    lintText({ filePath: 'Dockerfile', text: edited, rules, session });
    const after = session.stats();
    // One RUN changed: its raw-argument scan, its placed script and its shell parse missed; all else was a hit.
    expect(after.misses - before.misses).toBe(3);
    expect(after.entries[SHELL_PLACED]).toBe(3);
  });

  it('without a session, nothing carries over between lints', () => {
    const probeA = probe('test-no-session', (context) => {
      for (const instruction of context.model.allInstructions()) if (instruction.kind === 'RUN') context.analysis.secretScope(instruction);
    });
    lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules: [probeA] });
    lintText({ filePath: 'Dockerfile', text: DOCKERFILE, rules: [probeA] });
    const [a, b] = probeA.seen;
    expect(a!.session).toBeUndefined();
    const runs = (analysis: LintAnalysis) => analysis.model.instructions.filter((instruction) => instruction.kind === 'RUN');
    expect(runs(b!)[0]!.scripts[0]).not.toBe(runs(a!)[0]!.scripts[0]);
  });
});

describe('layer events only where a delete can be reported', () => {
  const deletedRule = rules.filter((rule) => rule.meta.id === 'no-secret-deleted-in-later-layer');

  it('a stage whose RUNs delete nothing: no COPY/ADD events are computed', () => {
    const tail = probe('test-no-delete');
    const text = [
      'FROM alpine AS build',
      'COPY .env /app/.env',
      'COPY src/ /app/src/',
      'RUN make -C /app',
      'FROM alpine',
      'COPY --from=build /app/out /app/out',
      'ONBUILD COPY id_rsa /root/.ssh/id_rsa',
      '',
    ].join('\n');
    const result = lintText({ filePath: 'Dockerfile', text, rules: [...deletedRule, tail], buildContext: inMemoryBuildContext(['.env', 'src/a.c', 'id_rsa']) });
    expect(result.findings).toEqual([]);
    // Only the one RUN's events were asked for (to find a delete); no stage's events, no stage copy's source stage.
    expect(tail.seen[0]!.stats).toEqual({ secretScopes: 1, scopeBindingScans: 1, instructionEvents: 1, stageEvents: 0, liveSecretFiles: 0 });
  });

  it('a stage with a delete still reports the secret added by an earlier COPY of its base stage', () => {
    const tail = probe('test-delete');
    const text = [
      'FROM alpine AS base',
      'COPY .env /app/.env',
      'RUN apk add --no-cache curl',
      'FROM base',
      'RUN rm /app/.env',
      '',
    ].join('\n');
    const result = lintText({ filePath: 'Dockerfile', text, rules: [...deletedRule, tail], buildContext: inMemoryBuildContext(['.env']) });
    expect(result.findings.map((finding) => [finding.ruleId, finding.messageId, finding.line])).toEqual([
      ['no-secret-deleted-in-later-layer', 'deleted', 5],
    ]);
    // The base stage has no delete of its own, so only its RUN was asked; the second stage needed both stages' events.
    expect(tail.seen[0]!.stats.stageEvents).toBe(2);
  });

  it('a delete in an ONBUILD trigger of the stage is found without any RUN in the stage body', () => {
    const text = ['FROM alpine', 'COPY id_rsa /root/.ssh/id_rsa', 'ONBUILD RUN rm /root/.ssh/id_rsa', ''].join('\n');
    const result = lintText({ filePath: 'Dockerfile', text, rules: deletedRule, buildContext: inMemoryBuildContext(['id_rsa']) });
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([['no-secret-deleted-in-later-layer', 3]]);
  });
});

describe('a COPY of a file reads its content only to refine a sensitive name', () => {
  it('reads the head of id_rsa, never of app.py', () => {
    const base = inMemoryBuildContext(['app.py', 'id_rsa']);
    const read: string[] = [];
    const readHead = (rel: string) => (read.push(rel), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    const counting = Object.create(base, { root: { value: '/ctx' }, readHead: { value: readHead } }) as BuildContext;
    const asking = probe('test-reads-heads', (context) => {
      for (const instruction of context.model.allInstructions()) context.analysis.instructionEvents(instruction);
    });
    const result = lintText({ filePath: 'Dockerfile', text: 'FROM alpine\nCOPY app.py /app/app.py\nCOPY id_rsa /root/.ssh/id_rsa\n', rules: [asking], buildContext: counting });
    expect(result.ruleErrors).toEqual([]);
    expect(read).toEqual(['id_rsa']);
  });
});

describe('text facts shared by the prefilter and the rules', () => {
  it('no-hardcoded-secret and the RUN prefilter scan each instruction text once per lint', () => {
    const hardcoded = rules.filter((rule) => rule.meta.id === 'no-hardcoded-secret');
    const tail = probe('test-text-tail');
    const text = ['FROM alpine', 'RUN apt-get update && apt-get install -y curl', `RUN ./deploy ${token}`, 'ENV MODE=prod', ''].join('\n');
    const result = lintText({ filePath: 'Dockerfile', text, rules: [...hardcoded, tail] });
    expect(result.findings.map((finding) => [finding.ruleId, finding.messageId, finding.line])).toEqual([['no-hardcoded-secret', 'token', 3]]);
    // 4 instructions, each scanned once although the prefilter also scanned both RUNs.
    expect(tail.seen[0]!.textStats.literalScans).toBe(4);
  });

  it('a continued RUN with a comment line is scanned masked by the rule (the comment is reported apart)', () => {
    const hardcoded = rules.filter((rule) => rule.meta.id === 'no-hardcoded-secret');
    const tail = probe('test-masked-tail');
    const text = ['FROM alpine', 'RUN apt-get update \\', `# ${token}`, '  && make', ''].join('\n');
    const result = lintText({ filePath: 'Dockerfile', text, rules: [...hardcoded, tail] });
    expect(result.findings.map((finding) => [finding.ruleId, finding.messageId, finding.line])).toEqual([['no-hardcoded-secret', 'commentToken', 3]]);
    // FROM through the analysis; the RUN's masked text by the rule, its whole text by the prefilter.
    expect(tail.seen[0]!.textStats.literalScans).toBe(2);
  });
});

describe('`# check=skip=` comments', () => {
  const envRule = rules.filter((rule) => rule.meta.id === 'no-secret-env');
  const secretEnvs = (count: number) => Array.from({ length: count }, (_, i) => `ENV API_TOKEN_${i}=$API_TOKEN`);

  it('a file without a `check=` comment builds no comment index, however many instructions a rule asks about', () => {
    const tail = probe('test-check-tail');
    const text = ['FROM alpine', 'ARG API_TOKEN', '# a plain comment', ...secretEnvs(3), ''].join('\n');
    const result = lintText({ filePath: 'Dockerfile', text, rules: [...envRule, tail] });
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['no-secret-env', 4],
      ['no-secret-env', 5],
      ['no-secret-env', 6],
    ]);
    expect(tail.seen[0]!.textStats.checkCommentIndexes).toBe(0);
  });

  it('with one, the index is built once per lint for every instruction asked about, and the skip still applies', () => {
    const tail = probe('test-check-tail');
    const text = ['FROM alpine', 'ARG API_TOKEN', ...secretEnvs(2), '# check=skip=SecretsUsedInArgOrEnv', ...secretEnvs(1), ''].join('\n');
    const result = lintText({ filePath: 'Dockerfile', text, rules: [...envRule, tail] });
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['no-secret-env', 3],
      ['no-secret-env', 4],
    ]);
    expect(tail.seen[0]!.textStats.checkCommentIndexes).toBe(1);
  });
});

describe('secret scopes of RUNs that see the same ARG/ENV bindings', () => {
  it('list the secret-like bindings once per scope, not once per RUN, and each RUN still sees them', () => {
    const asked: string[][] = [];
    const tail = probe('test-scope-tail', (context) => {
      for (const instruction of context.model.allInstructions()) {
        if (instruction.kind === 'RUN') asked.push([...context.analysis.secretScope(instruction).variables.keys()]);
      }
    });
    const text = [
      'FROM alpine',
      'ARG NPM_TOKEN',
      'ARG VERSION=1',
      'RUN echo one',
      'RUN --mount=type=secret,id=npm,env=NPM_TOKEN echo two',
      'RUN echo three',
      'ENV API_KEY=$NPM_TOKEN',
      'RUN echo four',
      '',
    ].join('\n');
    lintText({ filePath: 'Dockerfile', text, rules: [tail] });
    // The mount's env comes first and wins over the build arg of the same name.
    expect(asked).toEqual([['NPM_TOKEN'], ['NPM_TOKEN'], ['NPM_TOKEN'], ['NPM_TOKEN', 'API_KEY']]);
    expect(tail.seen[0]!.stats.secretScopes).toBe(4);
    expect(tail.seen[0]!.stats.scopeBindingScans).toBe(2);
  });
});

describe('DOCKERLINT_NO_PREFILTER', () => {
  /** Does the prefilter let the shell of a plain RUN through (always, when it is off)? */
  const mayMatter = (session?: ReturnType<typeof createLintSession>): boolean => {
    let answer: boolean | undefined;
    const tail = probe('test-prefilter-tail', (context) => {
      const run = context.model.allInstructions().find((instruction) => instruction.kind === 'RUN');
      if (run?.kind === 'RUN') answer = context.analysis.runMayMatter(run);
    });
    lintText({ filePath: 'Dockerfile', text: 'FROM alpine\nRUN echo hello\n', rules: [tail], ...(session ? { session } : {}) });
    return answer!;
  };

  it('is read once per session (when it first lints), and on every lint without one', () => {
    const before = process.env.DOCKERLINT_NO_PREFILTER;
    try {
      delete process.env.DOCKERLINT_NO_PREFILTER;
      const session = createLintSession();
      expect(mayMatter(session)).toBe(false);
      process.env.DOCKERLINT_NO_PREFILTER = '1';
      expect(mayMatter(session)).toBe(false);
      expect(mayMatter()).toBe(true);
      expect(mayMatter(createLintSession())).toBe(true);
    } finally {
      if (before === undefined) delete process.env.DOCKERLINT_NO_PREFILTER;
      else process.env.DOCKERLINT_NO_PREFILTER = before;
    }
  });
});
