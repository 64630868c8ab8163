/** ARG with a secret-like name in a shipping stage: build-arg values are recorded in the image history and provenance. */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-secret-arg',
    description: "ARG with a secret-like name in a shipping stage: build-arg values are recorded in the image history and provenance.",
    severity: 'warning',
    messages: {},
    help: "Use a build secret instead of a build arg: RUN --mount=type=secret,id=<id>,env=<NAME> <command>, and docker build --secret id=<id>,env=<NAME>. Remove the ARG.",
    tags: ['security', 'secrets', 'CWE-214'],
    securitySeverity: 7.5,
    peers: ["BuildKit SecretsUsedInArgOrEnv", "Trivy DS-0031", "hadolint DL3064"],
  },
  check() {
    // Implemented in its own change.
  },
};
