/**
 * `defineRule<MessageId>()`: how every rule is written. The message ids are a type, so a `report()` with an id
 * the rule has no message for, or a `messages` table that misses or adds one, fails type-checking.
 */
import type { Rule, RuleOptionMeta } from './types.js';

export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

/**
 * The `stages` option, the same in every rule that reports per stage (`RuleContext.reportsIn`); config
 * validation and the ESLint schema accept only these values.
 */
export const STAGES_OPTION: RuleOptionMeta = {
  type: 'string',
  description: '"shipping" (default) reports only stages that end up in the final image (the target stage and the stages it is built FROM); "all" reports every stage.',
  values: ['shipping', 'all'],
  default: 'shipping',
};
