import { describe, expect, it } from 'vitest';
import { matchCredentialCommand, CREDENTIAL_COMMANDS, hasUrlCredentials } from '../../src/secrets/credential-writers.js';
import { commandName, effectiveCommand, flagValue, hasFlag, nestedScripts } from '../../src/shell/simple-command.js';
import type { SimpleCommand } from '../../src/shell/types.js';
import { initShellParser, run } from './helpers.js';

// Parse at collection time (describe bodies build fixtures), so initialise before anything else.
await initShellParser();

/** Fake credentials, generated so that no token-shaped literal sits in the source. */
const fake = (prefix: string, n = 36): string => prefix + Array.from({ length: n }, (_, i) => 'abcdefghijkLMNOPQRS0123456789'[(i * 7) % 29]).join('');
const FAKE_GH = fake('ghp_');
const FAKE_NPM = fake('npm_');

function first(body: string): SimpleCommand {
  const cmd = run(body).commands.find((c) => c.substitutionDepth === 0);
  if (!cmd) throw new Error('no command');
  return cmd;
}

/** All credential writes in a RUN body. */
function matches(body: string) {
  return run(body)
    .commands.map((c) => matchCredentialCommand(c))
    .filter((m) => m !== undefined);
}

function one(body: string) {
  const found = matches(body);
  expect(found, body).toHaveLength(1);
  return found[0]!;
}

describe('commandName / effectiveCommand', () => {
  it('takes the basename of the command word', () => {
    expect(commandName(first('/usr/bin/npm ci'))).toBe('npm');
    expect(commandName(first('"./run.sh" x'))).toBe('run.sh');
    expect(commandName(first('X=1'))).toBeUndefined();
  });

  it('unwraps sudo, env, exec, nohup, time, command', () => {
    const ec = effectiveCommand(first('sudo -u app -E env -i A=1 B="$T" nohup time command npm ci'));
    expect(ec.name).toBe('npm');
    expect(ec.args.map((a) => a.value)).toEqual(['ci']);
    expect(ec.wrappers).toEqual(['sudo', 'env', 'nohup', 'time', 'command']);
    expect(ec.assignments.map((a) => [a.name, a.value?.value])).toEqual([
      ['A', '1'],
      ['B', '$T'],
    ]);
    expect(ec.assignments[1]!.value!.isLiteral).toBe(false);
    expect(effectiveCommand(first('exec -a x gosu app timeout 10 git pull')).name).toBe('git');
    expect(effectiveCommand(first('sudo --user=app npm ci')).name).toBe('npm');
    expect(effectiveCommand(first('command -v npm')).name).toBe('command');
    expect(effectiveCommand(first('sudo')).name).toBe('sudo');
  });

  it('keeps prefix assignments', () => {
    const ec = effectiveCommand(first('NPM_TOKEN=$(cat /run/secrets/npm) sudo -E npm ci'));
    expect(ec.assignments.map((a) => a.name)).toEqual(['NPM_TOKEN']);
  });
});

describe('flagValue / hasFlag', () => {
  const args = first('tool --password=$PW -u me -pSECRET --token tok -- --password x').args;
  it('reads --x=v, --x v and glued -xv forms', () => {
    const pw = flagValue(args, ['--password'])!;
    expect(pw.value).toBe('$PW');
    expect(pw.inline).toBe(true);
    expect(pw.word.parts).toEqual([{ kind: 'variable', name: 'PW', text: '$PW' }]);
    expect(pw.word.range).toEqual({ start: { line: 1, column: 21 }, end: { line: 1, column: 24 } });
    expect(flagValue(args, ['-u'])!.value).toBe('me');
    expect(flagValue(args, ['-p'])!.value).toBe('SECRET');
    expect(flagValue(args, ['--token'])).toMatchObject({ value: 'tok', inline: false });
    expect(flagValue(args, ['--missing'])).toBeUndefined();
    expect(flagValue(first('tool -- --password x').args, ['--password'])).toBeUndefined();
  });
  it('finds short flags in clusters', () => {
    expect(hasFlag(first('htpasswd -cbB f u p').args, ['-b'])).toBe(true);
    expect(hasFlag(first('htpasswd -c f u').args, ['-b'])).toBe(false);
  });
});

describe('nestedScripts', () => {
  it('parses sh -c with exact positions', () => {
    const body = `sh -c 'npm config set //r/:_authToken=$T && npm ci'`;
    const [nested] = nestedScripts(first(body));
    expect(nested!.via).toBe('sh -c');
    expect(nested!.exactPositions).toBe(true);
    const cmds = nested!.script.commands;
    expect(cmds.map((c) => c.name?.value)).toEqual(['npm', 'npm']);
    // RUN body starts at column 5; `'` at column 11, so the script starts at column 12.
    expect(cmds[0]!.range.start).toEqual({ line: 1, column: 12 });
    expect(cmds[1]!.name!.range.start).toEqual({ line: 1, column: 49 });
  });

  it('maps through double quotes with line continuations', () => {
    const body = 'bash -ec "apt-get update && \\\n  cargo login \\"$TOKEN\\""';
    const [nested] = nestedScripts(first(body));
    expect(nested!.exactPositions).toBe(true);
    const cargo = nested!.script.commands[1]!;
    expect(cargo.name!.value).toBe('cargo');
    expect(cargo.range.start).toEqual({ line: 2, column: 3 });
    expect(cargo.args[1]!.value).toBe('$TOKEN');
  });

  it('handles sudo sh -c, su -c and eval; approximates ANSI-C quoting', () => {
    expect(nestedScripts(first(`sudo -u app sh -c "docker login -u x -p $P"`))[0]!.script.commands[0]!.name!.value).toBe('docker');
    expect(nestedScripts(first(`su app -c 'gh auth login --with-token < /run/secrets/gh'`))[0]!.script.commands[0]!.name!.value).toBe('gh');
    expect(nestedScripts(first(`eval 'cargo login "$T"'`))[0]!.via).toBe('eval');
    const ansi = nestedScripts(first(`sh -c $'echo a\\necho b'`))[0]!;
    expect(ansi.exactPositions).toBe(false);
    expect(ansi.script.commands).toHaveLength(2);
    expect(nestedScripts(first('sh script.sh'))).toEqual([]);
    expect(nestedScripts(first('bash -o pipefail -c "a | b"'))[0]!.script.commands).toHaveLength(2);
  });
});

describe('matchCredentialCommand: matches', () => {
  const cases: Array<[string, string, string[]]> = [
    [`npm config set //registry.npmjs.org/:_authToken=${FAKE_NPM}`, 'npm', ['~/.npmrc']],
    ['npm set "//npm.pkg.github.com/:_authToken" "$(cat /run/secrets/gh)"', 'npm', ['~/.npmrc']],
    ['npm config set _auth $NPM_AUTH --location=project', 'npm', ['.npmrc']],
    ['npm -g config set //r/:_password=$P', 'npm', ['/usr/local/etc/npmrc']],
    ['npm login --registry https://npm.example.com', 'npm', ['~/.npmrc']],
    ['npm adduser', 'npm', ['~/.npmrc']],
    ['pnpm config set //registry.npmjs.org/:_authToken ${NPM_TOKEN}', 'pnpm', ['~/.npmrc']],
    ['yarn config set _authToken $NPM_TOKEN', 'yarn', ['~/.yarnrc']],
    ['yarn config set npmAuthToken $NPM_TOKEN', 'yarn', ['.yarnrc.yml']],
    [`yarn config set -H 'npmRegistries["//npm.example.com"].npmAuthToken' "$T"`, 'yarn', ['~/.yarnrc.yml']],
    ['yarn npm login --scope org', 'yarn', ['~/.yarnrc.yml']],
    ['pip config set global.index-url https://user:$PW@pypi.example.com/simple', 'pip', ['~/.config/pip/pip.conf']],
    ['python3 -m pip config --global set global.extra-index-url "https://__token__:${T}@pkgs.example.com/simple"', 'pip', ['/etc/xdg/pip/pip.conf']],
    ['poetry config http-basic.private user "$PW"', 'poetry', ['~/.config/pypoetry/auth.toml']],
    ['poetry config pypi-token.pypi $PYPI_TOKEN', 'poetry', ['~/.config/pypoetry/auth.toml']],
    ['bundle config set --global gems.example.com user:$PW', 'bundler', ['~/.bundle/config']],
    ['bundle config --local https://rubygems.pkg.github.com/org USER:$GH_TOKEN', 'bundler', ['.bundle/config']],
    ['composer config --global http-basic.repo.example.com user $PW', 'composer', ['~/.composer/auth.json']],
    ['composer config -g github-oauth.github.com $GH_TOKEN', 'composer', ['~/.composer/auth.json']],
    ['composer config gitlab-token.gitlab.com $T', 'composer', ['auth.json']],
    ['composer config bearer.example.org $T', 'composer', ['auth.json']],
    ['cargo login $CARGO_TOKEN', 'cargo', ['~/.cargo/credentials.toml']],
    ['gem signin', 'gem', ['~/.gem/credentials']],
    ['dotnet nuget add source https://nuget.pkg.github.com/org/index.json -n gh -u me -p $GH_TOKEN --store-password-in-clear-text', 'dotnet', ['~/.nuget/NuGet/NuGet.Config']],
    ['dotnet nuget update source gh --password=$T --configfile nuget.config', 'dotnet', ['nuget.config']],
    ['mono nuget.exe sources add -Name x -Source https://x/ -Username u -Password $P', 'nuget', ['~/.nuget/NuGet/NuGet.Config']],
    ['nuget sources add -name x -source https://x/ -username u -password $P', 'nuget', ['~/.nuget/NuGet/NuGet.Config']],
    ['docker login -u me -p $DOCKER_PASSWORD', 'docker', ['~/.docker/config.json']],
    ['docker --config /cfg login ghcr.io', 'docker', ['/cfg/config.json']],
    ['podman login -u me --password-stdin quay.io <<< "$PW"', 'podman', ['/run/containers/0/auth.json']],
    ['buildah login --authfile /a.json -u x -p $P r.io', 'buildah', ['/a.json']],
    ['skopeo login --username x --password $P r.io', 'skopeo', ['/run/containers/0/auth.json']],
    ['helm registry login r.example.com -u me --password $PW', 'helm', ['~/.config/helm/registry/config.json']],
    ['helm repo add private https://charts.example.com --username me --password $PW', 'helm', ['~/.config/helm/repositories.yaml']],
    ['aws configure set aws_secret_access_key $AWS_SECRET_ACCESS_KEY', 'aws', ['~/.aws/credentials']],
    ['aws configure set aws_access_key_id AKIAEXAMPLE --profile ci', 'aws', ['~/.aws/credentials']],
    ['aws configure set profile.ci.aws_session_token "$T"', 'aws', ['~/.aws/credentials']],
    ['gcloud auth activate-service-account --key-file=/tmp/sa.json', 'gcloud', ['~/.config/gcloud/']],
    ['gcloud auth login --cred-file=/tmp/c.json', 'gcloud', ['~/.config/gcloud/']],
    ['az login --service-principal -u $ID -p $SECRET --tenant $TENANT', 'az', ['~/.azure/']],
    ['az login --service-principal -u $ID --federated-token "$(cat /run/secrets/tok)" --tenant t', 'az', ['~/.azure/']],
    ['kubectl config set-credentials ci --token=$KUBE_TOKEN', 'kubectl', ['~/.kube/config']],
    ['kubectl config set-credentials ci --client-key=/tmp/k --embed-certs', 'kubectl', ['~/.kube/config']],
    ['gh auth login --with-token < /run/secrets/gh', 'gh', ['~/.config/gh/hosts.yml']],
    ['heroku login', 'heroku', ['~/.netrc']],
    ['doctl auth init -t $DO_TOKEN', 'doctl', ['~/.config/doctl/config.yaml']],
    ['git config --global credential.helper store', 'git', ['~/.gitconfig', '~/.git-credentials']],
    ['git config --system credential.helper "store --file=/etc/git-creds"', 'git', ['/etc/gitconfig', '/etc/git-creds']],
    ['git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"', 'git', ['~/.gitconfig']],
    ['git config --global url.https://oauth2:$T@gitlab.com/.insteadOf https://gitlab.com/', 'git', ['~/.gitconfig']],
    ['git config --global http.https://github.com/.extraheader "AUTHORIZATION: basic $B64"', 'git', ['~/.gitconfig']],
    ['git clone https://${GIT_USER}:${GIT_TOKEN}@github.com/org/repo.git', 'git', ['repo/.git/config']],
    [`git clone --depth 1 https://${FAKE_GH}@github.com/org/app.git /src`, 'git', ['/src/.git/config']],
    ['git -C /src remote set-url origin https://x-access-token:$T@github.com/org/app.git', 'git', ['.git/config']],
    ['git remote add origin https://$TOKEN@github.com/org/app', 'git', ['.git/config']],
    ['git pull https://user:$PW@git.example.com/org/app.git main', 'git', ['.git/FETCH_HEAD', '.git/logs/HEAD']],
    ['git fetch https://$T@github.com/org/app.git', 'git', ['.git/FETCH_HEAD']],
    ['htpasswd -cb /etc/nginx/.htpasswd admin $ADMIN_PW', 'htpasswd', ['/etc/nginx/.htpasswd']],
    ['htpasswd -nb admin $PW > /etc/nginx/htpasswd', 'htpasswd', ['/etc/nginx/htpasswd']],
    ['echo "root:$ROOT_PW" | chpasswd', 'chpasswd', ['/etc/shadow']],
  ];
  for (const [body, tool, writes] of cases) {
    it(`${tool}: ${body.replace(/ghp_\w+|npm_\w+/g, '<fake>')}`, () => {
      const m = one(body);
      expect(m.tool).toBe(tool);
      expect(m.writes).toEqual(writes);
      expect(m.description.length).toBeGreaterThan(10);
      expect(m.safeAlternative).toMatch(/--mount|do not|generate/);
    });
  }

  it('reports the word carrying the credential', () => {
    const npm = one(`npm config set //registry.npmjs.org/:_authToken=${FAKE_NPM}`);
    expect(npm.credentialWord!.value).toBe(FAKE_NPM);
    expect(npm.credentialWord!.range.start).toEqual({ line: 1, column: 5 + 'npm config set //registry.npmjs.org/:_authToken='.length });
    expect(npm.alwaysPersists).toBe(false);
    const login = one('echo "$DOCKER_PASSWORD" | docker login -u me --password-stdin');
    expect(login.tool).toBe('docker');
    expect(login.alwaysPersists).toBe(true);
    expect(login.credentialWord!.value).toBe('$DOCKER_PASSWORD');
    expect(one('cargo login "$(cat /run/secrets/cargo)"').credentialWord!.parts[0]!.kind).toBe('command');
    expect(one('az login -u x --password=$SP').credentialWord!.value).toBe('$SP');
    expect(one('git config --global credential.helper store').alwaysPersists).toBe(true);
    expect(one('git clone https://$T@github.com/o/r.git').credentialWord!.value).toBe('https://$T@github.com/o/r.git');
  });

  it('sees through sudo, env and chains', () => {
    const found = matches('apt-get update && sudo -u app env HOME=/home/app npm set //r/:_authToken=$T && npm ci');
    expect(found.map((m) => m.tool)).toEqual(['npm']);
    expect(found[0]!.command.name!.value).toBe('sudo');
    expect(matches('NPM_TOKEN=$(cat /run/secrets/npm) npm config set //r/:_authToken=$NPM_TOKEN && npm ci')).toHaveLength(1);
    expect(matches('if true; then docker login -u a -p "$P"; fi')).toHaveLength(1);
  });

  it('finds credential commands inside sh -c scripts via nestedScripts', () => {
    const cmd = first(`sh -c 'git config --global credential.helper store && git clone https://$T@github.com/o/r.git'`);
    expect(matchCredentialCommand(cmd)).toBeUndefined();
    const inner = nestedScripts(cmd)[0]!.script.commands.map((c) => matchCredentialCommand(c)?.tool);
    expect(inner).toEqual(['git', 'git']);
  });
});

describe('matchCredentialCommand: non-matches', () => {
  const negatives = [
    'npm ci',
    'npm install --registry https://registry.example.com',
    'npm config set registry https://registry.example.com/',
    'npm config get //r/:_authToken',
    'pnpm install --frozen-lockfile',
    'yarn install --frozen-lockfile',
    'yarn config set enableTelemetry 0',
    'yarn login',
    'pip install -r requirements.txt',
    'pip config set global.index-url https://pypi.example.com/simple',
    'poetry config virtualenvs.create false',
    'poetry config --unset http-basic.private',
    'bundle config set --local path vendor/bundle',
    'bundle config set without "development test"',
    'bundle config build.nokogiri --use-system-libraries',
    'composer config --global process-timeout 2000',
    'composer install --no-dev',
    'cargo build --release',
    'gem install bundler',
    'dotnet nuget add source https://api.nuget.org/v3/index.json -n nuget.org',
    'dotnet restore',
    'docker logout',
    'docker build -t x .',
    'podman logout quay.io',
    'helm repo add bitnami https://charts.bitnami.com/bitnami',
    'helm install x y',
    'aws configure set region eu-west-1',
    'aws s3 cp s3://bucket/file .',
    'gcloud config set project p',
    'az login --identity',
    'az acr build .',
    'kubectl config set-context ci --cluster=c',
    'kubectl config set-credentials ci --username=me',
    'gh release download v1 -R org/repo',
    'doctl version',
    'git clone https://github.com/org/repo.git',
    'git clone git@github.com:org/repo.git',
    'git clone ssh://git@github.com/org/repo.git',
    'git config --global user.name x',
    'git config --global user.email x@example.com',
    'git config --global credential.helper cache',
    'git config --global --get credential.helper',
    'git config --global url."git@github.com:".insteadOf "https://github.com/"',
    'git remote add origin https://github.com/org/app.git',
    'git pull origin main',
    'htpasswd -c /etc/nginx/.htpasswd admin',
    'htpasswd -nb admin $PW',
    'echo hello',
    'X=1',
  ];
  for (const body of negatives) {
    it(body, () => {
      expect(matches(body)).toEqual([]);
    });
  }
});

describe('table', () => {
  it('covers the §D tools', () => {
    const tools = CREDENTIAL_COMMANDS.map((s) => s.tool);
    for (const t of ['npm', 'pnpm', 'yarn', 'pip', 'poetry', 'bundler', 'composer', 'cargo', 'gem', 'dotnet', 'nuget', 'docker', 'podman', 'buildah', 'skopeo', 'helm', 'aws', 'gcloud', 'az', 'kubectl', 'gh', 'heroku', 'doctl', 'git', 'htpasswd', 'chpasswd']) {
      expect(tools).toContain(t);
    }
  });

  it('recognises URL credentials', () => {
    expect(hasUrlCredentials('https://u:p@h/x')).toBe(true);
    expect(hasUrlCredentials('https://$TOKEN@h/x')).toBe(true);
    expect(hasUrlCredentials(`https://${FAKE_GH}@github.com/x`)).toBe(true);
    expect(hasUrlCredentials('https://git@github.com/x')).toBe(false);
    expect(hasUrlCredentials('ssh://git@github.com/x')).toBe(false);
    expect(hasUrlCredentials('https://github.com/x')).toBe(false);
  });
});

describe('robustness', () => {
  it('matchCredentialCommand and nestedScripts never throw on odd input', () => {
    const bodies = [
      'npm config set',
      'npm set =',
      'git config',
      'git clone',
      'docker login <<<',
      'sh -c',
      'sh -c "unterminated',
      'su -c',
      'sudo -u',
      'env -u',
      'yarn config set',
      'aws configure',
      'htpasswd -b',
      'echo | chpasswd',
    ];
    for (const body of bodies) {
      for (const c of run(body).commands) {
        expect(() => matchCredentialCommand(c)).not.toThrow();
        expect(() => nestedScripts(c)).not.toThrow();
        expect(() => effectiveCommand(c)).not.toThrow();
      }
    }
  });
});
