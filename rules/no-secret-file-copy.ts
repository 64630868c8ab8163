/** COPY/ADD that names a credential file or directory explicitly (.npmrc, id_rsa, credentials.json…) in a shipping stage. */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-secret-file-copy',
    description: "COPY/ADD that names a credential file or directory explicitly (.npmrc, id_rsa, credentials.json…) in a shipping stage.",
    severity: 'error',
    messages: {},
    help: "Give the step that needs the file a build secret instead: RUN --mount=type=secret,id=<id>,target=<path> <command>, built with docker build --secret id=<id>,src=<file>; for SSH keys use RUN --mount=type=ssh and docker build --ssh default.",
    tags: ['security', 'secrets', 'CWE-538'],
    securitySeverity: 8.1,
    peers: ["Dockle CIS-DI-0010 (image scan)", "Trivy DS-0031 (secret file copies)"],
  },
  check() {
    // Implemented in its own change.
  },
};
