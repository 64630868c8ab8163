/** A literal secret (provider token, private key, password, credentials in a URL…) written in the Dockerfile. */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-hardcoded-secret',
    description: "A literal secret (provider token, private key, password, credentials in a URL…) written in the Dockerfile.",
    severity: 'error',
    messages: {},
    help: "Revoke and rotate the secret, remove it from the Dockerfile and its git history, and pass it at build time with RUN --mount=type=secret,id=<id>[,env=<NAME>] and docker build --secret id=<id>,env=<NAME>.",
    tags: ['security', 'secrets', 'CWE-798'],
    securitySeverity: 9.1,
    peers: ["gitleaks", "secretlint", "Trivy secret scanner", "KICS Passwords And Secrets"],
  },
  check() {
    // Implemented in its own change.
  },
};
