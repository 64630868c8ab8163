/** Redaction for adapters: every text they show that did not come out of the engine goes through one of these. */
import { oneLine, safeText } from '../engine/lint.js';
import { scanForSecrets } from '../secrets/scan.js';

/** Replaces anything that looks like a secret with its masked preview (`ghp_…7l2 (40 chars)`): messages, log lines. */
export function redactSecrets(text: string): string {
  return safeText(text);
}

/** An error as adapters print it: the first line of its message, redacted. */
export function errorLine(error: unknown): string {
  return oneLine(error);
}

/**
 * Masks anything that looks like a secret with `*`, one per character, keeping line breaks: source text shown
 * in code frames keeps its columns, so carets still point at the right place.
 */
export function maskSecrets(text: string): string {
  const matches = scanForSecrets(text);
  if (matches.length === 0) return text;
  const chars = text.split('');
  for (const match of matches) {
    for (let i = Math.max(0, match.start); i < Math.min(match.end, chars.length); i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = '*';
  }
  return chars.join('');
}
