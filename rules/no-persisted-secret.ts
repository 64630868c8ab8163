/** A RUN in a shipping stage writes a secret into the image filesystem (a credential-storing command, or a copy of a secret mount). */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-persisted-secret',
    description: "A RUN in a shipping stage writes a secret into the image filesystem (a credential-storing command, or a copy of a secret mount).",
    severity: 'error',
    messages: {},
    help: "Mount the secret where the tool reads it instead of letting the tool copy it: e.g. RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci, or RUN --mount=type=secret,id=token,env=TOKEN <command>.",
    tags: ['security', 'secrets', 'CWE-312'],
    securitySeverity: 8.1,
    peers: ["Trivy DS-0031 (aws configure set, partly)"],
  },
  check() {
    // Implemented in its own change.
  },
};
