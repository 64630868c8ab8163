/**
 * Masked previews of secrets. Every message, log line and report of ours goes through these: a preview
 * shows at most 4 leading and 3 trailing characters, and only for values of 24 characters or more (so at least 17 stay hidden).
 */
import { escapeRegExp } from '../regexp.js';

const PREVIEW_MIN_LENGTH = 24;

/** Keeps a preview on one line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]/g, ' ');
}

/** `ghp_…7l2 (40 chars)`; values shorter than 24 characters → `•••• (N chars)`. */
export function redact(value: string): string {
  const chars = Array.from(value); // code points: never split a surrogate pair
  const count = `(${chars.length} chars)`;
  const masked = `•••• ${count}`;
  const candidates =
    chars.length >= PREVIEW_MIN_LENGTH
      ? [`${oneLine(chars.slice(0, 4).join(''))}…${oneLine(chars.slice(-3).join(''))} ${count}`, masked]
      : [masked];
  candidates.push('[REDACTED]', '***');
  // Paranoia: a crafted value could equal its own preview text; fall back until it is not contained.
  for (const candidate of candidates) if (value === '' || !candidate.includes(value)) return candidate;
  return '***';
}

/** Replaces every occurrence of each secret in `text` with its redaction (single pass, longest first). */
export function redactText(text: string, secrets: readonly string[]): string {
  const unique = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return text;
  const replacement = new Map<string, string>();
  for (const secret of unique) {
    let preview = redact(secret);
    // A preview must not spell out another (shorter) secret either.
    if (unique.some((other) => other !== secret && preview.includes(other))) preview = `•••• (${Array.from(secret).length} chars)`;
    if (unique.some((other) => preview.includes(other))) preview = '***';
    replacement.set(secret, preview);
  }
  const alternation = unique.map(escapeRegExp).join('|');
  return text.replace(new RegExp(alternation, 'g'), (found) => replacement.get(found) ?? '***');
}

/** True when `text` contains any of the secrets verbatim (for tests and output guards). */
export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret.length > 0 && text.includes(secret));
}
