/**
 * Assert a finding's message as data, not as wording: the test names the `messageId` and the values of its
 * placeholders, and the message must be that rule's template filled with them. The wording itself is kept in
 * one snapshot per rule (test/rules/messages.test.ts).
 */
import { expect } from 'vitest';
import type { Finding } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';

export type MessageData = Record<string, string | number>;

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The placeholder names of a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map(([, name]) => name!))];
}

/** The template with every placeholder filled from `data`. */
export function renderTemplate(template: string, data: MessageData): string {
  return template.replace(PLACEHOLDER, (_placeholder, name: string) => String(data[name]));
}

export function messageTemplate(ruleId: string, messageId: string): string {
  const rule = rules.find((candidate) => candidate.meta.id === ruleId);
  const template = rule?.meta.messages[messageId];
  if (template === undefined) throw new Error(`${ruleId} has no message "${messageId}"`);
  return template;
}

/** The finding has this `messageId`, and its message is that template filled with exactly these placeholder values. */
export function expectMessage(finding: Pick<Finding, 'ruleId' | 'messageId' | 'message'> | undefined, messageId: string, data: MessageData = {}): void {
  expect(finding, `a ${messageId} finding`).toBeDefined();
  expect(finding!.messageId).toBe(messageId);
  const template = messageTemplate(finding!.ruleId, messageId);
  expect(Object.keys(data).sort(), `placeholders of ${finding!.ruleId}/${messageId}`).toEqual(placeholdersOf(template).sort());
  expect(finding!.message).toBe(renderTemplate(template, data));
}

/**
 * The text of a rule's message with this data, for tests of what an adapter shows (CLI output, hovers, JSON):
 * the test names the message and its data, the wording comes from the rule.
 */
export function messageText(ruleId: string, messageId: string, data: MessageData = {}): string {
  const template = messageTemplate(ruleId, messageId);
  const missing = placeholdersOf(template).filter((name) => !(name in data));
  const unknown = Object.keys(data).filter((name) => !placeholdersOf(template).includes(name));
  if (missing.length > 0 || unknown.length > 0) throw new Error(`${ruleId}/${messageId}: missing ${missing.join(', ') || '-'}, unknown ${unknown.join(', ') || '-'}`);
  return renderTemplate(template, data);
}
