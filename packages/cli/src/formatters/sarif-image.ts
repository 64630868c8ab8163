/** SARIF parts of a finding from a built image: the image location as a logical location, and the `--verify` status. */
import type { Finding } from '@dockerlint/core';

function logicalName(image: NonNullable<Finding['image']>): { name: string; fullyQualifiedName: string } {
  const prefix = `${image.image}${image.platform ? `[${image.platform}]` : ''}`;
  if (image.kind === 'layer') {
    const name = image.path ?? '/';
    return { name, fullyQualifiedName: `${prefix}/layer/${image.layer ?? 0}@${image.layerDigest ?? ''}${name}` };
  }
  if (image.kind === 'config') return { name: image.field ?? 'config', fullyQualifiedName: `${prefix}/config/${image.field ?? ''}` };
  const entry = `history/${(image.historyIndex ?? 0) + 1}`;
  return { name: entry, fullyQualifiedName: `${prefix}/${entry}` };
}

/** `logicalLocations` for the result's location (undefined for a Dockerfile-only finding). */
export function sarifLogicalLocations(finding: Finding): Array<Record<string, unknown>> | undefined {
  if (!finding.image) return undefined;
  return [{ ...logicalName(finding.image), kind: 'resource' }];
}

/** Result `properties` carrying the image location and the verification status. */
export function sarifImageProperties(finding: Finding): Record<string, unknown> | undefined {
  if (!finding.image && !finding.verification) return undefined;
  return {
    ...(finding.image ? { image: finding.image } : {}),
    ...(finding.verification ? { verification: finding.verification.status } : {}),
  };
}
