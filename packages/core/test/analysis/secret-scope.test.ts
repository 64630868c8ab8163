import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, commandOutputSecret, expandHomeIn, initialize, secretMountHint, secretScopeOf, wordSecret, type RunInstruction } from '../../src/index.js';

beforeAll(async () => {
  await initialize();
});

function scopeOf(text: string) {
  const model = buildModel(text, { path: 'Dockerfile' });
  const run = model.allInstructions().filter((i): i is RunInstruction => i.kind === 'RUN').pop()!;
  return { model, run, scope: secretScopeOf(model, run) };
}

describe('secretScopeOf', () => {
  it('collects secret mounts (default and custom targets, env), secret ARG/ENV, derived ENV and ephemeral dirs', () => {
    const { scope } = scopeOf('FROM alpine\nARG NPM_TOKEN\nARG NODE_VERSION=20\nENV AUTH=$NPM_TOKEN\nWORKDIR /w\nRUN --mount=type=secret,id=a --mount=type=secret,id=b,target=~/.npmrc --mount=type=secret,id=c,env=GH_TOKEN --mount=type=cache,target=cache true\n');
    expect([...scope.secretFiles.keys()]).toEqual(['/run/secrets/a', '/root/.npmrc']);
    expect([...scope.variables.keys()].sort()).toEqual(['AUTH', 'GH_TOKEN', 'NPM_TOKEN']);
    expect(scope.variables.get('AUTH')!.description).toBe('ENV AUTH (from NPM_TOKEN)');
    expect(scope.ephemeralDirs).toEqual(['/w/cache']);
    expect(scope.hasSecrets).toBe(true);
  });

  it('makes shell variables secret when read from a secret, through chains and read', () => {
    const { scope } = scopeOf('FROM alpine\nRUN --mount=type=secret,id=t B="x$A"; A=$(cat /run/secrets/t); read -r C < /run/secrets/t; D=plain\n');
    expect(scope.variables.get('A')!.description).toBe('A (from secret mount "t")');
    expect(scope.variables.has('B')).toBe(true);
    expect(scope.variables.has('C')).toBe(true);
    expect(scope.variables.has('D')).toBe(false);
  });

  it('has no secrets for a plain RUN', () => {
    expect(scopeOf('FROM alpine\nARG VERSION=1\nRUN echo $VERSION\n').scope.hasSecrets).toBe(false);
  });
});

describe('wordSecret and commandOutputSecret', () => {
  it('finds secret-named variables the shell sets from an unknown value unless names: false, ignores ${#X}', () => {
    const { run, scope } = scopeOf('FROM alpine\nRUN GITHUB_TOKEN=$(curl -fsS http://vault/t) && echo "$GITHUB_TOKEN" "${#GITHUB_TOKEN}" "$HOME"\n');
    const [a, b, c] = run.scripts[0]!.commands.find((command) => command.name?.value === 'echo')!.args;
    expect(wordSecret(a!, scope)?.origin).toBe('named-variable');
    expect(wordSecret(a!, scope, { names: false })).toBeUndefined();
    expect(wordSecret(b!, scope)).toBeUndefined();
    expect(wordSecret(c!, scope)).toBeUndefined();
  });

  it('an undeclared variable (no ARG/ENV, not set by the RUN) is empty at build time: no secret, whatever its name', () => {
    const { run, scope } = scopeOf('FROM alpine\nRUN echo "$GITHUB_TOKEN" && read -r NPM_TOKEN && echo "$NPM_TOKEN"\n');
    const echoes = run.scripts[0]!.commands.filter((command) => command.name?.value === 'echo');
    expect(wordSecret(echoes[0]!.args[0]!, scope)).toBeUndefined();
    // `read` sets it (from stdin we cannot see): secret by name.
    expect(wordSecret(echoes[1]!.args[0]!, scope)?.origin).toBe('named-variable');
  });

  it('recognises credential printers', () => {
    const { run, scope } = scopeOf('FROM alpine\nRUN aws ecr get-login-password --region eu-west-1 | docker login --password-stdin x && aws s3 ls\n');
    const [printer, , other] = run.scripts[0]!.commands;
    expect(commandOutputSecret(printer!, scope)?.origin).toBe('command-output');
    expect(commandOutputSecret(other!, scope)).toBeUndefined();
  });
});

describe('helpers', () => {
  it('expandHomeIn and homeAt', () => {
    expect(expandHomeIn('~/.npmrc', '/home/app')).toBe('/home/app/.npmrc');
    expect(expandHomeIn('${HOME}/.npmrc', '/root')).toBe('/root/.npmrc');
    expect(expandHomeIn('/etc/x', '/root')).toBe('/etc/x');
    const { run } = scopeOf('FROM alpine\nENV HOME=/srv/home\nUSER app\nRUN true\n');
    expect(run.facts.home).toBe('/srv/home');
  });

  it('secretMountHint gives a concrete rewrite with the docker build flag', () => {
    expect(secretMountHint({ origin: 'build-arg', name: 'NPM_TOKEN', description: 'build arg NPM_TOKEN' })).toContain('RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN <command> (docker build --secret id=npm_token,env=NPM_TOKEN)');
    expect(secretMountHint({ origin: 'secret-mount', name: 'npmrc', description: '' }, '/root/.npmrc')).toContain('RUN --mount=type=secret,id=npmrc,target=/root/.npmrc');
  });
});
