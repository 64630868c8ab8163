/**
 * The wording of every message, one snapshot per rule: each template of `meta.messages` rendered with its
 * placeholders as sample data (`{{name}}` → `‹name›`). The other tests assert `messageId`, positions and the data a
 * message carries, never a whole sentence, so rewording a message changes this snapshot and nothing else.
 * Message ids and texts are the product's contract (ESLint, SARIF and editor users match on them): a change here
 * is deliberate and reviewed.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '@dockerlint/rules';
import { placeholdersOf, renderTemplate } from '../helpers/messages.js';

/** The template with each `{{name}}` placeholder filled with `‹name›`. */
const rendered = (template: string) => renderTemplate(template, Object.fromEntries(placeholdersOf(template).map((name) => [name, `‹${name}›`])));

describe('message wording', () => {
  for (const rule of rules) {
    it(rule.meta.id, () => {
      expect(Object.fromEntries(Object.entries(rule.meta.messages).map(([id, template]) => [id, rendered(template)]))).toMatchSnapshot();
    });
  }
});
