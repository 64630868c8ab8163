// Type-level specification of defineRule, compiled by test/meta/define-rule-types.test.ts. Each
// `@ts-expect-error` line must fail to compile: if the typing is loosened, the directive is unused and tsc fails.
import { defineRule } from '../../../packages/core/src/engine/define-rule.js';
import type { BuildDefinitionRuleContext, Report, Rule, RuleContext } from '../../../packages/core/src/engine/types.js';

type MessageId = 'found' | 'foundTwice';

const range = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };

export const typed = defineRule<MessageId>({
  meta: { id: 'typed', description: 'A rule.', severity: 'error', help: 'Help.', messages: { found: 'found', foundTwice: 'found twice' } },
  check(context) {
    context.report({ messageId: 'found', range });
    context.report({ messageId: 'foundTwice', range });
    // @ts-expect-error a message id the rule has no message for
    context.report({ messageId: 'notAMessage', range });
  },
  checkBuildDefinitions(context) {
    context.report({ messageId: 'found', range, file: '/compose.yaml' });
    // @ts-expect-error build-definition reports are checked too
    context.report({ messageId: 'fonud', range, file: '/compose.yaml' });
  },
});

defineRule<MessageId>({
  // @ts-expect-error `messages` must have every message id
  meta: { id: 'missing', description: 'A rule.', severity: 'error', help: 'Help.', messages: { found: 'found' } },
  check() {},
});

defineRule<MessageId>({
  meta: {
    id: 'extra', description: 'A rule.', severity: 'error', help: 'Help.',
    // @ts-expect-error `messages` must not have ids the type does not list
    messages: { found: 'found', foundTwice: 'found twice', stale: 'a message nothing reports' },
  },
  check() {},
});

// Helpers of a rule take its typed context: an untyped one would let any id through, so it does not accept it.
function helper(context: RuleContext<MessageId>): void {
  context.report({ messageId: 'found', range });
  // @ts-expect-error in a helper as in check()
  context.report({ messageId: 'other', range });
}
function looseHelper(context: RuleContext): void {
  context.report({ messageId: 'anything', range });
}
defineRule<MessageId>({
  meta: { id: 'helpers', description: 'A rule.', severity: 'error', help: 'Help.', messages: { found: 'found', foundTwice: 'found twice' } },
  check(context) {
    helper(context);
    // @ts-expect-error a context typed for these ids is not a context for any string
    looseHelper(context);
  },
});

// A report built ahead of the call is checked where it is typed.
const prepared: Report<MessageId> = { messageId: 'foundTwice', range };
// @ts-expect-error a typed report must use one of the ids
const wrong: Report<MessageId> = { messageId: 'found-twice', range };
function definitionHelper(context: BuildDefinitionRuleContext<MessageId>): void {
  context.report({ ...prepared, file: '/docker-bake.hcl' });
  void wrong;
}
void definitionHelper;

// The catalogue holds rules of any message ids.
export const catalogue: readonly Rule[] = [typed];
