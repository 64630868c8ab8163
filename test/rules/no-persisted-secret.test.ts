import { describe, expect, it } from 'vitest';
import { fakes } from '@dockerlint/core/testing';
import { at, lint } from '../helpers/lint.js';
import { expectMessage } from '../helpers/messages.js';

const RULE = 'no-persisted-secret';
const run = (text: string, options: Parameters<typeof lint>[1] = {}) => lint(text, { rules: [RULE], ...options });
const brief = async (text: string, options: Parameters<typeof lint>[1] = {}) => (await run(text, options)).map((f) => `${at(f)} ${f.severity}`);

describe('no-persisted-secret: credential-storing commands', () => {
  it('npm set with a token read from a secret mount (✗ reported)', async () => {
    const text = 'FROM node:20\nRUN --mount=type=secret,id=npm NPM_TOKEN=$(cat /run/secrets/npm) npm set //registry.npmjs.org/:_authToken=$NPM_TOKEN && npm ci\n';
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@2:66-2:117 error`]);
    expectMessage(findings[0]!, 'credential', { description: 'npm config set …:_authToken writes the credential to /root/.npmrc', source: 'NPM_TOKEN (from secret mount "npm")' });
    expect(findings[0]!.help).toContain('--mount=type=secret,id=npmrc,target=/root/.npmrc');
  });

  it('npm config set with a build arg, in the WORKDIR-independent user config', async () => {
    const text = 'FROM node:20\nARG NPM_TOKEN\nWORKDIR /app\nRUN npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN\nRUN npm ci\n';
    const findings = await run(text);
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@4:5-4:63 error`]);
    expect(findings[0]!.message).toContain('build arg NPM_TOKEN');
  });

  it('docker login --password-stdin fed by echo (✗ reported)', async () => {
    const findings = await run('FROM docker:27\nARG DOCKER_PASSWORD\nRUN echo "$DOCKER_PASSWORD" | docker login -u me --password-stdin\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@3:31-3:66 error`]);
    expect(findings[0]!.message).toContain('/root/.docker/config.json');
  });

  it('docker login fed by aws ecr get-login-password', async () => {
    const findings = await run('FROM docker:27\nRUN aws ecr get-login-password | docker login --username AWS --password-stdin 1.dkr.ecr.eu-west-1.amazonaws.com\n');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('error');
    expect(findings[0]!.message).toContain('the output of aws ecr get-login-password');
  });

  it('git config credential.helper store is a warning: nothing proves a credential was stored yet', async () => {
    expect(await brief('FROM alpine/git\nRUN git config --global credential.helper store\n')).toEqual([`${RULE}@2:5-2:48 warning`]);
  });

  it('aws configure set: an undeclared variable is empty at build time (warning: only the base image could set it); a secret mount is an error', async () => {
    expect(await brief('FROM amazon/aws-cli\nRUN aws configure set aws_secret_access_key $AWS_SECRET_ACCESS_KEY\n')).toEqual([`${RULE}@2:5-2:67 warning`]);
    expect(await brief('FROM amazon/aws-cli\nENV AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\nRUN aws configure set aws_secret_access_key $AWS_SECRET_ACCESS_KEY\n')).toEqual([`${RULE}@3:5-3:67 error`]);
    expect(await brief('FROM amazon/aws-cli\nRUN --mount=type=secret,id=aws,env=AWS_SECRET_ACCESS_KEY aws configure set aws_secret_access_key $AWS_SECRET_ACCESS_KEY\n')).toEqual([`${RULE}@2:58-2:120 error`]);
  });

  it('cargo login, composer http-basic, poetry http-basic, yarn npmAuthToken', async () => {
    expect(await brief('FROM rust:1\nARG CARGO_TOKEN\nRUN cargo login $CARGO_TOKEN\n')).toEqual([`${RULE}@3:5-3:29 error`]);
    expect(await brief('FROM composer:2\nRUN composer config --global http-basic.repo.example.com user $PW\n')).toEqual([`${RULE}@2:5-2:66 warning`]);
    expect(await brief('FROM composer:2\nARG PW\nRUN composer config --global http-basic.repo.example.com user $PW\n')).toEqual([`${RULE}@3:5-3:66 error`]);
    expect(await brief('FROM python:3.12\nARG POETRY_PASSWORD\nRUN poetry config http-basic.private user $POETRY_PASSWORD\n')).toEqual([`${RULE}@3:5-3:59 error`]);
    expect(await brief('FROM node:20\nARG NPM_TOKEN\nRUN yarn config set npmAuthToken $NPM_TOKEN\n')).toEqual([`${RULE}@3:5-3:44 error`]);
  });

  it('git clone with credentials in the URL keeps them in .git/config (✗ reported)', async () => {
    const findings = await run('FROM alpine/git\nWORKDIR /src\nARG GIT_USER GIT_TOKEN\nRUN git clone https://${GIT_USER}:${GIT_TOKEN}@github.com/org/repo.git\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@4:5-4:71 error`]);
    expect(findings[0]!.message).toContain('/src/repo/.git/config');
  });

  it('git clone / remote set-url with a credential spliced in by command substitution keeps it in .git/config', async () => {
    const clone = await run('FROM alpine/git\nRUN --mount=type=secret,id=gh git clone "https://x-access-token:$(cat /run/secrets/gh)@github.com/org/repo.git" /src\n');
    expect(clone.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@2:31-2:117 error`]);
    expectMessage(clone[0]!, 'credential', { description: 'git clone keeps the credentials of the clone URL in /src/.git/config (remote.origin.url)', source: 'secret mount "gh"' });
    // Backticks, a custom mount target and git remote set-url are the same class.
    expect(await brief('FROM alpine/git\nRUN --mount=type=secret,id=gh git clone "https://oauth2:`cat /run/secrets/gh`@gitlab.com/org/repo.git" /src\n')).toEqual([`${RULE}@2:31-2:108 error`]);
    expect(await brief('FROM alpine/git\nRUN --mount=type=secret,id=gh,target=/tmp/gh git clone https://$(cat /tmp/gh)@github.com/org/repo.git\n')).toEqual([`${RULE}@2:46-2:102 error`]);
    expect(await brief('FROM alpine/git\nWORKDIR /src\nRUN --mount=type=secret,id=gh git remote set-url origin "https://u:$(cat /run/secrets/gh)@github.com/o/r.git"\n')).toEqual([`${RULE}@3:31-3:110 error`]);
  });

  it('stays clean for a command substitution that is not a credential, and when the clone is removed in the same RUN', async () => {
    expect(await brief('FROM alpine/git\nRUN git clone "https://github.com/org/$(cat /etc/repo-name).git" /src\n')).toEqual([]);
    expect(await brief('FROM alpine/git\nRUN --mount=type=secret,id=gh git clone "https://x-access-token:$(cat /run/secrets/gh)@github.com/org/repo.git" /src && make -C /src && rm -rf /src\n')).toEqual([]);
    expect(await brief('FROM alpine/git\nRUN --mount=type=secret,id=gh git -c "http.extraHeader=Authorization: Bearer $(cat /run/secrets/gh)" clone https://github.com/org/repo.git /src\n')).toEqual([]);
  });

  it('an undeclared variable is empty at build time: writing it is not a secret flow (never an error)', async () => {
    // Not a credential file: nothing to report.
    expect(await brief('FROM node:20\nRUN printf "%s" "$API_KEY" > /app/key.txt\n')).toEqual([]);
    // A credential file: its content is unknown (the base image could set the variable), so a warning.
    expect(await brief('FROM node:20\nWORKDIR /app\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\n')).toEqual([`${RULE}@3:58-3:66 warning`]);
    // The same lines fire as errors once the variable is declared (ARG, ENV, a secret mount env) or set by the shell.
    expect(await brief('FROM node:20\nARG API_KEY\nRUN printf "%s" "$API_KEY" > /app/key.txt\n')).toEqual([`${RULE}@3:28-3:42 error`]);
    expect(await brief('FROM node:20\nWORKDIR /app\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\n')).toEqual([`${RULE}@4:58-4:66 error`]);
    expect(await brief('FROM node:20\nRUN --mount=type=secret,id=k,env=API_KEY printf "%s" "$API_KEY" > /app/key.txt\n')).toEqual([`${RULE}@2:65-2:79 error`]);
    expect(await brief('FROM node:20\nRUN API_KEY=$(curl -fsS http://vault.internal/key) && printf "%s" "$API_KEY" > /app/key.txt\n')).toEqual([`${RULE}@2:78-2:92 error`]);
  });

  it('gcloud auth activate-service-account imports the key file', async () => {
    expect(await brief('FROM google/cloud-sdk\nRUN gcloud auth activate-service-account --key-file=/tmp/sa.json\n')).toEqual([`${RULE}@2:5-2:65 error`]);
  });

  it('git config url.<token-url>.insteadOf', async () => {
    const findings = await run('FROM golang:1.22\nARG TOKEN\nRUN git config --global url."https://x-access-token:${TOKEN}@github.com/".insteadOf "https://github.com/"\n');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('/root/.gitconfig');
  });

  it('a literal token in a credential command is an error and never printed', async () => {
    const token = fakes.npmToken(3);
    const findings = await run(`FROM node:20\nRUN npm config set //registry.npmjs.org/:_authToken=${token}\n`);
    expect(findings.map((f) => f.severity)).toEqual(['error']);
    expect(JSON.stringify(findings)).not.toContain(token);
  });

  it('chpasswd stores a hash: warning', async () => {
    expect(await brief("FROM debian\nRUN echo 'app:S3cure-Passw0rd' | chpasswd\n")).toEqual([`${RULE}@2:34-2:42 warning`]);
  });

  it('interactive logins are warnings', async () => {
    expect(await brief('FROM node:20\nRUN npm login\n')).toEqual([`${RULE}@2:5-2:14 warning`]);
  });

  it('the user home follows USER', async () => {
    const findings = await run('FROM node:20\nUSER node\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN\n');
    expect(findings[0]!.message).toContain('/home/node/.npmrc');
  });
});

describe('no-persisted-secret: generic writes', () => {
  it('cp of a secret mount', async () => {
    const findings = await run('FROM node:20\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@2:56-2:68 error`]);
    expectMessage(findings[0]!, 'write', { writer: 'cp', source: 'secret mount "npmrc"', file: '/root/.npmrc' });
    expect(findings[0]!.help).toContain('RUN --mount=type=secret,id=npmrc,target=/root/.npmrc');
  });

  it('cat of a secret mount redirected into a file', async () => {
    expect(await brief('FROM python:3.12\nRUN --mount=type=secret,id=netrc cat /run/secrets/netrc > /root/.netrc\n')).toEqual([`${RULE}@2:57-2:71 error`]);
  });

  it('install of a secret key', async () => {
    expect(await brief('FROM alpine\nRUN --mount=type=secret,id=key install -m 600 /run/secrets/key /root/.ssh/id_ed25519\n')).toEqual([`${RULE}@2:64-2:85 error`]);
  });

  it('echo of a secret variable, and of an .npmrc line with a token', async () => {
    expect(await brief('FROM alpine\nARG API_TOKEN\nRUN echo "$API_TOKEN" > /etc/app/token\n')).toEqual([`${RULE}@3:23-3:39 error`]);
    expect(await brief('FROM node:20\nARG NPM_TOKEN\nRUN echo "//reg.example.com/:_authToken=$NPM_TOKEN" >> ~/.npmrc\n')).toEqual([`${RULE}@3:53-3:64 error`]);
  });

  it('tee of a piped secret', async () => {
    expect(await brief('FROM alpine\nRUN --mount=type=secret,id=t,env=T echo "$T" | tee /app/token.txt\n')).toEqual([`${RULE}@2:52-2:66 error`]);
  });

  it('printenv > file with a secret in the environment', async () => {
    const findings = await run('FROM alpine\nARG DB_PASSWORD\nRUN printenv > /app/env\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@3:14-3:24 error`]);
    expect(findings[0]!.message).toContain('DB_PASSWORD');
  });

  it('a build arg of any name written into a private key file', async () => {
    expect(await brief('FROM debian\nARG MY_VAR\nRUN mkdir -p ~/.ssh && printf "$MY_VAR" > ~/.ssh/id_rsa\n')).toEqual([`${RULE}@3:41-3:56 error`]);
  });

  it('an unknown variable written into a credential file is a warning', async () => {
    const findings = await run('FROM debian\nRUN printf "$KEYDATA" > /root/.ssh/id_ed25519\n');
    expect(findings.map((f) => `${at(f)} ${f.severity}`)).toEqual([`${RULE}@2:23-2:46 warning`]);
    expectMessage(findings[0]!, 'writeUnknown', { writer: 'printf', variables: '$KEYDATA', file: '/root/.ssh/id_ed25519', label: 'SSH directory' });
  });

  it('a cat heredoc inside RUN with a token reference', async () => {
    const text = 'FROM node:20\nARG NPM_TOKEN\nRUN cat <<EOF > /root/.npmrc\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nEOF\n';
    expect(await brief(text)).toEqual([`${RULE}@3:15-3:29 error`]);
  });

  it('a RUN heredoc script', async () => {
    const text = 'FROM node:20\nARG NPM_TOKEN\nRUN <<EOF\nset -e\necho "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc\nnpm ci\nEOF\n';
    expect(await brief(text)).toEqual([`${RULE}@5:54-5:68 error`]);
  });
});

describe('no-persisted-secret: safe patterns', () => {
  const safe = [
    'FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n',
    'FROM alpine\nRUN --mount=type=secret,id=token,env=GH_TOKEN gh api /user\n',
    'FROM alpine/git\nRUN --mount=type=ssh git clone git@github.com:org/repo.git\n',
    'FROM alpine\nRUN --mount=type=secret,id=k cp /run/secrets/k /tmp/k && use /tmp/k && rm /tmp/k\n',
    'FROM node:20\nRUN npm config set registry https://registry.example.com/\n',
    'FROM amazon/aws-cli\nRUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://bucket/file .\n',
    'FROM composer:2\nRUN --mount=type=secret,id=composer_auth,env=COMPOSER_AUTH composer install\n',
    'FROM alpine\nRUN --mount=type=secret,id=t,env=T --mount=type=tmpfs,target=/scratch echo "$T" > /scratch/token && use /scratch/token\n',
    'FROM node:20\nARG NPM_TOKEN\nRUN echo "//r/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm -f .npmrc\n',
    'FROM node:20\nARG NPM_TOKEN\nRUN npm config set //r/:_authToken=$NPM_TOKEN && npm ci && npm config delete //r/:_authToken\n',
    'FROM alpine/git\nARG GIT_TOKEN\nRUN git clone https://x:${GIT_TOKEN}@github.com/org/repo.git && rm -rf repo/.git\n',
    'FROM debian\nRUN ssh-keyscan github.com >> ~/.ssh/known_hosts\n',
    'FROM debian\nRUN echo "NODE_ENV=production" > /app/.env\n',
    'FROM debian\nRUN env > /tmp/env.txt\n',
    'FROM debian\nRUN echo "deb http://deb.debian.org/debian bookworm main" > /etc/apt/sources.list && apt-get update\n',
    'FROM debian\nARG TOKEN\nRUN curl -H "Authorization: Bearer $TOKEN" https://example.com/file > /opt/file\n',
    'FROM debian\nRUN --mount=type=secret,id=k ln -s /run/secrets/k /root/.npmrc\n',
  ];
  for (const text of safe) {
    it(JSON.stringify(text.split('\n')[1]), async () => {
      expect(await run(text)).toEqual([]);
    });
  }
});

describe('no-persisted-secret: stages, ONBUILD, syntax variants, directives', () => {
  const builder = 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN npm config set //r/:_authToken=$NPM_TOKEN && npm ci\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n';

  it('is silent in a builder stage that does not ship, unless stages: all', async () => {
    expect(await run(builder)).toEqual([]);
    expect(await brief(builder, { ruleSettings: { [RULE]: { options: { stages: 'all' } } } })).toEqual([`${RULE}@3:5-3:46 error`]);
  });

  it('reports in the --target stage', async () => {
    expect(await brief(builder, { target: 'build' })).toEqual([`${RULE}@3:5-3:46 error`]);
  });

  it('reports in a base stage the final stage is built FROM', async () => {
    expect(await brief('FROM node:20 AS base\nARG NPM_TOKEN\nRUN npm set //r/:_authToken=$NPM_TOKEN\nFROM base\nRUN npm ci\n')).toEqual([`${RULE}@3:5-3:39 error`]);
  });

  it('sees ONBUILD RUN triggers', async () => {
    expect(await brief('FROM node:20\nONBUILD ARG NPM_TOKEN\nONBUILD RUN npm set //r/:_authToken=$NPM_TOKEN\n')).toEqual([`${RULE}@3:13-3:47 error`]);
  });

  it('handles lower-case instructions, line continuations and the backtick escape', async () => {
    expect(await brief('from node:20\narg NPM_TOKEN\nrun npm ci && \\\n    npm set //r/:_authToken=$NPM_TOKEN\n')).toEqual([`${RULE}@4:5-4:39 error`]);
    expect(await brief('# escape=`\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci && `\n    npm set //r/:_authToken=$NPM_TOKEN\n')).toEqual([`${RULE}@5:5-5:39 error`]);
  });

  it('sees through sh -c and sudo', async () => {
    expect(await brief("FROM node:20\nARG NPM_TOKEN\nRUN sh -c 'npm set //r/:_authToken=$NPM_TOKEN'\n")).toHaveLength(1);
    expect(await brief('FROM node:20\nARG NPM_TOKEN\nRUN sudo -u node npm set //r/:_authToken=$NPM_TOKEN\n')).toEqual([`${RULE}@3:18-3:52 error`]);
  });

  it('a redirect binds to the last command of an && list only', async () => {
    expect(await run('FROM alpine\nARG API_TOKEN\nRUN echo "$API_TOKEN" | base64 >/dev/null && echo done > /tmp/log\n')).toEqual([]);
  });

  it('honours dockerlint-disable-next-line', async () => {
    expect(await run('FROM node:20\nARG NPM_TOKEN\n# dockerlint-disable-next-line no-persisted-secret -- rotated per build\nRUN npm set //r/:_authToken=$NPM_TOKEN\n')).toEqual([]);
  });

  it('reports one finding per command, however many files it writes', async () => {
    expect(await run('FROM alpine/git\nRUN git config --global credential.helper store\n')).toHaveLength(1);
  });
});
