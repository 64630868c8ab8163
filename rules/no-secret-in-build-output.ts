/** A RUN with a secret in scope prints or traces it (set -x, echo $SECRET, printenv, curl -v…): build logs are shared in CI. */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-secret-in-build-output',
    description: "A RUN with a secret in scope prints or traces it (set -x, echo $SECRET, printenv, curl -v…): build logs are shared in CI.",
    severity: 'warning',
    messages: {},
    help: "Remove tracing and printing from steps that handle secrets; BuildKit and CI logs are not secret storage.",
    tags: ['security', 'secrets', 'CWE-532'],
    securitySeverity: 5.3,
    peers: ["none"],
  },
  check() {
    // Implemented in its own change.
  },
};
