/**
 * Credential-writing commands (docs/architecture.md, "Commands that write credentials"): commands that store a
 * credential in a file that stays in the image layer, even when the credential itself came from a secret mount.
 *
 * Matching is argv-level on the parsed shell (`effectiveCommand` sees through `sudo`, `env`, `exec`…).
 * `writes` uses `~` for the invoking user's home and relative paths for the working directory; where a
 * tool's location depends on the environment, the default for a root build in a Linux image is given
 * (`$CARGO_HOME` → `~/.cargo`, `$COMPOSER_HOME` → `~/.composer`, npm `-g` → `/usr/local/etc/npmrc`,
 * podman/buildah/skopeo as root → `/run/containers/0/auth.json`; pip `--site` keeps `$VIRTUAL_ENV`).
 */
import {
  basename,
  effectiveCommand,
  flagValue,
  hasFlag,
  hasStdinInput,
  positionalArgs,
  sliceWord,
  stdinWords,
} from '../shell/simple-command.js';
import type { EffectiveCommand } from '../shell/simple-command.js';
import type { ShellWord, SimpleCommand } from '../shell/types.js';

export interface CredentialWrite {
  tool: string;
  command: SimpleCommand;
  /** Files left in the image, e.g. `~/.npmrc` (`~` = home; relative = working directory). */
  writes: string[];
  /** The word carrying the credential, if any. */
  credentialWord?: ShellWord;
  /** True when the command stores credentials whatever they are (docker login, credential.helper store). */
  alwaysPersists: boolean;
  description: string;
  safeAlternative: string;
}

type Hit = Omit<CredentialWrite, 'tool' | 'command' | 'safeAlternative'> & { safeAlternative?: string };

export interface CredentialCommandSpec {
  /** Tool id reported as `CredentialWrite.tool`. */
  tool: string;
  /** Command basenames this entry looks at. */
  commands: readonly string[];
  /** The default safe alternative (a hit may override it). */
  safeAlternative: string;
  match(ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined;
}

// ---------------------------------------------------------------------------------------------------
// Shared helpers

/** `BUNDLE_<HOST>__<REST>` (`/^BUNDLE_[A-Z0-9_]+__[A-Z0-9_]+$/` without its quadratic backtracking on long `_` runs). */
function isBundleCredentialKey(key: string): boolean {
  if (!/^BUNDLE_[A-Z0-9_]+$/.test(key)) return false;
  const rest = key.slice('BUNDLE_'.length);
  const sep = rest.indexOf('__', 1);
  return sep !== -1 && sep + 2 < rest.length;
}

/** `url` without `?query` / `#fragment` (as `.replace(/[?#].*$/, '')`, linear). */
function withoutQuery(url: string): string {
  const lineStart = url.lastIndexOf('\n') + 1;
  const cut = url.slice(lineStart).search(/[?#]/);
  return cut === -1 ? url : url.slice(0, lineStart + cut);
}

/** `scheme://user:password@host` or `https://<token-or-$VAR>@host`. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{0,31}:\/\/([^\s/@:]+)(?::([^\s/@]*))?@[^\s/@]/i;

/** True when `value` holds a URL with embedded credentials (a password, or a token-like / `$VAR` user). */
export function hasUrlCredentials(value: string): boolean {
  const m = URL_CREDENTIALS.exec(value);
  if (!m) return false;
  const user = m[1]!;
  const password = m[2];
  if (password !== undefined && password !== '') return true;
  if (/^ssh:|^git\+ssh:/i.test(value.slice(m.index))) return false;
  return user.includes('$') || /^[A-Za-z0-9_-]{20,}$/.test(user);
}

/**
 * Does the word hold a URL with credentials? A command substitution spliced into the URL
 * (`https://x-access-token:$(cat /run/secrets/gh)@github.com/…`) stands for one value, whatever its own text
 * (spaces, slashes), exactly like `$TOKEN` does.
 */
export function wordHasUrlCredentials(word: ShellWord): boolean {
  if (!word.parts.some((part) => part.kind === 'command')) return hasUrlCredentials(word.value);
  return hasUrlCredentials(word.parts.map((part) => (part.kind === 'command' ? '$SUBSTITUTION' : part.text)).join(''));
}

function urlWord(words: readonly ShellWord[]): ShellWord | undefined {
  return words.find(wordHasUrlCredentials);
}

/** Split `key=value` / `key value` pairs of `config set`-style commands. */
function keyValuePairs(words: readonly ShellWord[]): Array<{ key: string; keyWord: ShellWord; value?: ShellWord }> {
  const out: Array<{ key: string; keyWord: ShellWord; value?: ShellWord }> = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = w.value.indexOf('=');
    if (eq > 0) {
      out.push({ key: w.value.slice(0, eq), keyWord: w, value: sliceWord(w, eq + 1) });
    } else {
      const next = words[i + 1];
      out.push({ key: w.value, keyWord: w, ...(next ? { value: next } : {}) });
      i++;
    }
  }
  return out;
}

/** Subcommand path after global options: `npm --silent config set` → ['config', 'set', …]. */
function operands(args: readonly ShellWord[], valued: readonly string[] = []): ShellWord[] {
  return positionalArgs(args, valued);
}

function stdinCredential(cmd: SimpleCommand): ShellWord | undefined {
  return stdinWords(cmd)[0];
}

// ---------------------------------------------------------------------------------------------------
// npm / pnpm / yarn

const NPM_AUTH_KEY = /(^|:)_(authToken|auth|password)$/;
const NPM_VALUED = ['--location', '--userconfig', '--globalconfig', '--registry', '--scope', '--prefix', '-C', '--dir', '--filter', '--auth-type'];

function npmrcTarget(args: readonly ShellWord[], tool: 'npm' | 'pnpm'): string {
  const userconfig = flagValue(args, ['--userconfig']);
  if (userconfig) return userconfig.value;
  const location = flagValue(args, ['--location'])?.value;
  if (location === 'project') return '.npmrc';
  if (location === 'global' || hasFlag(args, ['-g', '--global'])) {
    return tool === 'npm' ? '/usr/local/etc/npmrc' : '~/.config/pnpm/rc';
  }
  return '~/.npmrc';
}

function matchNpmLike(tool: 'npm' | 'pnpm', ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, NPM_VALUED);
  const sub = ops[0]?.value;
  const file = npmrcTarget(ec.args, tool);
  if (sub === 'login' || sub === 'adduser' || sub === 'add-user') {
    return {
      writes: [file],
      alwaysPersists: true,
      description: `${tool} ${sub} stores the registry auth token in ${file}`,
    };
  }
  let rest: ShellWord[] | undefined;
  if ((sub === 'config' || sub === 'c') && ops[1]?.value === 'set') rest = ops.slice(2);
  else if (sub === 'set') rest = ops.slice(1);
  if (!rest) return undefined;
  for (const pair of keyValuePairs(rest)) {
    if (NPM_AUTH_KEY.test(pair.key) || (pair.value && wordHasUrlCredentials(pair.value))) {
      const key = pair.key.replace(/^.*:(?=_)/, '…:');
      return {
        writes: [file],
        ...(pair.value ? { credentialWord: pair.value } : {}),
        alwaysPersists: false,
        description: `${tool} config set ${key} writes the credential to ${file}`,
      };
    }
  }
  return undefined;
}

const YARN_BERRY_KEY = /(^|\.|\])(npmAuthToken|npmAuthIdent)$|^npmRegistries\b.*\.(npmAuthToken|npmAuthIdent)$|^npmScopes\b.*\.(npmAuthToken|npmAuthIdent)$/;

function matchYarn(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['--cwd']);
  const sub = ops[0]?.value;
  const home = hasFlag(ec.args, ['-H', '--home']);
  if (sub === 'npm' && ops[1]?.value === 'login') {
    return {
      writes: ['~/.yarnrc.yml'],
      alwaysPersists: true,
      description: 'yarn npm login stores the npm auth token in ~/.yarnrc.yml',
    };
  }
  if (sub !== 'config' || ops[1]?.value !== 'set') return undefined;
  const key = ops[2]?.value ?? '';
  const value = ops[3];
  if (YARN_BERRY_KEY.test(key) || /npmAuthToken|npmAuthIdent/.test(key)) {
    const file = home ? '~/.yarnrc.yml' : '.yarnrc.yml';
    return {
      writes: [file],
      ...(value ? { credentialWord: value } : {}),
      alwaysPersists: false,
      description: `yarn config set ${key.includes('npmAuthIdent') ? 'npmAuthIdent' : 'npmAuthToken'} writes the token to ${file}`,
      safeAlternative:
        'commit npmAuthToken: "${NPM_TOKEN}" in .yarnrc.yml and use RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN yarn install',
    };
  }
  if (NPM_AUTH_KEY.test(key) || (value && wordHasUrlCredentials(value))) {
    return {
      writes: ['~/.yarnrc'],
      ...(value ? { credentialWord: value } : {}),
      alwaysPersists: false,
      description: `yarn config set ${key.replace(/^.*:(?=_)/, '…:')} writes the credential to ~/.yarnrc`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Python, Ruby, PHP, Rust, .NET

function matchPip(ec: EffectiveCommand): Hit | undefined {
  let args = ec.args;
  if (/^python[0-9.]*$/.test(ec.name)) {
    if (args[0]?.value !== '-m' || !/^pip[0-9.]*$/.test(args[1]?.value ?? '')) return undefined;
    args = args.slice(2);
  }
  const ops = operands(args, ['--editor']);
  if (ops[0]?.value !== 'config' || ops[1]?.value !== 'set') return undefined;
  const key = ops[2]?.value ?? '';
  const value = ops[3];
  if (!value) return undefined;
  if (!wordHasUrlCredentials(value) && !/(password|token)$/i.test(key)) return undefined;
  let file = '~/.config/pip/pip.conf';
  if (hasFlag(args, ['--global'])) file = '/etc/xdg/pip/pip.conf';
  else if (hasFlag(args, ['--site'])) file = '$VIRTUAL_ENV/pip.conf';
  return {
    writes: [file],
    credentialWord: value,
    alwaysPersists: false,
    description: `pip config set ${key} stores a URL with credentials in ${file}`,
  };
}

function matchPoetry(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['-C', '--directory', '-P', '--project']);
  if (ops[0]?.value !== 'config' || hasFlag(ec.args, ['--unset'])) return undefined;
  const key = ops[1]?.value ?? '';
  const values = ops.slice(2);
  if (/^http-basic\./.test(key)) {
    const cred = values[1] ?? values[0];
    return {
      writes: ['~/.config/pypoetry/auth.toml'],
      ...(cred ? { credentialWord: cred } : {}),
      alwaysPersists: true,
      description: `poetry config ${key} stores the password in ~/.config/pypoetry/auth.toml (no keyring in containers)`,
    };
  }
  if (/^pypi-token\./.test(key)) {
    return {
      writes: ['~/.config/pypoetry/auth.toml'],
      ...(values[0] ? { credentialWord: values[0] } : {}),
      alwaysPersists: true,
      description: `poetry config ${key} stores the token in ~/.config/pypoetry/auth.toml (no keyring in containers)`,
    };
  }
  return undefined;
}

const BUNDLE_SETTING_PREFIX = /^(build|mirror|local|gem|disable|ignore|path|with|without|jobs|retry|bin|cache|frozen|deployment|clean|auto|force|gemfile|no|only|plugins|prefer|shebang|silence|specific|ssl|system|timeout|update|user|version)(\.|_|$)/i;
const HOSTLIKE = /^(https?:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/\S*)?$/i;

function matchBundle(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args);
  if (ops[0]?.value !== 'config') return undefined;
  let rest = ops.slice(1);
  if (rest[0]?.value === 'set') rest = rest.slice(1);
  else if (rest[0] && ['get', 'unset', 'list'].includes(rest[0].value)) return undefined;
  if (hasFlag(ec.args, ['--delete'])) return undefined;
  const key = rest[0];
  const value = rest[1];
  if (!key || !value) return undefined;
  const local = hasFlag(ec.args, ['--local']);
  const file = local ? '.bundle/config' : '~/.bundle/config';
  const credentialKey = HOSTLIKE.test(key.value) && !BUNDLE_SETTING_PREFIX.test(key.value);
  const upperKey = isBundleCredentialKey(key.value);
  if (credentialKey || upperKey || wordHasUrlCredentials(value)) {
    return {
      writes: [file],
      credentialWord: value,
      alwaysPersists: false,
      description: `bundle config ${key.value} stores the gem server credentials in ${file}`,
    };
  }
  return undefined;
}

const COMPOSER_AUTH_KEY = /^(http-basic|github-oauth|gitlab-token|gitlab-oauth|bearer|bitbucket-oauth|forgejo-token)\./;

function matchComposer(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['-d', '--working-dir', '-f', '--file']);
  if (ops[0]?.value !== 'config' || hasFlag(ec.args, ['--unset'])) return undefined;
  const key = ops[1]?.value ?? '';
  if (!COMPOSER_AUTH_KEY.test(key)) return undefined;
  const values = ops.slice(2);
  const global = hasFlag(ec.args, ['-g', '--global']);
  const file = global ? '~/.composer/auth.json' : 'auth.json';
  const cred = values[values.length - 1];
  return {
    writes: [file],
    ...(cred ? { credentialWord: cred } : {}),
    alwaysPersists: false,
    description: `composer config ${key} stores the credential in ${file}`,
  };
}

function matchCargo(ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined {
  const ops = operands(ec.args, ['--registry', '--config', '-Z', '--color']);
  if (ops[0]?.value !== 'login') return undefined;
  const token = ops[1];
  return {
    writes: ['~/.cargo/credentials.toml'],
    ...(token ? { credentialWord: token } : stdinCredential(cmd) ? { credentialWord: stdinCredential(cmd)! } : {}),
    alwaysPersists: true,
    description: 'cargo login saves the registry token in ~/.cargo/credentials.toml',
  };
}

function matchGem(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['--host', '--otp']);
  if (ops[0]?.value !== 'signin') return undefined;
  return {
    writes: ['~/.gem/credentials'],
    alwaysPersists: true,
    description: 'gem signin stores the RubyGems API key in ~/.gem/credentials',
  };
}

function matchDotnet(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['-n', '--name', '-u', '--username', '-p', '--password', '--valid-authentication-types', '--configfile', '--protocol-version', '-s', '--source']);
  if (ops[0]?.value !== 'nuget') return undefined;
  const action = ops[1]?.value;
  if ((action !== 'add' && action !== 'update') || ops[2]?.value !== 'source') return undefined;
  const password = flagValue(ec.args, ['-p', '--password']);
  if (!password) return undefined;
  const config = flagValue(ec.args, ['--configfile'])?.value ?? '~/.nuget/NuGet/NuGet.Config';
  return {
    writes: [config],
    credentialWord: password.word,
    alwaysPersists: false,
    description: `dotnet nuget ${action} source --password stores the password in ${config} (clear text on Linux)`,
  };
}

function matchNuget(ec: EffectiveCommand): Hit | undefined {
  const lowered = ec.args.map((w) => w.value.toLowerCase());
  if (lowered[0] !== 'sources' && lowered[0] !== 'source') return undefined;
  if (lowered[1] !== 'add' && lowered[1] !== 'update') return undefined;
  const i = lowered.findIndex((v) => v === '-password' || v === '--password');
  if (i < 0) return undefined;
  const cfgIndex = lowered.findIndex((v) => v === '-configfile');
  const config = cfgIndex >= 0 ? ec.args[cfgIndex + 1]?.value ?? '~/.nuget/NuGet/NuGet.Config' : '~/.nuget/NuGet/NuGet.Config';
  const cred = ec.args[i + 1];
  return {
    writes: [config],
    ...(cred ? { credentialWord: cred } : {}),
    alwaysPersists: false,
    description: `nuget sources ${lowered[1]} -Password stores the password in ${config} (clear text on Linux)`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Registries and clouds

const DOCKER_GLOBAL_VALUED = ['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey'];

function loginCredential(ec: EffectiveCommand, cmd: SimpleCommand): ShellWord | undefined {
  const p = flagValue(ec.args, ['-p', '--password']);
  if (p) return p.word;
  if (hasFlag(ec.args, ['--password-stdin'])) return stdinCredential(cmd);
  return undefined;
}

function matchDocker(ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined {
  const ops = operands(ec.args, [...DOCKER_GLOBAL_VALUED, '-u', '--username', '-p', '--password']);
  if (ops[0]?.value !== 'login') return undefined;
  const configDir = flagValue(ec.args, ['--config'])?.value;
  const file = configDir ? `${configDir.replace(/\/$/, '')}/config.json` : '~/.docker/config.json';
  const cred = loginCredential(ec, cmd);
  return {
    writes: [file],
    ...(cred ? { credentialWord: cred } : {}),
    alwaysPersists: true,
    description: `docker login stores the registry password unencrypted in ${file}`,
  };
}

function matchContainersLogin(tool: string, ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined {
  const ops = operands(ec.args, ['-u', '--username', '-p', '--password', '--authfile', '--cert-dir', '--creds', '--root', '--runroot', '--storage-driver']);
  if (ops[0]?.value !== 'login') return undefined;
  const file = flagValue(ec.args, ['--authfile'])?.value ?? '/run/containers/0/auth.json';
  const cred = loginCredential(ec, cmd) ?? flagValue(ec.args, ['--creds'])?.word;
  return {
    writes: [file],
    ...(cred ? { credentialWord: cred } : {}),
    alwaysPersists: true,
    description: `${tool} login stores the registry credentials in ${file}`,
  };
}

function matchHelm(ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined {
  const ops = operands(ec.args, ['-u', '--username', '-p', '--password', '--registry-config', '--repository-config', '--kubeconfig', '-n', '--namespace', '--cert-file', '--key-file', '--ca-file']);
  if (ops[0]?.value === 'registry' && ops[1]?.value === 'login') {
    const file = flagValue(ec.args, ['--registry-config'])?.value ?? '~/.config/helm/registry/config.json';
    const cred = loginCredential(ec, cmd);
    return {
      writes: [file],
      ...(cred ? { credentialWord: cred } : {}),
      alwaysPersists: true,
      description: `helm registry login stores the registry credentials in ${file}`,
    };
  }
  if (ops[0]?.value === 'repo' && ops[1]?.value === 'add') {
    const cred = flagValue(ec.args, ['--password'])?.word ?? (hasFlag(ec.args, ['--password-stdin']) ? stdinCredential(cmd) : undefined) ?? urlWord(ops.slice(2));
    if (!cred && !hasFlag(ec.args, ['--password-stdin'])) return undefined;
    const file = flagValue(ec.args, ['--repository-config'])?.value ?? '~/.config/helm/repositories.yaml';
    return {
      writes: [file],
      ...(cred ? { credentialWord: cred } : {}),
      alwaysPersists: false,
      description: `helm repo add with a password stores it in ${file}`,
    };
  }
  return undefined;
}

const AWS_KEYS = /(^|\.)(aws_secret_access_key|aws_access_key_id|aws_session_token)$/;

function matchAws(ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined {
  const ops = operands(ec.args, ['--profile', '--region', '--output', '--endpoint-url', '--csv']);
  if (ops[0]?.value !== 'configure') return undefined;
  const sub = ops[1]?.value;
  if (sub === 'set') {
    const key = ops[2]?.value ?? '';
    if (!AWS_KEYS.test(key)) return undefined;
    const value = ops[3];
    return {
      writes: ['~/.aws/credentials'],
      ...(value ? { credentialWord: value } : {}),
      alwaysPersists: false,
      description: `aws configure set ${key.replace(/^.*\./, '')} writes it to ~/.aws/credentials`,
    };
  }
  if (sub === 'import') {
    return {
      writes: ['~/.aws/credentials'],
      alwaysPersists: true,
      description: 'aws configure import copies the access keys into ~/.aws/credentials',
    };
  }
  if (sub === undefined && hasStdinInput(cmd)) {
    const cred = stdinCredential(cmd);
    return {
      writes: ['~/.aws/credentials', '~/.aws/config'],
      ...(cred ? { credentialWord: cred } : {}),
      alwaysPersists: true,
      description: 'aws configure (fed on stdin) writes the access keys to ~/.aws/credentials',
    };
  }
  return undefined;
}

function matchGcloud(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['--key-file', '--project', '--account', '--configuration', '--cred-file', '--verbosity', '--impersonate-service-account']);
  if (ops[0]?.value !== 'auth') return undefined;
  const sub = ops[1]?.value;
  if (sub === 'activate-service-account') {
    const key = flagValue(ec.args, ['--key-file']);
    return {
      writes: ['~/.config/gcloud/'],
      ...(key ? { credentialWord: key.word } : {}),
      alwaysPersists: true,
      description: 'gcloud auth activate-service-account imports the service-account key into ~/.config/gcloud/',
    };
  }
  if (sub === 'login') {
    const cred = flagValue(ec.args, ['--cred-file']);
    return {
      writes: ['~/.config/gcloud/'],
      ...(cred ? { credentialWord: cred.word } : {}),
      alwaysPersists: true,
      description: 'gcloud auth login stores credentials in ~/.config/gcloud/',
    };
  }
  return undefined;
}

function matchAz(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['-u', '--username', '-p', '--password', '-t', '--tenant', '--federated-token', '--scope']);
  if (ops[0]?.value !== 'login') return undefined;
  const cred = flagValue(ec.args, ['-p', '--password', '--federated-token']);
  if (!cred) return undefined;
  return {
    writes: ['~/.azure/'],
    credentialWord: cred.word,
    alwaysPersists: false,
    description: 'az login with a secret caches the credential unencrypted in ~/.azure/',
  };
}

function matchKubectl(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['--kubeconfig', '--context', '-n', '--namespace', '--token', '--password', '--username', '--client-key', '--client-certificate']);
  if (ops[0]?.value !== 'config' || ops[1]?.value !== 'set-credentials') return undefined;
  const cred = flagValue(ec.args, ['--token', '--password', '--client-key']) ?? flagValue(ec.args, ['--auth-provider-arg']);
  if (!cred) return undefined;
  if (cred.value.startsWith('client-id=')) return undefined;
  const file = flagValue(ec.args, ['--kubeconfig'])?.value ?? '~/.kube/config';
  return {
    writes: [file],
    credentialWord: cred.word,
    alwaysPersists: false,
    description: `kubectl config set-credentials stores the credential in ${file}`,
  };
}

function matchGh(ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined {
  const ops = operands(ec.args, ['-h', '--hostname', '-p', '--git-protocol', '-s', '--scopes']);
  if (ops[0]?.value !== 'auth' || ops[1]?.value !== 'login') return undefined;
  const cred = hasFlag(ec.args, ['--with-token']) ? stdinCredential(cmd) : undefined;
  return {
    writes: ['~/.config/gh/hosts.yml'],
    ...(cred ? { credentialWord: cred } : {}),
    alwaysPersists: true,
    description: 'gh auth login writes the token to ~/.config/gh/hosts.yml (no credential store in a build)',
  };
}

function matchHeroku(ec: EffectiveCommand): Hit | undefined {
  const sub = operands(ec.args)[0]?.value;
  if (sub !== 'login' && sub !== 'auth:login') return undefined;
  return {
    writes: ['~/.netrc'],
    alwaysPersists: true,
    description: `heroku ${sub} writes the API key to ~/.netrc`,
  };
}

function matchDoctl(ec: EffectiveCommand): Hit | undefined {
  const ops = operands(ec.args, ['-t', '--access-token', '--context', '-c', '--config']);
  if (ops[0]?.value !== 'auth' || ops[1]?.value !== 'init') return undefined;
  const token = flagValue(ec.args, ['-t', '--access-token']);
  return {
    writes: ['~/.config/doctl/config.yaml'],
    ...(token ? { credentialWord: token.word } : {}),
    alwaysPersists: true,
    description: 'doctl auth init stores the API token in ~/.config/doctl/config.yaml',
  };
}

// ---------------------------------------------------------------------------------------------------
// git

const GIT_GLOBAL_VALUED = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env'];

function gitConfigFile(args: readonly ShellWord[]): string {
  const file = flagValue(args, ['-f', '--file']);
  if (file) return file.value;
  if (hasFlag(args, ['--global'])) return '~/.gitconfig';
  if (hasFlag(args, ['--system'])) return '/etc/gitconfig';
  return '.git/config';
}

function matchGit(ec: EffectiveCommand): Hit | undefined {
  // Skip git's global options to find the subcommand.
  let i = 0;
  while (i < ec.args.length) {
    const v = ec.args[i]!.value;
    if (GIT_GLOBAL_VALUED.includes(v)) i += 2;
    else if (v.startsWith('-')) i++;
    else break;
  }
  const sub = ec.args[i]?.value;
  const rest = ec.args.slice(i + 1);
  if (sub === 'config') return matchGitConfig(rest);
  const ops = operands(rest, ['-b', '--branch', '-o', '--origin', '--depth', '--reference', '--separate-git-dir', '-c', '--config', '-j', '--jobs', '--filter', '-t', '--track', '-m', '--upload-pack', '-u', '--template', '--shallow-since', '--shallow-exclude', '--name']);
  if (sub === 'clone') {
    const url = ops[0];
    if (!url || !wordHasUrlCredentials(url)) return undefined;
    const dir = ops[1]?.value ?? (basename(withoutQuery(url.value)).replace(/\.git$/, '') || 'repo');
    return {
      writes: [`${dir}/.git/config`],
      credentialWord: url,
      alwaysPersists: false,
      description: `git clone keeps the credentials of the clone URL in ${dir}/.git/config (remote.origin.url)`,
    };
  }
  if (sub === 'remote') {
    const action = ops[0]?.value;
    if (action !== 'add' && action !== 'set-url') return undefined;
    const url = urlWord(ops.slice(2));
    if (!url) return undefined;
    return {
      writes: ['.git/config'],
      credentialWord: url,
      alwaysPersists: false,
      description: `git remote ${action} stores the URL with its credentials in .git/config`,
    };
  }
  if (sub === 'submodule' && ops[0]?.value === 'add') {
    const url = urlWord(ops.slice(1));
    if (!url) return undefined;
    return {
      writes: ['.gitmodules', '.git/config'],
      credentialWord: url,
      alwaysPersists: false,
      description: 'git submodule add stores the URL with its credentials in .gitmodules and .git/config',
    };
  }
  if (sub === 'fetch' || sub === 'pull') {
    const url = urlWord(ops);
    if (!url) return undefined;
    return {
      writes: sub === 'pull' ? ['.git/FETCH_HEAD', '.git/logs/HEAD'] : ['.git/FETCH_HEAD'],
      credentialWord: url,
      alwaysPersists: false,
      description: `git ${sub} with credentials in the URL records the URL in the repository (${sub === 'pull' ? 'reflog, ' : ''}FETCH_HEAD) and in the RUN command line`,
    };
  }
  return undefined;
}

function matchGitConfig(argsIn: readonly ShellWord[]): Hit | undefined {
  let args = [...argsIn];
  // `git config set …` (git ≥ 2.46) vs the classic form; reads and removals write nothing.
  const first = positionalArgs(args, ['-f', '--file', '--blob', '--type', '--default', '--comment', '--value'])[0]?.value;
  if (first === 'set') {
    const at = args.findIndex((w) => w.value === 'set');
    args = [...args.slice(0, at), ...args.slice(at + 1)];
  }
  else if (first && ['get', 'unset', 'list', 'rename-section', 'remove-section', 'edit'].includes(first)) return undefined;
  if (hasFlag(args, ['--get', '--get-all', '--get-regexp', '--unset', '--unset-all', '-l', '--list', '--remove-section', '-e', '--edit'])) return undefined;
  const ops = positionalArgs(args, ['-f', '--file', '--blob', '--type', '--default', '--comment', '--value']);
  const key = ops[0];
  const value = ops[1];
  if (!key || !value) return undefined;
  const file = gitConfigFile(args);
  const k = key.value;
  if (/^credential\.(.+\.)?helper$/i.test(k) && /^store\b/.test(value.value.trim())) {
    const custom = /--file[= ](\S+)/.exec(value.value)?.[1];
    const store = custom ?? '~/.git-credentials';
    return {
      writes: [file, store],
      alwaysPersists: true,
      description: `git config ${k} store saves every credential git uses unencrypted in ${store}`,
      safeAlternative:
        'RUN --mount=type=secret,id=gitcreds,target=/root/.git-credentials git -c credential.helper=store <command> (set the helper with -c for that command only)',
    };
  }
  if (/^url\./i.test(k) && hasUrlCredentials(k)) {
    return {
      writes: [file],
      credentialWord: key,
      alwaysPersists: false,
      description: `git config url.<URL with credentials>.insteadOf stores the credentials in ${file}`,
    };
  }
  if (/(^|\.)extraheader$/i.test(k) && /authorization\s*:/i.test(value.value)) {
    return {
      writes: [file],
      credentialWord: value,
      alwaysPersists: false,
      description: `git config ${k} stores the Authorization header in ${file}`,
    };
  }
  if (wordHasUrlCredentials(value)) {
    return {
      writes: [file],
      credentialWord: value,
      alwaysPersists: false,
      description: `git config ${k} stores a URL with credentials in ${file}`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// System passwords

function matchHtpasswd(ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined {
  if (!hasFlag(ec.args, ['-b'])) return undefined;
  const ops = operands(ec.args, ['-r']);
  const toStdout = hasFlag(ec.args, ['-n']);
  const pass = ops[ops.length - 1];
  let writes: string[];
  if (toStdout) {
    writes = cmd.redirects.filter((r) => r.operator.startsWith('>') && r.target && r.fd === undefined).map((r) => r.target!.value);
    if (cmd.pipeTo) {
      const to = cmd.pipeTo;
      const toName = to.name ? basename(to.name.value) : '';
      if (toName === 'tee') writes.push(...positionalArgs(to.args).map((w) => w.value));
      writes.push(...to.redirects.filter((r) => r.operator.startsWith('>') && r.target).map((r) => r.target!.value));
    }
    if (writes.length === 0) return undefined;
  } else {
    const file = ops[0];
    if (!file) return undefined;
    writes = [file.value];
  }
  return {
    writes,
    ...(pass ? { credentialWord: pass } : {}),
    alwaysPersists: false,
    description: `htpasswd -b takes the password on the command line (image history) and stores its hash in ${writes.join(', ')}`,
  };
}

function matchChpasswd(_ec: EffectiveCommand, cmd: SimpleCommand): Hit | undefined {
  const cred = stdinCredential(cmd);
  return {
    writes: ['/etc/shadow'],
    ...(cred ? { credentialWord: cred } : {}),
    alwaysPersists: true,
    description: 'chpasswd sets a password baked into /etc/shadow of the image (and the RUN command line)',
  };
}

// ---------------------------------------------------------------------------------------------------
// The table

export const CREDENTIAL_COMMANDS: readonly CredentialCommandSpec[] = [
  {
    tool: 'npm',
    commands: ['npm'],
    safeAlternative: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci (docker build --secret id=npmrc,src=$HOME/.npmrc)',
    match: (ec) => matchNpmLike('npm', ec),
  },
  {
    tool: 'pnpm',
    commands: ['pnpm'],
    safeAlternative: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc pnpm install --frozen-lockfile',
    match: (ec) => matchNpmLike('pnpm', ec),
  },
  {
    tool: 'yarn',
    commands: ['yarn'],
    safeAlternative: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc yarn install --frozen-lockfile (or .yarnrc.yml with npmAuthToken: "${NPM_TOKEN}" and --mount=type=secret,id=npm_token,env=NPM_TOKEN)',
    match: (ec) => matchYarn(ec),
  },
  {
    tool: 'pip',
    commands: ['pip', 'pip3', 'python', 'python3'],
    safeAlternative: 'RUN --mount=type=secret,id=pipconf,target=/etc/pip.conf pip install -r requirements.txt (or --mount=type=secret,id=netrc,target=/root/.netrc)',
    match: (ec) => matchPip(ec),
  },
  {
    tool: 'poetry',
    commands: ['poetry'],
    safeAlternative: 'RUN --mount=type=secret,id=poetry_pw,env=POETRY_HTTP_BASIC_<REPO>_PASSWORD poetry install (or env=POETRY_PYPI_TOKEN_<REPO>)',
    match: (ec) => matchPoetry(ec),
  },
  {
    tool: 'bundler',
    commands: ['bundle', 'bundler'],
    safeAlternative: 'RUN --mount=type=secret,id=gem_creds,env=BUNDLE_GEMS__EXAMPLE__COM bundle install (BUNDLE_<HOST> with dots as __)',
    match: (ec) => matchBundle(ec),
  },
  {
    tool: 'composer',
    commands: ['composer', 'composer.phar'],
    safeAlternative: 'RUN --mount=type=secret,id=composer_auth,env=COMPOSER_AUTH composer install (or --mount=type=secret,id=composer_auth,target=/root/.composer/auth.json)',
    match: (ec) => matchComposer(ec),
  },
  {
    tool: 'cargo',
    commands: ['cargo'],
    safeAlternative: 'RUN --mount=type=secret,id=cargo_token,env=CARGO_REGISTRY_TOKEN cargo build (or env=CARGO_REGISTRIES_<NAME>_TOKEN)',
    match: (ec, cmd) => matchCargo(ec, cmd),
  },
  {
    tool: 'gem',
    commands: ['gem'],
    safeAlternative: 'RUN --mount=type=secret,id=gem_key,env=GEM_HOST_API_KEY gem push …',
    match: (ec) => matchGem(ec),
  },
  {
    tool: 'dotnet',
    commands: ['dotnet'],
    safeAlternative: 'RUN --mount=type=secret,id=nugetconfig,target=/root/.nuget/NuGet/NuGet.Config dotnet restore',
    match: (ec) => matchDotnet(ec),
  },
  {
    tool: 'nuget',
    commands: ['nuget', 'nuget.exe'],
    safeAlternative: 'RUN --mount=type=secret,id=nugetconfig,target=/root/.nuget/NuGet/NuGet.Config nuget restore',
    match: (ec) => matchNuget(ec),
  },
  {
    tool: 'docker',
    commands: ['docker'],
    safeAlternative: 'do not log in inside the build; RUN --mount=type=secret,id=dockerconfig,target=/root/.docker/config.json <command> if a registry call is needed',
    match: (ec, cmd) => matchDocker(ec, cmd),
  },
  {
    tool: 'podman',
    commands: ['podman'],
    safeAlternative: 'do not log in inside the build; RUN --mount=type=secret,id=authjson,target=/run/containers/0/auth.json <command> (or REGISTRY_AUTH_FILE pointing at a secret mount)',
    match: (ec, cmd) => matchContainersLogin('podman', ec, cmd),
  },
  {
    tool: 'buildah',
    commands: ['buildah'],
    safeAlternative: 'do not log in inside the build; RUN --mount=type=secret,id=authjson,target=/run/containers/0/auth.json <command>',
    match: (ec, cmd) => matchContainersLogin('buildah', ec, cmd),
  },
  {
    tool: 'skopeo',
    commands: ['skopeo'],
    safeAlternative: 'RUN --mount=type=secret,id=authjson,target=/run/secrets/auth.json skopeo copy --authfile /run/secrets/auth.json …',
    match: (ec, cmd) => matchContainersLogin('skopeo', ec, cmd),
  },
  {
    tool: 'helm',
    commands: ['helm'],
    safeAlternative: 'RUN --mount=type=secret,id=helm_registry,target=/root/.config/helm/registry/config.json helm pull … (or --registry-config/--repository-config pointing at a secret mount)',
    match: (ec, cmd) => matchHelm(ec, cmd),
  },
  {
    tool: 'aws',
    commands: ['aws'],
    safeAlternative: 'RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp … (or env=AWS_ACCESS_KEY_ID / env=AWS_SECRET_ACCESS_KEY secret mounts)',
    match: (ec, cmd) => matchAws(ec, cmd),
  },
  {
    tool: 'gcloud',
    commands: ['gcloud'],
    safeAlternative: 'RUN --mount=type=secret,id=gcp,target=/run/secrets/gcp GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp <command> (no gcloud auth in the build)',
    match: (ec) => matchGcloud(ec),
  },
  {
    tool: 'az',
    commands: ['az'],
    safeAlternative: 'RUN --mount=type=secret,id=azure_secret,env=AZURE_CLIENT_SECRET <command> using AZURE_CLIENT_ID/AZURE_TENANT_ID (and az logout in the same RUN if az login is unavoidable)',
    match: (ec) => matchAz(ec),
  },
  {
    tool: 'kubectl',
    commands: ['kubectl'],
    safeAlternative: 'RUN --mount=type=secret,id=kubeconfig,target=/run/secrets/kubeconfig KUBECONFIG=/run/secrets/kubeconfig kubectl …',
    match: (ec) => matchKubectl(ec),
  },
  {
    tool: 'gh',
    commands: ['gh'],
    safeAlternative: 'RUN --mount=type=secret,id=gh_token,env=GH_TOKEN gh … (gh reads GH_TOKEN; no gh auth login)',
    match: (ec, cmd) => matchGh(ec, cmd),
  },
  {
    tool: 'heroku',
    commands: ['heroku'],
    safeAlternative: 'RUN --mount=type=secret,id=heroku_key,env=HEROKU_API_KEY heroku …',
    match: (ec) => matchHeroku(ec),
  },
  {
    tool: 'doctl',
    commands: ['doctl'],
    safeAlternative: 'RUN --mount=type=secret,id=do_token,env=DIGITALOCEAN_ACCESS_TOKEN doctl …',
    match: (ec) => matchDoctl(ec),
  },
  {
    tool: 'git',
    commands: ['git'],
    safeAlternative: 'RUN --mount=type=ssh git clone git@github.com:org/repo.git (docker build --ssh default), or ADD https://github.com/org/repo.git with the GIT_AUTH_TOKEN build secret',
    match: (ec) => matchGit(ec),
  },
  {
    tool: 'htpasswd',
    commands: ['htpasswd'],
    safeAlternative: 'RUN --mount=type=secret,id=htpasswd,target=/etc/nginx/.htpasswd … or generate the file at container start from a runtime secret',
    match: (ec, cmd) => matchHtpasswd(ec, cmd),
  },
  {
    tool: 'chpasswd',
    commands: ['chpasswd'],
    safeAlternative: 'do not set passwords at build time; lock the account (usermod -L) or set it at container start from a runtime secret',
    match: (ec, cmd) => matchChpasswd(ec, cmd),
  },
];

const BY_COMMAND = new Map<string, CredentialCommandSpec[]>();
for (const spec of CREDENTIAL_COMMANDS) {
  for (const name of spec.commands) {
    const list = BY_COMMAND.get(name) ?? [];
    list.push(spec);
    BY_COMMAND.set(name, list);
  }
}

/**
 * The credential this command stores in the image filesystem, if it is one of the §D commands.
 * Sees through `sudo`, `env`, `exec`, `nohup`… (see `effectiveCommand`).
 */
export function matchCredentialCommand(cmd: SimpleCommand): CredentialWrite | undefined {
  const ec = effectiveCommand(cmd);
  if (!ec.name) return undefined;
  const name = ec.name.replace(/^(pip|python)[0-9.]+$/, '$1').replace(/^python$/, 'python');
  const specs = BY_COMMAND.get(name) ?? BY_COMMAND.get(ec.name);
  if (!specs) return undefined;
  for (const spec of specs) {
    let hit: Hit | undefined;
    try {
      hit = spec.match(ec, cmd);
    } catch {
      hit = undefined;
    }
    if (hit) {
      const { safeAlternative, ...rest } = hit;
      return { tool: spec.tool, command: cmd, ...rest, safeAlternative: safeAlternative ?? spec.safeAlternative };
    }
  }
  return undefined;
}
