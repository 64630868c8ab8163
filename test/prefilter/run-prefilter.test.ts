/**
 * The RUN prefilter: one RUN per trigger that must be kept (with the exact trigger), RUNs that must be skipped,
 * and proof that a skipped RUN's shell is never parsed.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, inMemoryBuildContext, LintAnalysis, prefilterWords, runTrigger, type DockerfileModel, type RunInstruction } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';

function lastRun(model: DockerfileModel): RunInstruction {
  const runs = model.allInstructions().filter((instruction): instruction is RunInstruction => instruction.kind === 'RUN');
  return runs[runs.length - 1]!;
}

/** The trigger of the Dockerfile's last RUN, with the analysis the engine would use. */
function triggerOf(text: string, files?: string[]): string | undefined {
  const model = buildModel(text, { path: '/p/Dockerfile' });
  const analysis = new LintAnalysis({ model, buildContext: files ? inMemoryBuildContext(files) : undefined, prefilter: true });
  const run = lastRun(model);
  const trigger = runTrigger({
    model,
    run,
    secretVariableInScope: () => [...model.scopeAt(run).values()].some((binding) => analysis.secretScope(run).variables.has(binding.name)),
    earlierCandidateAdd: () => (analysis as unknown as { earlierCandidateAdd(run: RunInstruction): boolean }).earlierCandidateAdd(run),
  });
  expect(analysis.runMayMatter(run)).toBe(trigger !== undefined);
  return trigger;
}

describe('RUNs whose shell cannot matter are skipped', () => {
  it.each([
    ['package install', 'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\n'],
    ['build with a plain variable', 'FROM golang\nARG VERSION=1.2\nRUN go build -ldflags "-X main.version=${VERSION}" -o /out/app ./cmd/app\n'],
    ['user creation', 'FROM alpine\nRUN addgroup -S app && adduser -S app -G app && mkdir -p /srv/data\n'],
    ['download to a plain path', 'FROM alpine\nRUN wget -q -O /tmp/tool.tgz https://example.com/tool.tgz && tar -xzf /tmp/tool.tgz -C /usr/local\n'],
    ['commands without their credential subcommand', 'FROM node\nRUN npm ci && git clone https://github.com/x/y.git /y && docker --version && curl -fsSL https://example.com/f -o /tmp/f\n'],
    ['a command substitution of harmless commands', 'FROM alpine\nRUN make -j"$(nproc)" && echo `uname -m` > /arch\n'],
    ['rm with nothing sensitive added before', 'FROM debian\nCOPY app.py /app/\nRUN rm -rf /var/lib/apt/lists/* /tmp/build\n'],
    ['cache, tmpfs and bind mounts (they only keep writes out of the layer)', 'FROM golang\nRUN --mount=type=cache,target=/root/.cache --mount=type=tmpfs,target=/tmp --mount=target=/src,source=. go build -o /out/app ./...\n'],
  ])('%s', (_, text) => {
    expect(triggerOf(text, ['app.py'])).toBeUndefined();
  });

  it('a skipped RUN is never parsed', () => {
    const model = buildModel('FROM debian\nRUN apt-get update && apt-get install -y make\n', { path: '/p/Dockerfile' });
    const analysis = new LintAnalysis({ model, prefilter: true });
    const run = lastRun(model);
    let parsed = false;
    const descriptor = Object.getOwnPropertyDescriptor(run, 'scripts')!;
    Object.defineProperty(run, 'scripts', { configurable: true, get: () => { parsed = true; return descriptor.get!.call(run); } });
    expect(analysis.instructionEvents(run)).toEqual([]);
    expect(analysis.secretScope(run).hasSecrets).toBe(false);
    expect(parsed).toBe(false);
  });

  it('with the prefilter off every RUN may matter', () => {
    const model = buildModel('FROM debian\nRUN apt-get update\n', { path: '/p/Dockerfile' });
    expect(new LintAnalysis({ model, prefilter: false }).runMayMatter(lastRun(model))).toBe(true);
    expect(new LintAnalysis({ model, prefilter: true }).runMayMatter(lastRun(model))).toBe(false);
  });
});

describe('RUNs that may matter are kept, one per trigger', () => {
  it.each([
    ['not-plain-shell', 'exec form', 'FROM alpine\nRUN ["sh", "-c", "make"]\n'],
    ['not-plain-shell', 'heredoc', 'FROM alpine\nRUN <<EOF\nmake\nEOF\n'],
    ['mount', 'a secret mount', 'FROM golang\nRUN --mount=type=secret,id=gh,target=/tmp/gh go build ./...\n'],
    ['mount', 'an ssh mount next to a cache mount', 'FROM golang\nRUN --mount=type=cache,target=/root/.cache --mount=type=ssh go mod download\n'],
    ['secret-variable-in-scope', 'a secret-like ARG in scope, not referenced', 'FROM alpine\nARG NPM_TOKEN\nRUN env > /tmp/build-env\n'],
    ['secret-path', '/run/secrets', 'FROM alpine\nRUN cp /run/secrets/tok /tmp/tok\n'],
    ['secret-path', '/run/secrets through an ARG', 'FROM alpine\nARG SRC=/run/secrets/tok\nRUN cp $SRC /opt/tok\n'],
    ['escaped-newline', 'printf with \\n before a secret name', "FROM alpine\nRUN printf 'a=1\\napi_key=x' > /etc/app.conf\n"],
    ['literal-secret', 'credentials in a URL', 'FROM alpine\nRUN wget https://deploy:hunter2@example.com/f -O /tmp/f\n'],
    ['secret-name', 'a secret variable in a URL', 'FROM alpine\nRUN wget https://ci:${DEPLOY_TOKEN}@example.com/f -O /tmp/f\n'],
    ['sensitive-name', 'a sensitive file name', 'FROM alpine\nRUN touch /root/.npmrc\n'],
    ['sensitive-name', 'a sensitive directory as a segment', 'FROM alpine\nRUN cd /src && tar -xf app.tar .git/\n'],
    ['sensitive-name', 'a sensitive name pattern inside a word', 'FROM alpine\nRUN touch /etc/ssl/server.key\n'],
    ['sensitive-name', 'a sensitive path through WORKDIR', 'FROM alpine\nWORKDIR /root/.ssh\nRUN touch id_ed25519\n'],
    ['sensitive-name', 'a sensitive path through ENV', 'FROM alpine\nENV CONF=/root/.pypirc\nRUN touch $CONF\n'],
    ['secret-name', 'a secret-named shell assignment', 'FROM alpine\nRUN DB_PASSWORD=hunter2 ./migrate\n'],
    ['secret-name', 'a secret-named shell variable read', 'FROM alpine\nRUN ./configure --with=$API_TOKEN\n'],
    ['command', 'a credential-writing command', 'FROM node\nRUN npm config set registry https://npm.example.com/\n'],
    ['command', 'git with credentials in a URL', 'FROM alpine/git\nRUN git clone https://ci@git.example.com/app.git /src\n'],
    ['command', 'curl with -u', 'FROM alpine\nRUN curl -fs -uci:x https://example.com/f\n'],
    ['command', 'a credential flag on any command', 'FROM alpine\nRUN ./sign.sh --storepass abc\n'],
    ['command', 'a credential-slot command', 'FROM mysql\nRUN mysql -uroot -proot -e "select 1"\n'],
    ['command', 'a credential printer', 'FROM amazon/aws-cli\nRUN aws s3 ls\n'],
    ['literal-secret', 'a provider token', `FROM alpine\nRUN ./deploy ${fakes.githubClassic(15)}\n`],
  ])('%s: %s', (trigger, _, text) => {
    expect(triggerOf(text)).toBe(trigger);
  });

  it('delete-after-add: rm after a COPY of a sensitive file', () => {
    expect(triggerOf('FROM alpine\nCOPY id_rsa /root/.ssh/id_rsa\nRUN rm -f /tmp/cache\n', ['id_rsa'])).toBe('delete-after-add');
    expect(triggerOf('FROM alpine\nCOPY deploy.key /opt/k\nRUN rm -f /opt/k\n', ['deploy.key'])).toBe('delete-after-add');
  });

  it('delete-after-add: rm after a whole-context COPY without a context on disk', () => {
    expect(triggerOf('FROM alpine\nCOPY . /app\nRUN rm -rf /app/tmp\n')).toBe('delete-after-add');
  });

  it('delete-after-add: rm in a stage built FROM a stage that added a secret file', () => {
    expect(triggerOf('FROM alpine AS base\nCOPY deploy.key /opt/k\nFROM base\nRUN rm -f /opt/k\n', ['deploy.key'])).toBe('delete-after-add');
  });

  it('delete-after-add: an ONBUILD trigger sees every add of its stage, even later in the text', () => {
    expect(triggerOf('FROM alpine\nONBUILD RUN rm -f /opt/k\nCOPY deploy.key /opt/k\n', ['deploy.key'])).toBe('delete-after-add');
  });
});

describe('the command words, found in one pass over the candidate words only', () => {
  it.each([
    ['a credential command', 'apt-get update && aws s3 cp s3://b/k /k', { command: true, deletes: false }],
    ['a common command without its subcommand', 'npm ci && git clone https://github.com/x/y.git /y', { command: false, deletes: true }],
    ['a common command with its subcommand', 'npm ci && npm config set registry https://r.example.com/', { command: true, deletes: true }],
    ['curl with a word starting with -u', 'curl -fs -uci:x https://example.com/f', { command: true, deletes: false }],
    ['a -u inside a group of short options is not read as curl\'s user option', 'set -eux; curl -fsu ci:x https://example.com/f', { command: false, deletes: false }],
    ['curl with --proxy-user', 'curl --proxy-user a:b https://example.com/f', { command: true, deletes: false }],
    ['curl without a user option', 'curl -fssl https://example.com/f -o /tmp/f', { command: false, deletes: false }],
    ['a -u of a --long option is no short option', 'curl --no-buffer https://example.com/f', { command: false, deletes: false }],
    ['a versioned pip with its subcommand', 'pip3.11 config set global.index-url https://pypi.example.com/simple', { command: true, deletes: false }],
    ['a versioned python without it', 'python3.12 -m venv /venv', { command: false, deletes: false }],
    ['git with a URL holding @', 'git clone https://ci@git.example.com/app.git /src', { command: true, deletes: true }],
    ['a URL scheme named like a command', 'wget https://example.com/f', { command: false, deletes: false }],
    ['an option counts without its dashes', 'make --docker=no && ./x --login', { command: true, deletes: true }],
    ['a delete command', 'rm -rf /var/lib/apt/lists/*', { command: false, deletes: true }],
    ['a long word holding a command word', 'apt-get install -y docker-ce-cli-and-a-very-long-package-name', { command: false, deletes: false }],
  ])('%s', (_, lower, expected) => {
    expect(prefilterWords(lower)).toEqual(expected);
  });
});

describe('triggers that need more than a word: a credential option or subcommand, a secret name after \\n', () => {
  const narrowed = resolve(import.meta.dirname, 'narrowed');
  /** The trigger of each RUN of a Dockerfile, with the analysis the engine would use. */
  function triggersOf(file: string): Array<string | undefined> {
    const model = buildModel(readFileSync(file, 'utf8'), { path: file });
    const analysis = new LintAnalysis({ model, prefilter: true });
    return model.allInstructions()
      .filter((instruction): instruction is RunInstruction => instruction.kind === 'RUN')
      .map((run) => runTrigger({
        model,
        run,
        secretVariableInScope: () => [...model.scopeAt(run).values()].some((binding) => analysis.secretScope(run).variables.has(binding.name)),
        earlierCandidateAdd: () => analysis.runMayMatter(run),
      }));
  }

  it('keeps each RUN with the option (curl -u…, zip/unzip -P, mysql -p…, openssl -passout, rabbitmqctl add_user, nuget sources, kubectl set-credentials, poetry config)', () => {
    // openssl's -passout and nuget's -Password are secret names too, and kubectl's set-credentials a sensitive name.
    expect(triggersOf(join(narrowed, 'Dockerfile.with-options'))).toEqual(['command', 'command', 'command', 'command', 'secret-name', 'command', 'secret-name', 'sensitive-name', 'command']);
  });

  it('skips each RUN without it (set -eux, mkdir -p, mysql -p alone, openssl req, other subcommands)', () => {
    expect(triggersOf(join(narrowed, 'Dockerfile.without-options'))).toEqual(Array(9).fill(undefined));
  });

  it('keeps a RUN for a secret mount, not for cache, tmpfs or bind mounts', () => {
    expect(triggersOf(join(narrowed, 'Dockerfile.mounts'))).toEqual([undefined, undefined, 'secret-name', 'command', 'mount']);
  });

  it('keeps a RUN writing \\n-separated lines only when a line has a secret name', () => {
    expect(triggersOf(join(narrowed, 'Dockerfile.escaped-newlines'))).toEqual([undefined, 'escaped-newline', undefined]);
  });

  it.each([
    ['unzip -P', 'unzip -P pw /a.zip', 'unzip -p /a.zip'],
    ['mysql -ppassword', 'mysql -uroot -p"$DB_PW" app', 'mysql -uroot -p app'],
  ])('%s is told apart by case and shape from the text as written', (_, kept, skipped) => {
    expect(prefilterWords(kept.toLowerCase(), kept).command).toBe(true);
    expect(prefilterWords(skipped.toLowerCase(), skipped).command).toBe(false);
    // Without the written text the command always counts.
    expect(prefilterWords(skipped.toLowerCase()).command).toBe(true);
  });
});

describe('the quick test rules most RUNs out before the exact checks', () => {
  it('classifies no name of a RUN whose only stems end in a lower-case letter or digit (PATH, patch, keyring, author)', () => {
    const model = buildModel('FROM debian\nRUN export PATH=/opt/bin:$PATH && patch -p1 < fix.patch && cp keyring.gpg /etc/apt/ && echo author2\n', { path: '/p/Dockerfile' });
    const classified: string[] = [];
    const trigger = runTrigger({
      model,
      run: lastRun(model),
      secretVariableInScope: () => false,
      earlierCandidateAdd: () => false,
      classifyName: (name) => {
        classified.push(name);
        return 'none';
      },
    });
    expect(trigger).toBeUndefined();
    expect(classified).toEqual([]);
  });

  it('expands no RUN text without a variable in scope (it would only repeat the text), but one with ${X:-…}', () => {
    const model = buildModel('FROM debian\nRUN echo "$HOME" && make -C "$PWD"\nRUN n${X:-p}m config set color false\n', { path: '/p/Dockerfile' });
    const expanded: string[] = [];
    const expand = model.expand.bind(model);
    model.expand = (text, instruction) => {
      expanded.push(text);
      return expand(text, instruction);
    };
    const runs = model.allInstructions().filter((instruction): instruction is RunInstruction => instruction.kind === 'RUN');
    const triggers = runs.map((run) => runTrigger({ model, run, secretVariableInScope: () => false, earlierCandidateAdd: () => false }));
    expect(triggers).toEqual([undefined, 'command']);
    expect(expanded).toEqual(['RUN n${X:-p}m config set color false']);
  });

  it.each([
    ['a PAT glued to its owner by camel case', 'FROM alpine\nRUN gitPat=x ./push\n', 'secret-name'],
    ['a key name ending in KEY before a capital', 'FROM alpine\nRUN APIKEYValue=x ./push\n', 'secret-name'],
    ['a name that a quote ends (PAT"2…)', 'FROM alpine\nRUN GITHUB_PAT"2"=x ./push\n', 'secret-name'],
    ['a PAT before a capitalised word (GITHUB_PATValue)', 'FROM alpine\nRUN GITHUB_PATValue=x ./push\n', 'secret-name'],
    ['a credential command spelled with quotes', 'FROM alpine\nRUN n"p"m con\'fig\' set color false\n', 'command'],
    ['pip with its version and config', 'FROM python\nRUN pip3.11 config set global.index-url https://u:p@example.com/simple\n', 'command'],
  ])('still keeps %s', (_, text, trigger) => {
    expect(triggerOf(text)).toBe(trigger);
  });
});

describe('the prefilter shares its text facts with the rules through the analysis', () => {
  it('scans a RUN text for literal secrets once, for the prefilter and no-hardcoded-secret alike', () => {
    const text = `FROM alpine\nRUN echo hello > /tmp/greeting\nRUN ./deploy ${fakes.githubClassic(15)}\n`;
    const model = buildModel(text, { path: '/p/Dockerfile' });
    const analysis = new LintAnalysis({ model, prefilter: true });
    const runs = model.allInstructions().filter((instruction): instruction is RunInstruction => instruction.kind === 'RUN');
    for (const run of runs) analysis.runMayMatter(run);
    // Both RUNs reach the literal-secret check (no earlier trigger keeps them).
    expect(analysis.textStats.literalScans).toBe(2);
    const shared = analysis.literalSecrets(runs[1]!);
    expect(shared.map((match) => match.providerId)).toEqual(['github-pat-classic']);
    expect(analysis.literalSecrets(runs[1]!)).toBe(shared);
    expect(analysis.textStats.literalScans).toBe(2);
  });

  it('classifies each name once per lint, whoever asks', () => {
    const model = buildModel('FROM alpine\nARG NPM_TOKEN\nRUN ./build\n', { path: '/p/Dockerfile' });
    const analysis = new LintAnalysis({ model, prefilter: true });
    expect(analysis.classifyName('NPM_TOKEN')).toBe('secret');
    const run = lastRun(model);
    analysis.runMayMatter(run);
    analysis.secretScope(run);
    expect(analysis.classifyName('NPM_TOKEN')).toBe('secret');
    // The ARG binding was classified through the analysis's memo: NPM_TOKEN counted once.
    expect(analysis.textStats.nameClassifications).toBe(1);
    expect(new LintAnalysis({ model, prefilter: true }).textStats.nameClassifications).toBe(0);
  });
});
