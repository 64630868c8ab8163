/**
 * Every rule through ESLint 10's RuleTester (`dockerlint/dockerfile` language): valid and invalid cases taken from
 * the rule pages, with exact positions. Rules run as `rule-to-test/<id>` under RuleTester, so directive comments in these
 * cases name that; real ids are covered in directives.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { RuleTester } from 'eslint';
import { fakes } from '@dockerlint/core/testing';
import dockerlint from '../../packages/eslint-plugin/src/index.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ plugins: { dockerlint }, language: 'dockerlint/dockerfile' });
const rules = dockerlint.rules as Record<string, Parameters<RuleTester['run']>[1]>;

/** `{ line, column, endLine, endColumn }` of the first `needle` in `text` (1-based, end exclusive). */
function at(text: string, needle: string, from = 0) {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`${needle} not in text`);
  const pos = (offset: number) => {
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  };
  const s = pos(start);
  const e = pos(start + needle.length);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

// A real build context on disk for the context rule (created synchronously: RuleTester collects cases at load).
const tmp = mkdtempSync(join(tmpdir(), 'dockerlint-ruletester-'));
const leaky = join(tmp, 'leaky');
const guarded = join(tmp, 'guarded');
for (const dir of [leaky, guarded]) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'index.js'), 'console.log(1);\n');
  writeFileSync(join(dir, '.env'), 'API_KEY=placeholder\n');
}
writeFileSync(join(leaky, '.dockerignore'), 'node_modules\n');
writeFileSync(join(guarded, '.dockerignore'), '**/.env*\n.git\n*.pem\n');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ghp = fakes.githubClassic(7);

describe('RuleTester (ESLint 10)', () => {
  tester.run('no-context-secrets', rules['no-context-secrets']!, {
    valid: [
      { code: 'FROM node:20\nCOPY . /srv\n', filename: join(guarded, 'Dockerfile') },
      { code: 'FROM node:20\nCOPY src/ /srv/src/\n', filename: join(leaky, 'Dockerfile') },
    ],
    invalid: [
      // RULES ✗: COPY . /srv with a .dockerignore of node_modules and a .env in the context.
      { code: 'FROM node:20\nCOPY . /srv\n', filename: join(leaky, 'Dockerfile'), errors: [{ messageId: 'wouldCopy', ...at('FROM node:20\nCOPY . /srv\n', '.', 13) }] },
      // No context on disk: no .dockerignore is known.
      { code: 'FROM node:20\nCOPY . /srv\n', errors: [{ messageId: 'noIgnoreFile', ...at('FROM node:20\nCOPY . /srv\n', '.', 13) }] },
    ],
  });

  tester.run('no-secret-file-copy', rules['no-secret-file-copy']!, {
    valid: ['FROM node:20\nCOPY package.json ./\n', 'FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n'],
    invalid: [
      {
        code: 'FROM node:20\nCOPY .npmrc ./\nRUN npm ci\n',
        errors: [
          {
            messageId: 'copiesFile',
            ...at('FROM node:20\nCOPY .npmrc ./\nRUN npm ci\n', '.npmrc'),
            suggestions: [
              {
                desc: 'Remove .npmrc from the image and mount it on the next RUN (line 3) instead; build with docker build --secret id=npmrc,src=.npmrc',
                output: 'FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/.npmrc npm ci\n',
              },
            ],
          },
        ],
      },
    ],
  });

  const deleted = 'FROM alpine\nCOPY certs/client.key /tmp/\nRUN use-it && rm /tmp/client.key\n';
  tester.run('no-secret-deleted-in-later-layer', rules['no-secret-deleted-in-later-layer']!, {
    valid: ['FROM alpine\nRUN --mount=type=secret,id=x,env=X echo "$X" > /tmp/k && use /tmp/k && rm /tmp/k\n'],
    // Reported at the deleting instruction.
    invalid: [{ code: deleted, errors: [{ messageId: 'deleted', line: 3, endLine: 3 }] }],
  });

  tester.run('no-secret-arg', rules['no-secret-arg']!, {
    valid: [
      'FROM node:20\nARG TOKENIZER_PATH\nARG PASSWORD_MIN_LENGTH\nARG NODE_VERSION\n',
      // Only in a builder stage that does not ship…
      'FROM node:20 AS build\nARG NPM_TOKEN\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app/dist /app\n',
      // …and suppressed by a directive.
      'FROM node:20\n# eslint-disable-next-line rule-to-test/no-secret-arg\nARG NPM_TOKEN\n',
    ],
    invalid: [
      {
        code: 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n',
        errors: [
          {
            messageId: 'secretArgInHistory',
            ...at('FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n', 'NPM_TOKEN'),
            suggestions: [
              {
                desc: 'Remove ARG NPM_TOKEN; give the step that needs it --mount=type=secret,id=npm_token,env=NPM_TOKEN and build with docker build --secret id=npm_token,env=NPM_TOKEN',
                output: 'FROM node:20\nRUN npm ci\n',
              },
            ],
          },
        ],
      },
      // No RUN after the ARG: only the provenance holds the value (the core rule's warning case).
      {
        code: 'FROM node:20\nARG NPM_TOKEN\n',
        errors: [
          {
            messageId: 'secretArgProvenance',
            ...at('FROM node:20\nARG NPM_TOKEN\n', 'NPM_TOKEN'),
            suggestions: [
              {
                desc: 'Remove ARG NPM_TOKEN; give the step that needs it --mount=type=secret,id=npm_token,env=NPM_TOKEN and build with docker build --secret id=npm_token,env=NPM_TOKEN',
                output: 'FROM node:20\n',
              },
            ],
          },
        ],
      },
      // Rule options are the core rule's options: stages "all" also reports the builder stage.
      {
        code: 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app/dist /app\n',
        options: [{ stages: 'all' }],
        errors: [
          {
            messageId: 'secretArgInHistory',
            line: 2,
            column: 5,
            endLine: 2,
            endColumn: 14,
            suggestions: [
              {
                desc: 'Remove ARG NPM_TOKEN; give the step that needs it --mount=type=secret,id=npm_token,env=NPM_TOKEN and build with docker build --secret id=npm_token,env=NPM_TOKEN',
                output: 'FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app/dist /app\n',
              },
            ],
          },
        ],
      },
    ],
  });

  const derived = 'FROM alpine\nARG SECRET_KEY_BASE\nENV SECRET_KEY_BASE=$SECRET_KEY_BASE\n';
  tester.run('no-secret-env', rules['no-secret-env']!, {
    valid: [
      'FROM alpine\nENV NODE_ENV=production PORT=8080\n',
      'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db\n',
      'FROM python:3.12\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\n',
    ],
    invalid: [{ code: derived, errors: [{ messageId: 'derived', line: 3, column: 5, endLine: 3, endColumn: 37 }] }],
  });

  const header = `FROM alpine\nRUN curl -H "Authorization: Bearer ${ghp}" https://api.github.com/user\n`;
  tester.run('no-hardcoded-secret', rules['no-hardcoded-secret']!, {
    valid: [
      'FROM alpine\nRUN curl -H "Authorization: Bearer $GH_TOKEN" https://api.github.com/user\n',
      'FROM alpine\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n',
      'FROM alpine\nRUN --mount=type=secret,id=gh curl -H "Authorization: Bearer $(cat /run/secrets/gh)" https://api.github.com\n',
    ],
    // Exactly at the token; fires in every stage.
    invalid: [
      { code: header, errors: [{ messageId: 'token', ...at(header, ghp) }] },
      { code: `FROM alpine AS unused\nRUN curl -H "Authorization: Bearer ${ghp}" x\nFROM alpine\n`, errors: [{ messageId: 'token', line: 2 }] },
    ],
  });

  const npmrc = 'FROM node:20\nRUN --mount=type=secret,id=npm npm config set //registry.npmjs.org/:_authToken=$(cat /run/secrets/npm)\n';
  tester.run('no-persisted-secret', rules['no-persisted-secret']!, {
    valid: [
      'FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n',
      'FROM alpine\nRUN --mount=type=secret,id=token,env=GH_TOKEN gh api /user\n',
      'FROM alpine\nRUN --mount=type=ssh git clone git@github.com:org/repo.git\n',
    ],
    invalid: [{ code: npmrc, errors: [{ messageId: 'credential', line: 2, column: 32, endLine: 2, endColumn: 103 }] }],
  });

  const stageCopy = 'FROM node:20 AS deps\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN && npm ci -g some-cli\nFROM node:20-slim\nCOPY --from=deps /root /root\n';
  tester.run('no-secret-stage-copy', rules['no-secret-stage-copy']!, {
    valid: ['FROM node:20 AS build\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist /app/dist\n'],
    // Reported at the COPY --from.
    invalid: [{ code: stageCopy, errors: [{ messageId: 'copied', line: 5, column: 18, endLine: 5, endColumn: 23 }] }],
  });

  const trace = 'FROM alpine\nRUN --mount=type=secret,id=token,env=GH_TOKEN set -x && curl -H "Authorization: token $GH_TOKEN" https://api.github.com\n';
  tester.run('no-secret-in-build-output', rules['no-secret-in-build-output']!, {
    valid: ['FROM alpine\nRUN --mount=type=secret,id=token,env=GH_TOKEN curl -sf -H "Authorization: token $GH_TOKEN" https://api.github.com\n', 'FROM alpine\nRUN set -x && apk add curl\n'],
    invalid: [{ code: trace, errors: [{ messageId: 'trace', ...at(trace, '-x') }] }],
  });

  tester.run('parse-error', rules['parse-error']!, {
    valid: ['FROM alpine\nRUN true\n'],
    invalid: [{ code: 'FROM alpine\nFOOBAR x\n', errors: [{ messageId: 'parse-error', line: 2, column: 1, endLine: 2, endColumn: 7 }] }],
  });
});
