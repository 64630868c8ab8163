/** Every core rule as an ESLint rule `dockerlint/<id>`: it reports the engine's findings 1:1, nothing else. */
import type { RuleDefinition, RuleContext, RuleVisitor } from '@eslint/core';
import type { Rule, RuleOptions } from '@dockerlint/core';
import { rules as coreRules } from '@dockerlint/rules';
import { fixMeta, optionsSchema, PARSE_ERROR_ID, ruleUrl, type PortableFinding, type PortableFix } from './findings.js';
import type { DockerfileSourceCode } from './language.js';

/** Placeholder message used for every messageId: the engine has already rendered (and redacted) the text. */
const MESSAGE = '{{message}}';

interface Fixer {
  replaceTextRange(range: [number, number], text: string): unknown;
}

function fixFunction(fix: PortableFix) {
  return (fixer: Fixer) => fix.edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text));
}

type AnyRuleContext = RuleContext & {
  sourceCode: DockerfileSourceCode;
  options: unknown[];
  report(descriptor: Record<string, unknown>): void;
};

/** Report one portable finding through ESLint (shared by every rule, including parse-error). */
function report(context: AnyRuleContext, finding: PortableFinding, messageIds: Set<string>): void {
  const descriptor: Record<string, unknown> = {
    loc: { start: { line: finding.line, column: finding.column }, end: { line: finding.endLine, column: finding.endColumn } },
  };
  if (messageIds.has(finding.messageId)) {
    descriptor.messageId = finding.messageId;
    descriptor.data = { message: finding.message };
  } else {
    descriptor.message = finding.message;
  }
  if (finding.fix) descriptor.fix = fixFunction(finding.fix);
  if (finding.suggestions) descriptor.suggest = finding.suggestions.map((suggestion) => ({ desc: suggestion.description, fix: fixFunction(suggestion) }));
  context.report(descriptor);
}

function isDockerfileSource(sourceCode: unknown): sourceCode is DockerfileSourceCode {
  return typeof (sourceCode as DockerfileSourceCode | undefined)?.dockerlintFindings === 'function';
}

export type DockerlintRuleDefinition = RuleDefinition;

function messagesOf(rule: Rule | undefined, extra: string[] = []): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const id of [...Object.keys(rule?.meta.messages ?? {}), ...extra]) messages[id] = MESSAGE;
  return messages;
}

export function createEslintRule(rule: Rule): RuleDefinition {
  const id = rule.meta.id;
  const messages = messagesOf(rule);
  const messageIds = new Set(Object.keys(messages));
  return {
    meta: {
      type: 'problem',
      docs: { description: rule.meta.description, recommended: rule.meta.recommended !== false, url: ruleUrl(id) },
      ...fixMeta(rule),
      schema: optionsSchema(rule) as RuleDefinition['meta'] extends { schema?: infer S } ? S : never,
      messages,
    },
    create(context): RuleVisitor {
      const ctx = context as unknown as AnyRuleContext;
      const sourceCode = ctx.sourceCode;
      if (!isDockerfileSource(sourceCode)) return {};
      return {
        Dockerfile() {
          const options = ctx.options[0] as RuleOptions | undefined;
          for (const finding of sourceCode.dockerlintFindings(id, options)) report(ctx, finding, messageIds);
        },
      };
    },
  } as RuleDefinition;
}

/** Syntax problems the parser recovered from (unknown instruction, unterminated heredoc…): the CLI's `parse-error`. */
export function createParseErrorRule(): RuleDefinition {
  const messages = messagesOf(undefined, [PARSE_ERROR_ID]);
  const messageIds = new Set(Object.keys(messages));
  return {
    meta: {
      type: 'problem',
      docs: { description: 'Dockerfile syntax problems that the parser recovered from (Docker would refuse to build).', recommended: true, url: ruleUrl(PARSE_ERROR_ID) },
      schema: [],
      messages,
    },
    create(context): RuleVisitor {
      const ctx = context as unknown as AnyRuleContext;
      const sourceCode = ctx.sourceCode;
      if (!isDockerfileSource(sourceCode)) return {};
      return {
        Dockerfile() {
          for (const finding of sourceCode.dockerlintFindings(PARSE_ERROR_ID, undefined)) report(ctx, finding, messageIds);
        },
      };
    },
  } as RuleDefinition;
}

export const eslintRules: Record<string, RuleDefinition> = Object.fromEntries([
  ...coreRules.map((rule) => [rule.meta.id, createEslintRule(rule)] as const),
  [PARSE_ERROR_ID, createParseErrorRule()] as const,
]);

/** `error` / `warn` as each core rule's default severity. */
export const recommendedRules: Record<string, 'error' | 'warn'> = Object.fromEntries([
  ...coreRules.filter((rule) => rule.meta.recommended !== false).map((rule) => [`dockerlint/${rule.meta.id}`, rule.meta.severity === 'error' ? 'error' : 'warn'] as const),
  [`dockerlint/${PARSE_ERROR_ID}`, 'error'] as const,
]);
