/** The final image copies from another stage a path that holds a secret that stage put there. */
import type { Rule } from '@dockerlint/core';

export const rule: Rule = {
  meta: {
    id: 'no-secret-stage-copy',
    description: "The final image copies from another stage a path that holds a secret that stage put there.",
    severity: 'error',
    messages: {},
    help: "Copy only the build output (COPY --from=build /app/dist /app/dist), or keep the secret out of the builder's filesystem with RUN --mount=type=secret.",
    tags: ['security', 'secrets', 'CWE-538'],
    securitySeverity: 8.1,
    peers: ["none of the peers follow secrets across stages"],
  },
  check() {
    // Implemented in its own change.
  },
};
