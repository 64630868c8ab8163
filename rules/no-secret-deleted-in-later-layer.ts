/** A sensitive file added by one instruction is removed by a later RUN: the earlier layer still holds it. */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-secret-deleted-in-later-layer',
    description: "A sensitive file added by one instruction is removed by a later RUN: the earlier layer still holds it.",
    severity: 'error',
    messages: {},
    help: "Don't copy the file into a layer at all: mount it for the one RUN that needs it (RUN --mount=type=secret,id=<id>,target=<path> …), or create, use and delete it inside a single RUN.",
    tags: ['security', 'secrets', 'CWE-212'],
    securitySeverity: 8.1,
    peers: ["Trivy/TruffleHog image scans find the leftover layer"],
  },
  check() {
    // Implemented in its own change.
  },
};
