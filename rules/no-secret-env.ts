/** ENV that bakes a secret (a literal or a value derived from a secret-like variable) into the image configuration. */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-secret-env',
    description: "ENV that bakes a secret (a literal or a value derived from a secret-like variable) into the image configuration.",
    severity: 'error',
    messages: {},
    help: "Don't bake secrets into ENV: pass them at run time (docker run -e / orchestrator secrets) or, for a build step, use RUN --mount=type=secret,id=<id>,env=<NAME>.",
    tags: ['security', 'secrets', 'CWE-526'],
    securitySeverity: 8.1,
    peers: ["BuildKit SecretsUsedInArgOrEnv", "Trivy DS-0031", "hadolint DL3064", "KICS secrets_env"],
  },
  check() {
    // Implemented in its own change.
  },
};
