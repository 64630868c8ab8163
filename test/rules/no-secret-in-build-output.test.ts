import { describe, expect, it } from 'vitest';
import { at, lint, type LintCaseOptions } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-secret-in-build-output';
const run = (text: string, options: LintCaseOptions = {}) => lint(text, { rules: [RULE], ...options });
const where = async (text: string, options: LintCaseOptions = {}) => (await run(text, options)).map((f) => `${at(f)} ${f.severity}`);

describe('no-secret-in-build-output: tracing', () => {
  it('✗ RUN --mount=type=secret,id=k,env=K set -x && ./deploy.sh', async () => {
    const findings = await run('FROM alpine\nRUN --mount=type=secret,id=k,env=K set -x && ./deploy.sh\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-in-build-output@2:40-2:42 warning']);
    expectMessage(findings[0]!, 'trace', { command: 'set -x', secret: 'secret "k" (env K)' });
    expect(findings[0]!.help).toContain('set +x');
    expect(findings[0]!.help).toContain('docker build --secret id=token,env=TOKEN');
  });

  it('set -eux / set -xe / set -o xtrace expanding a secret build arg', async () => {
    expect(await where('FROM node:20\nARG NPM_TOKEN\nRUN set -eux; curl -fsS -H "X-Token: $NPM_TOKEN" https://r.example.com\n')).toEqual(['no-secret-in-build-output@3:9-3:13 warning']);
    expect(await where('FROM node:20\nARG NPM_TOKEN\nRUN set -xe && export NODE_AUTH_TOKEN="$NPM_TOKEN" && npm ci\n')).toEqual(['no-secret-in-build-output@3:9-3:12 warning']);
    const findings = await run('FROM node:20\nARG NPM_TOKEN\nRUN set -o xtrace; curl -H "X: ${NPM_TOKEN}" https://r.example.com\n');
    expect(findings.map(at)).toEqual(['no-secret-in-build-output@3:9-3:11']);
    expect(findings[0]!.message).toContain('`set -o xtrace`');
  });

  it('a value read from a secret file while tracing is on', async () => {
    const findings = await run('FROM alpine\nRUN --mount=type=secret,id=t set -eux; T="$(cat /run/secrets/t)"; curl -fsS -H "X-Token: $T" https://api.example.com\n');
    expect(findings.map(at)).toEqual(['no-secret-in-build-output@2:34-2:38']);
    expect(findings[0]!.message).toContain('secret mount "t"');
  });

  it('✓ RUN set -eux; apt-get update (no secret in scope)', async () => {
    expect(await run('FROM debian:12\nRUN set -eux; apt-get update; apt-get install -y curl\n')).toEqual([]);
  });

  it('✓ official images: ENV GPG_KEY fingerprint + set -eux', async () => {
    const text = 'FROM debian:12-slim\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\nENV GPG_KEYS B42F6819007F00F88E364FD4036A9C25BF357DD4\n'
      + 'RUN set -eux; \\\n  gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$GPG_KEY"; \\\n  echo "$GPG_KEYS"\n';
    expect(await run(text)).toEqual([]);
  });

  it('✓ a build arg or ENV merely in scope while tracing (never expanded by the traced shell)', async () => {
    expect(await run('FROM node:20\nARG NPM_TOKEN\nRUN set -eux; npm ci\n')).toEqual([]);
    expect(await run('FROM php:8\nARG BLACKFIRE_CLIENT_TOKEN\nENV BLACKFIRE_CLIENT_TOKEN=${BLACKFIRE_CLIENT_TOKEN}\nRUN set -xe; pecl install redis\n')).toEqual([]);
  });

  it('✓ a secret file mount with tracing that never expands it', async () => {
    expect(await run('FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc set -eux; npm ci\n')).toEqual([]);
  });

  it('✓ tracing turned off before the secret is used', async () => {
    expect(await run('FROM alpine\nRUN --mount=type=secret,id=t,env=T set -eux; apk add curl; set +x; curl -fsS -H "X-Token: $T" https://api.example.com\n')).toEqual([]);
  });

  it('✗ tracing turned off only after the secret was expanded', async () => {
    expect(await where('FROM alpine\nRUN --mount=type=secret,id=t,env=T set -x; curl -fsS -H "X-Token: $T" https://x.example.com; set +x\n'))
      .toEqual(['no-secret-in-build-output@2:40-2:42 warning']);
  });

  it('✓ ENV with a literal placeholder value and ARG feature flags are not secrets to leak', async () => {
    expect(await run('FROM ruby:3\nENV SECRET_KEY_BASE=dummy\nARG INSTALL_SSHPASS=false\nRUN set -eux; bundle exec rake assets:precompile\n')).toEqual([]);
  });

  it('bash -x / sh -xc', async () => {
    expect(await where('FROM alpine\nRUN --mount=type=secret,id=t,env=T bash -x ./deploy.sh\n')).toEqual(['no-secret-in-build-output@2:41-2:43 warning']);
    const findings = await run('FROM alpine\nRUN --mount=type=secret,id=t sh -xc \'T=$(cat /run/secrets/t); ./deploy "$T"\'\n');
    expect(findings.map(at)).toEqual(['no-secret-in-build-output@2:33-2:36']);
    expectMessage(findings[0], 'traceChild', { command: 'sh -xc', secret: 'secret mount "t"' });
  });

  it('set -x inside sh -c', async () => {
    expect(await where('FROM alpine\nRUN --mount=type=secret,id=t,env=T sh -c \'set -x; curl -fsS -u "me:$T" https://x.example.com\'\n'))
      .toEqual(['no-secret-in-build-output@2:47-2:49 warning']);
  });

  it('SHELL with -x makes every RUN with a secret trace', async () => {
    const findings = await run('FROM debian:12\nSHELL ["/bin/bash", "-eux", "-o", "pipefail", "-c"]\nRUN apt-get update\nRUN --mount=type=secret,id=t,env=T ./deploy.sh\n');
    expect(findings.map(at)).toEqual(['no-secret-in-build-output@4:1-4:4']);
    expect(findings[0]!.related?.[0]?.line).toBe(2);
  });
});

describe('no-secret-in-build-output: printing', () => {
  it('✗ echo "token=$T"', async () => {
    const findings = await run('FROM alpine\nRUN --mount=type=secret,id=t,env=T echo "token=$T"\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual(['no-secret-in-build-output@2:41-2:51 warning']);
    expectMessage(findings[0]!, 'prints', { command: 'echo', secret: 'secret "t" (env T)' });
  });

  it('echo of a build arg, printf, echo to stderr, $(cat /run/secrets/x)', async () => {
    expect(await where('FROM alpine\nARG GITHUB_TOKEN\nRUN echo TOKEN ${GITHUB_TOKEN}\n')).toEqual(['no-secret-in-build-output@3:16-3:31 warning']);
    expect(await where('FROM alpine\nARG DB_PASSWORD\nRUN printf "%s\\n" "$DB_PASSWORD"\n')).toEqual(['no-secret-in-build-output@3:19-3:33 warning']);
    expect(await where('FROM alpine\nARG DB_PASSWORD\nRUN echo "$DB_PASSWORD" >&2\n')).toEqual(['no-secret-in-build-output@3:10-3:24 warning']);
    expect(await where('FROM alpine\nARG DB_PASSWORD\nRUN echo "$DB_PASSWORD" >&2; echo done\n')).toEqual(['no-secret-in-build-output@3:10-3:24 warning']);
    expect(await where('FROM alpine\nARG DB_PASSWORD\nRUN echo "$DB_PASSWORD" > /dev/stderr && echo ok\n')).toEqual(['no-secret-in-build-output@3:10-3:24 warning']);
    expect(await where('FROM alpine\nRUN --mount=type=secret,id=t echo "$(cat /run/secrets/t)"\n')).toEqual(['no-secret-in-build-output@2:35-2:58 warning']);
  });

  it('✓ echo into a file, a consumer or /dev/null; captured output', async () => {
    for (const body of [
      'echo "$T" | docker login -u me --password-stdin registry.example.com',
      'echo "$T" > /dev/null',
      'echo "//registry.npmjs.org/:_authToken=$T" > /tmp/npmrc && rm /tmp/npmrc',
      'X="$(echo "$T" | base64)" && ./use',
      'echo "token is set"',
    ]) {
      expect(await run(`FROM alpine\nRUN --mount=type=secret,id=t,env=T ${body}\n`), body).toEqual([]);
    }
  });

  it('cat /run/secrets/x to stdout', async () => {
    const findings = await run('FROM alpine\nRUN --mount=type=secret,id=mysecret cat /run/secrets/mysecret\n');
    expect(findings.map(at)).toEqual(['no-secret-in-build-output@2:37-2:62']);
    expectMessage(findings[0]!, 'printsFile', { command: 'cat', file: '/run/secrets/mysecret' });
    expect(await where('FROM alpine\nRUN --mount=type=secret,id=k,target=/root/key cat /root/key | head -c 20\n')).toEqual(['no-secret-in-build-output@2:47-2:60 warning']);
  });

  it('✓ cat of a secret into a consumer or a file', async () => {
    expect(await run('FROM alpine\nRUN --mount=type=secret,id=t cat /run/secrets/t | docker login -u me --password-stdin r.example.com\n')).toEqual([]);
    expect(await run('FROM alpine\nRUN --mount=type=secret,id=t cat /run/secrets/t | sha256sum\n')).toEqual([]);
  });

  it('printenv, bare env, env | sort, export -p, declare -p, set', async () => {
    const findings = await run('FROM alpine\nRUN --mount=type=secret,id=t,env=T printenv; env | sort; export -p; declare -p; set\n');
    expect(findings.map(at)).toEqual([
      'no-secret-in-build-output@2:36-2:44',
      'no-secret-in-build-output@2:46-2:49',
      'no-secret-in-build-output@2:58-2:67',
      'no-secret-in-build-output@2:69-2:79',
      'no-secret-in-build-output@2:81-2:84',
    ]);
    expectMessage(findings[0]!, 'dumps', { command: 'printenv', what: 'the environment', secret: 'secret "t" (env T)' });
  });

  it('printenv of the secret variable itself', async () => {
    const findings = await run('FROM alpine\nARG API_TOKEN\nRUN printenv API_TOKEN\n');
    expectMessage(findings[0]!, 'prints', { command: 'printenv API_TOKEN', secret: 'build arg API_TOKEN' });
  });

  it('✓ env as a wrapper, printenv of other variables, env written to a file, grep -q', async () => {
    for (const body of ['env NODE_ENV=production ./build.sh', 'printenv HOME PATH', 'env > /tmp/env.txt && rm /tmp/env.txt', 'env | grep -q CI', 'export X=1']) {
      expect(await run(`FROM alpine\nRUN --mount=type=secret,id=t,env=T ${body}\n`), body).toEqual([]);
    }
  });
});

describe('no-secret-in-build-output: verbose HTTP and git tracing', () => {
  it('✗ curl -v with an Authorization header', async () => {
    const findings = await run('FROM alpine\nRUN --mount=type=secret,id=t,env=T curl -v -H "Authorization: Bearer $T" https://api.example.com\n');
    expect(findings.map(at)).toEqual(['no-secret-in-build-output@2:41-2:43']);
    expectMessage(findings[0]!, 'verbose', { command: 'curl', flag: '-v', secret: 'secret "t" (env T)' });
  });

  it('curl --verbose, clustered -fsSLv, --trace-ascii, -v with a secret netrc', async () => {
    expect(await where('FROM alpine\nARG API_TOKEN\nRUN curl --verbose -u "me:$API_TOKEN" https://x.example.com\n')).toEqual(['no-secret-in-build-output@3:10-3:19 warning']);
    expect(await where('FROM alpine\nARG API_TOKEN\nRUN curl -fsSLv -H "X-Key: $API_TOKEN" https://x.example.com\n')).toEqual(['no-secret-in-build-output@3:10-3:16 warning']);
    expect(await where('FROM alpine\nARG API_TOKEN\nRUN curl --trace-ascii - -H "X-Key: $API_TOKEN" https://x.example.com\n')).toEqual(['no-secret-in-build-output@3:10-3:23 warning']);
    expect(await where('FROM alpine\nRUN --mount=type=secret,id=netrc curl -v --netrc-file /run/secrets/netrc https://x.example.com\n')).toEqual(['no-secret-in-build-output@2:39-2:41 warning']);
  });

  it('✓ RUN --mount=type=secret,id=t,env=T curl -fsS -H "Authorization: Bearer $T" …', async () => {
    expect(await run('FROM alpine\nRUN --mount=type=secret,id=t,env=T curl -fsS -H "Authorization: Bearer $T" https://api.example.com\n')).toEqual([]);
  });

  it('✓ curl -v without credentials, curl -o (not verbose)', async () => {
    expect(await run('FROM alpine\nRUN --mount=type=secret,id=t,env=T curl -v https://example.com/health\n')).toEqual([]);
    expect(await run('FROM alpine\nARG API_TOKEN\nRUN curl -fsSLo out.bin -H "X-Key: $API_TOKEN" https://x.example.com\n')).toEqual([]);
  });

  it('GIT_TRACE=1 / GIT_CURL_VERBOSE=1 / export GIT_TRACE_CURL=1', async () => {
    const findings = await run('FROM alpine\nRUN --mount=type=secret,id=t,env=T GIT_TRACE=1 git clone https://x.example.com/r.git\n');
    expect(findings.map(at)).toEqual(['no-secret-in-build-output@2:36-2:47']);
    expectMessage(findings[0]!, 'gitTrace', { variable: 'GIT_TRACE', secret: 'secret "t" (env T)' });
    expect(await where('FROM alpine\nARG GIT_TOKEN\nRUN export GIT_CURL_VERBOSE=1 && git fetch\n')).toEqual(['no-secret-in-build-output@3:12-3:30 warning']);
    expect(await where('FROM alpine\nENV GIT_TRACE_CURL=1\nRUN --mount=type=secret,id=gitcreds,target=/root/.git-credentials git fetch\n')).toEqual(['no-secret-in-build-output@3:67-3:70 warning']);
  });

  it('✓ GIT_TRACE=0 and git tracing without secrets', async () => {
    expect(await run('FROM alpine\nARG GIT_TOKEN\nRUN GIT_TRACE=0 git fetch\n')).toEqual([]);
    expect(await run('FROM alpine\nRUN GIT_TRACE=1 git clone https://github.com/org/public.git\n')).toEqual([]);
  });
});

describe('no-secret-in-build-output: stages, ONBUILD, heredocs, syntax variants, directives', () => {
  it('non-shipping stages are silent unless stages: all', async () => {
    const text = 'FROM alpine AS build\nRUN --mount=type=secret,id=t,env=T set -x && ./build.sh\nFROM alpine\nCOPY --from=build /out /out\n';
    expect(await run(text)).toEqual([]);
    expect(await where(text, { ruleSettings: { [RULE]: { options: { stages: 'all' } } } })).toEqual(['no-secret-in-build-output@2:40-2:42 warning']);
  });

  it('ONBUILD RUN', async () => {
    expect(await where('FROM alpine\nONBUILD RUN --mount=type=secret,id=t,env=T echo "$T"\n')).toEqual(['no-secret-in-build-output@2:49-2:53 warning']);
  });

  it('RUN heredoc bodies', async () => {
    expect(await where('FROM alpine\nRUN --mount=type=secret,id=t,env=T <<EOF\nset -eux\n./deploy.sh\nEOF\n')).toEqual(['no-secret-in-build-output@3:5-3:9 warning']);
  });

  it('lower case, line continuations and the escape directive', async () => {
    expect(await where('from alpine\narg NPM_TOKEN\nrun set -x \\\n && echo "//r/:_authToken=$NPM_TOKEN" > .npmrc\n')).toEqual(['no-secret-in-build-output@3:9-3:11 warning']);
    expect(await where('# escape=`\nFROM alpine\nARG NPM_TOKEN\nRUN npm ci && `\n  echo $NPM_TOKEN\n')).toEqual(['no-secret-in-build-output@5:8-5:18 warning']);
  });

  it('honours dockerlint-disable-next-line', async () => {
    expect(await run('FROM alpine\nARG NPM_TOKEN\n# dockerlint-disable-next-line no-secret-in-build-output\nRUN set -x && curl -H "X: $NPM_TOKEN" https://r.example.com\n')).toEqual([]);
  });

  it('never puts a literal value into the message', async () => {
    const findings = await run('FROM alpine\nARG DB_PASSWORD=hunter2-not-real\nRUN echo "$DB_PASSWORD"\n');
    expect(findings).toHaveLength(1);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });
});

describe('no-secret-in-build-output: undeclared variables', () => {
  it('an undeclared variable is empty at build time: echoing it prints nothing secret; once declared it does', async () => {
    expect(await where('FROM alpine\nRUN echo "token is $NPM_TOKEN"\n')).toEqual([]);
    expect(await where('FROM alpine\nARG NPM_TOKEN\nRUN echo "token is $NPM_TOKEN"\n')).toEqual([`${RULE}@3:10-3:31 warning`]);
  });
});
