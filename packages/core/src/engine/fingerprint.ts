/** Stable finding fingerprints: independent of line numbers, so unrelated edits don't change them. */
import { createHash } from 'node:crypto';

export function fingerprintOf(parts: { ruleId: string; messageId: string; file: string; anchorText: string; occurrence: number }): string {
  const normalisedAnchor = parts.anchorText.replace(/\s+/g, ' ').trim();
  const normalisedFile = parts.file.replace(/\\/g, '/');
  return createHash('sha256')
    .update([parts.ruleId, parts.messageId, normalisedFile, normalisedAnchor, String(parts.occurrence)].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
