/**
 * A multi-stage Dockerfile and a sequence of edits to it, for tests that re-lint after every edit (engine edit
 * reuse, the language server): the edits touch every stage, an ONBUILD trigger, continuation lines, the WORKDIR
 * copies resolve against, a stage name a `COPY --from` reads, whether a RUN adds a secret a later RUN deletes
 * (also by turning it into a LABEL and back), and shift every position.
 */

/** The text before the first edit; `npmToken` is a fake token written to `/root/.npmrc` by a RUN. */
export function editSequenceStart(npmToken: string): string {
  return [
  '# syntax=docker/dockerfile:1',
  'ARG BASE=node:20',
  'FROM ${BASE} AS build',
  'WORKDIR /app',
  'COPY . .',
  `RUN echo "//registry.npmjs.org/:_authToken=${npmToken}" > /root/.npmrc`,
  'RUN npm ci && \\',
  '    npm run build',
  'ONBUILD COPY .env /app/.env',
  'ONBUILD RUN rm -f /app/.env',
  'ONBUILD RUN rm -f .env',
  'RUN rm -rf /root/.npmrc',
  'WORKDIR /app/out',
  '',
  'FROM build AS test',
  'RUN rm -f /app/.env && npm test',
  '',
  'FROM alpine:3.20 AS tools',
  'RUN echo hello > /opt/data',
  'RUN rm -f /opt/data',
  'COPY package.json /opt/',
  '',
  'FROM node:20-slim',
  'WORKDIR /app',
  'COPY --from=build /app ./',
  'COPY --from=build /root/.npmrc /root/.npmrc',
  `RUN echo "//registry.npmjs.org/:_authToken=${npmToken}" > /root/.npmrc && npm ci && rm -f /root/.npmrc`,
  'RUN <<EOF',
  'rm -f /app/.env /root/.npmrc',
  'EOF',
  'CMD ["node", "dist/index.js"]',
  '',
].join('\n');
}

/** Each step rewrites the text (the last leaves it as it is). */
export const EDIT_SEQUENCE: { name: string; apply: (text: string) => string }[] = [
  { name: 'the last line', apply: (t) => t.replace('dist/index.js', 'dist/main.js') },
  { name: 'a RUN of the final stage', apply: (t) => t.replace('rm -f /app/.env /root/.npmrc\nEOF', 'rm -f /root/.npmrc\nEOF') },
  { name: 'a RUN that now writes a secret (a later delete starts to matter)', apply: (t) => t.replace('RUN echo hello > /opt/data', 'RUN --mount=type=secret,id=npm cat /run/secrets/npm > /opt/data') },
  { name: 'that RUN turned into a LABEL (the later delete stops mattering)', apply: (t) => t.replace('RUN --mount=type=secret,id=npm cat /run/secrets/npm > /opt/data', 'LABEL org.example.data="hello"') },
  { name: 'the LABEL edited (the RUNs after it are reused)', apply: (t) => t.replace('LABEL org.example.data="hello"', 'LABEL org.example.data="hi"') },
  { name: 'the LABEL turned back into the RUN that writes a secret', apply: (t) => t.replace('LABEL org.example.data="hi"', 'RUN --mount=type=secret,id=npm cat /run/secrets/npm > /opt/data') },
  { name: 'that RUN back (the later delete stops mattering)', apply: (t) => t.replace('RUN --mount=type=secret,id=npm cat /run/secrets/npm > /opt/data', 'RUN echo hello > /opt/data') },
  { name: 'the middle stage', apply: (t) => t.replace('npm test', 'npm run test') },
  { name: 'an ONBUILD trigger', apply: (t) => t.replace('ONBUILD RUN rm -f /app/.env', 'ONBUILD RUN rm -rf /app/.env /app/tmp') },
  { name: 'a continuation line', apply: (t) => t.replace('    npm run build', '    npm run build && rm -f /app/.env') },
  { name: 'a continuation added at the end of a line', apply: (t) => t.replace('RUN npm ci && \\\n    npm run build && rm -f /app/.env', 'RUN npm ci && \\\n    npm run build && rm -f /app/.env \\') },
  { name: 'a line added inside a RUN (everything after it moves down)', apply: (t) => t.replace('RUN npm ci && \\\n', 'RUN npm ci && \\\n    npm run lint && \\\n') },
  { name: 'the continuation removed again', apply: (t) => t.replace('rm -f /app/.env \\\n', 'rm -f /app/.env\n') },
  { name: "the stage's last WORKDIR (ONBUILD triggers run with it)", apply: (t) => t.replace('WORKDIR /app/out', 'WORKDIR /app') },
  { name: 'a line inserted at the top (every position shifts)', apply: (t) => t.replace('ARG BASE=node:20\n', 'ARG BASE=node:20\nARG HELPER=1\n') },
  { name: 'the WORKDIR the copies resolve against', apply: (t) => t.replace('WORKDIR /app\nCOPY . .', 'WORKDIR /srv\nCOPY . .') },
  { name: 'the WORKDIR back', apply: (t) => t.replace('WORKDIR /srv\nCOPY . .', 'WORKDIR /app\nCOPY . .') },
  { name: 'the stage name a COPY --from reads', apply: (t) => t.replace('AS build\n', 'AS builder\n').replaceAll('--from=build ', '--from=builder ') },
  { name: 'a stage removed', apply: (t) => t.replace('FROM build AS test\nRUN rm -f /app/.env && npm run test\n\n', '') },
  { name: 'nothing (the same text again)', apply: (t) => t },
];

