/** COPY/ADD of the build context (or a broad part of it) in a shipping stage while the effective .dockerignore lets sensitive files such as .env or .git/ through. */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-context-secrets',
    description: "COPY/ADD of the build context (or a broad part of it) in a shipping stage while the effective .dockerignore lets sensitive files such as .env or .git/ through.",
    severity: 'error',
    messages: {},
    help: "Add the listed files to the .dockerignore that applies (dockerlint --fix does it), or copy only what the build needs (COPY package*.json src/ ./).",
    usesContext: true,
    tags: ['security', 'secrets', 'CWE-538'],
    securitySeverity: 8.1,
    peers: ["BuildKit CopyIgnoredFile (the inverse check)", "Trivy DS-0031 (no context check)"],
  },
  check() {
    // Implemented in its own change.
  },
};
