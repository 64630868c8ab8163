import {
  defineRule,
  STAGES_OPTION,
  effectiveCommand,
  isClearlyNotSecret,
  nestedScripts,
  secretFileOf,
  wordSecret,
  type Instruction,
  type Range,
  type RelatedLocation,
  type RuleContext,
  type RunInstruction,
  type SecretScope,
  type SecretSource,
  type ShellScript,
  type ShellWord,
  type SimpleCommand,
} from '@dockerlint/core';

const TRACE_HELP =
  'Turn tracing off where secrets are handled (set +x before the step, set -x after it) or drop -x from this RUN: '
  + 'BuildKit and CI logs are not secret storage. Keep the secret in its mount and read it only where needed: '
  + 'RUN --mount=type=secret,id=token,env=TOKEN ./deploy.sh, built with docker build --secret id=token,env=TOKEN.';
const PRINT_HELP =
  'Do not print secrets. To check that a secret is present, print a marker instead: test -n "$TOKEN" && echo "token set (${#TOKEN} chars)". '
  + 'Pass it with RUN --mount=type=secret,id=token,env=TOKEN <command> (docker build --secret id=token,env=TOKEN) and let the tool read it.';
const DUMP_HELP =
  'Print only the variables you need (printenv NODE_ENV PATH) instead of the whole environment in a step that has secrets, '
  + 'or move the debugging into a RUN without the secret mount.';
const VERBOSE_HELP =
  'Drop -v/--verbose/--trace in steps that send credentials (curl -fsS is enough): verbose output prints the Authorization header. '
  + 'Keep the credential in a secret mount: RUN --mount=type=secret,id=token,env=TOKEN curl -fsS -H "Authorization: Bearer $TOKEN" … '
  + '(docker build --secret id=token,env=TOKEN).';
const GIT_TRACE_HELP =
  'Remove GIT_TRACE/GIT_CURL_VERBOSE/GIT_TRACE_CURL from steps that authenticate: they print HTTP headers and credential URLs to the build log.';

type MessageId = 'trace' | 'traceShell' | 'traceChild' | 'prints' | 'printsFile' | 'dumps' | 'verbose' | 'gitTrace';

export const rule = defineRule<MessageId>({
  meta: {
    id: 'no-secret-in-build-output',
    description: 'A RUN with a secret in scope prints or traces it (set -x, echo $SECRET, printenv, curl -v…): build logs are shared in CI.',
    severity: 'warning',
    messages: {
      trace: '`{{command}}` turns on shell tracing while {{secret}} is in scope: the build log shows every expanded command',
      traceShell: 'RUN runs under SHELL {{shell}}, which traces every command, while {{secret}} is in scope',
      traceChild: '`{{command}}` traces the script it runs while {{secret}} is in scope: the build log shows every expanded command',
      prints: '`{{command}}` prints {{secret}} to the build log',
      printsFile: '`{{command}}` prints the secret file {{file}} to the build log',
      dumps: '`{{command}}` dumps {{what}} to the build log while {{secret}} is set',
      verbose: '`{{command}} {{flag}}` prints request headers, including the credentials from {{secret}}, to the build log',
      gitTrace: '{{variable}} makes git print HTTP headers and credential URLs to the build log while {{secret}} is in scope',
    },
    help: 'Remove tracing and printing from steps that handle secrets; BuildKit and CI logs are not secret storage.',
    options: {
      stages: STAGES_OPTION,
    },
    tags: ['security', 'secrets', 'CWE-532'],
    securitySeverity: 5.3,
    related: [],
  },
  check(context) {
    for (const instruction of context.model.allInstructions()) {
      if (instruction.kind !== 'RUN') continue;
      if (!context.reportsIn(instruction)) continue;
      checkRun(context, instruction);
    }
  },
});

/** The check of one RUN for commands that print a secret into the build output. */
interface BuildOutputCheck {
  context: RuleContext<MessageId>;
  run: RunInstruction;
  /** The secret scope with ENV variables whose value is a literal of the Dockerfile removed (nothing new to leak). */
  scope: SecretScope;
  /** Secret variables exported to the environment of the RUN (mount env, build args, ENV). */
  envSecrets: SecretSource[];
  reported: Set<string>;
}

function checkRun(context: RuleContext<MessageId>, run: RunInstruction): void {
  const { model } = context;
  const full = context.analysis.secretScope(run);
  if (!full.hasSecrets) return;
  const bindings = model.scopeAt(run);
  const variables = new Map<string, SecretSource>();
  for (const [name, source] of full.variables) {
    if (source.origin === 'env') {
      const binding = bindings.get(name);
      // `ENV API_KEY=dummy`: the value is in the Dockerfile already; printing it leaks nothing new.
      if (binding && binding.kind === 'env' && binding.references.length === 0) continue;
    }
    if (source.origin === 'build-arg') {
      const binding = bindings.get(name);
      // `ARG INSTALL_SSHPASS=false`: a feature flag, whatever its name says.
      const value = binding?.value?.trim();
      if (value && binding?.references.length === 0 && isClearlyNotSecret(value)) continue;
    }
    variables.set(name, source);
  }
  const scope: SecretScope = { ...full, variables, hasSecrets: variables.size > 0 || full.secretFiles.size > 0 };
  if (!scope.hasSecrets) return;
  const envSecrets = [...variables.values()].filter((source) => source.origin !== 'shell-variable');
  const state: BuildOutputCheck = { context, run, scope, envSecrets, reported: new Set() };

  const shellTrace = run.form !== 'exec' && tracesShell(run.shell);
  for (const script of context.analysis.relevantScripts(run)) analyseScript(state, script, shellTrace ? 'shell' : undefined, 0);
  checkGitTraceEnv(state);
}

/** `SHELL ["/bin/bash", "-eux", "-o", "pipefail", "-c"]`, `-o xtrace`. */
function tracesShell(shell: readonly string[]): boolean {
  for (let i = 1; i < shell.length; i++) {
    const arg = shell[i]!;
    if (arg === '-c' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg) && !arg.includes('x')) break;
    if (/^-[a-zA-Z]*x[a-zA-Z]*$/.test(arg)) return true;
    if (arg === '-o' && shell[i + 1] === 'xtrace') return true;
  }
  return false;
}

function firstSecret(state: BuildOutputCheck): SecretSource | undefined {
  return state.envSecrets[0] ?? [...state.scope.variables.values()][0] ?? [...state.scope.secretFiles.values()][0];
}

function report(state: BuildOutputCheck, key: string, messageId: MessageId, data: Record<string, string>, range: Range, help: string, related?: RelatedLocation[]): void {
  const id = `${messageId}@${range.start.line}:${range.start.column}:${key}`;
  if (state.reported.has(id)) return;
  state.reported.add(id);
  state.context.report({
    messageId,
    data,
    range,
    help,
    instruction: (state.run.onbuild ?? state.run) as Instruction,
    ...(related ? { related } : {}),
  });
}

/** The secret a command expands anywhere in its words, assignments or redirections. */
function commandSecret(command: SimpleCommand, scope: SecretScope): SecretSource | undefined {
  const words: ShellWord[] = [];
  if (command.name) words.push(command.name);
  words.push(...command.args);
  for (const assignment of command.assignments) if (assignment.value) words.push(assignment.value);
  for (const redirect of command.redirects) {
    if (redirect.target) words.push(redirect.target);
    if (redirect.heredocBody) words.push(redirect.heredocBody);
  }
  for (const word of words) {
    const found = wordSecret(word, scope, { literals: false });
    if (found) return found;
  }
  return undefined;
}

type TraceOrigin = 'shell' | { word: ShellWord; command: string; child: boolean };

function analyseScript(state: BuildOutputCheck, script: ShellScript, initialTrace: TraceOrigin | undefined, depth: number): void {
  const { scope } = state;
  const commands = [...script.commands].sort((a, b) => a.index - b.index);
  let trace: TraceOrigin | undefined = initialTrace;
  let tracedSecret: SecretSource | undefined;

  const closeTrace = (atEnd: boolean) => {
    if (!trace) return;
    // Tracing left on to the end of a RUN that was handed a secret env var (`--mount=type=secret,env=K`) is
    // reported: the step exists to use it. A build arg or ENV merely in scope must be expanded while tracing.
    const secret = tracedSecret ?? (atEnd ? state.envSecrets.find((source) => source.origin === 'mount-env') : undefined);
    if (secret) reportTrace(state, trace, secret);
    trace = undefined;
    tracedSecret = undefined;
  };

  for (const command of commands) {
    const ec = effectiveCommand(command);
    const top = command.substitutionDepth === 0;

    if (ec.name === 'set' && top) {
      const change = traceChange(ec.args);
      if (change?.on && !trace) {
        trace = { word: change.word, command: `set ${change.word.value}${change.word.value === '-o' ? ' xtrace' : ''}`, child: false };
        tracedSecret = undefined;
        continue;
      }
      if (change && !change.on) {
        closeTrace(false);
        continue;
      }
    }
    if (trace && !tracedSecret) tracedSecret = commandSecret(command, scope);

    if (top) checkCommand(state, command, ec, depth);
  }
  closeTrace(true);
}

function reportTrace(state: BuildOutputCheck, trace: TraceOrigin, secret: SecretSource): void {
  const run = state.run;
  if (trace === 'shell') {
    const shellInstruction = findShell(run);
    const related = shellInstruction
      ? [{ line: shellInstruction.range.start.line, column: shellInstruction.range.start.column, message: 'SHELL with -x set here' }]
      : undefined;
    report(state, 'shell', 'traceShell', { shell: JSON.stringify(run.shell), secret: secret.description }, run.keywordRange, TRACE_HELP, related);
    return;
  }
  report(state, trace.command, trace.child ? 'traceChild' : 'trace', { command: trace.command, secret: secret.description }, trace.word.range, TRACE_HELP);
}

function findShell(run: RunInstruction): Instruction | undefined {
  let found: Instruction | undefined;
  const chain: NonNullable<RunInstruction["stage"]>[] = [];
  for (let stage = run.stage; stage && !chain.includes(stage); stage = stage.baseStage) chain.unshift(stage);
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if (instruction === run || instruction === run.onbuild) return found;
      if (instruction.kind === 'SHELL') found = instruction;
    }
  }
  return found;
}

/** `set -x`, `set -eux`, `set -o xtrace` (on) and `set +x`, `set +o xtrace` (off). */
function traceChange(args: ShellWord[]): { on: boolean; word: ShellWord } | undefined {
  let result: { on: boolean; word: ShellWord } | undefined;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const value = word.value;
    if (value === '--') break;
    if ((value === '-o' || value === '+o') && args[i + 1]?.value === 'xtrace') {
      result = { on: value === '-o', word };
      i++;
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(value) && value.includes('x')) result = { on: value.startsWith('-'), word };
  }
  return result;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);
const PRINTERS = new Set(['echo', 'printf']);
const FILE_PRINTERS = new Set(['cat', 'head', 'tail', 'base64', 'xxd', 'od', 'hexdump', 'strings', 'more', 'less', 'jq', 'nl']);
const GIT_TRACE_VARS = new Set(['GIT_TRACE', 'GIT_TRACE_CURL', 'GIT_CURL_VERBOSE', 'GIT_TRACE_PACKET']);

function checkCommand(state: BuildOutputCheck, command: SimpleCommand, ec: ReturnType<typeof effectiveCommand>, depth: number): void {
  const { scope } = state;

  // GIT_TRACE=1 git …, export GIT_CURL_VERBOSE=1, env GIT_TRACE_CURL=1 git …
  for (const assignment of ec.assignments) {
    if (!GIT_TRACE_VARS.has(assignment.name) || !truthy(assignment.value?.value)) continue;
    const secret = firstSecret(state);
    if (secret) report(state, assignment.name, 'gitTrace', { variable: assignment.name, secret: secret.description }, assignment.range, GIT_TRACE_HELP);
  }

  const name = ec.name;
  if (!name) return;

  // sh -x script, bash -xc '…'
  if (SHELLS.has(name)) {
    const flag = shellTraceFlag(ec.args);
    const nested = depth < 3 ? nestedScripts(command) : [];
    if (flag) {
      const origin: TraceOrigin = { word: flag, command: `${name} ${flag.value}${flag.value === '-o' ? ' xtrace' : ''}`, child: true };
      if (nested.length > 0) for (const inner of nested) analyseScript(state, inner.script, origin, depth + 1);
      else if (state.envSecrets[0]) reportTrace(state, origin, state.envSecrets[0]);
      else {
        const secret = ec.args.map((arg) => wordSecret(arg, scope, { literals: false })).find(Boolean);
        if (secret) reportTrace(state, origin, secret);
      }
      return;
    }
    for (const inner of nested) analyseScript(state, inner.script, undefined, depth + 1);
    return;
  }
  if ((name === 'su' || name === 'runuser' || name === 'eval') && depth < 3) {
    for (const inner of nestedScripts(command)) analyseScript(state, inner.script, undefined, depth + 1);
    return;
  }

  if (PRINTERS.has(name)) {
    if (!stdoutVisible(command)) return;
    for (const arg of ec.args) {
      const secret = wordSecret(arg, scope, { literals: false });
      if (secret) {
        report(state, secret.name, 'prints', { command: name, secret: secret.description }, arg.range, PRINT_HELP);
        return;
      }
    }
    return;
  }

  if (FILE_PRINTERS.has(name)) {
    if (!stdoutVisible(command)) return;
    for (const arg of ec.args) {
      if (arg.value.startsWith('-')) continue;
      const file = secretFileOf(arg.value, scope);
      if (file) {
        report(state, arg.value, 'printsFile', { command: name, file: arg.value }, command.range, PRINT_HELP);
        return;
      }
    }
    for (const redirect of command.redirects) {
      if (redirect.operator === '<' && redirect.target && secretFileOf(redirect.target.value, scope)) {
        report(state, redirect.target.value, 'printsFile', { command: name, file: redirect.target.value }, command.range, PRINT_HELP);
        return;
      }
      if (name === 'cat' && ec.args.length === 0 && redirect.heredocBody) {
        const secret = wordSecret(redirect.heredocBody, scope, { literals: false });
        if (secret) {
          report(state, secret.name, 'prints', { command: 'cat <<…', secret: secret.description }, command.range, PRINT_HELP);
          return;
        }
      }
    }
    return;
  }

  const dump = environmentDump(name, ec.args, scope);
  if (dump) {
    if (!stdoutVisible(command)) return;
    if (dump.secret && dump.named) report(state, name, 'prints', { command: dump.command, secret: dump.secret.description }, command.range, PRINT_HELP);
    else if (dump.secret) report(state, name, 'dumps', { command: dump.command, what: dump.what, secret: dump.secret.description }, command.range, DUMP_HELP);
    return;
  }

  if (name === 'curl' || name === 'wget') checkVerboseHttp(state, command, name, ec.args);
}

function truthy(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false' && v !== 'no' && v !== 'off';
}

/** The `-x`/`-ex`/`-o xtrace` word of a shell invocation, before the script operand or `-c` script. */
function shellTraceFlag(args: ShellWord[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const value = args[i]!.value;
    if (value === '--' || value === '-') return undefined;
    if (value === '-o' && args[i + 1]?.value === 'xtrace') return args[i];
    if (value === '-o' || value === '+o' || value === '-O' || value === '+O') {
      i++;
      continue;
    }
    if (/^-[a-zA-Z]+$/.test(value)) {
      if (value.includes('x')) return args[i];
      continue;
    }
    if (value.startsWith('-') || value.startsWith('+')) continue;
    return undefined; // the script operand (or the -c script)
  }
  return undefined;
}

interface Dump {
  command: string;
  what: string;
  secret: SecretSource | undefined;
  /** `printenv TOKEN`: prints one named secret. */
  named?: boolean;
}

/** `printenv`, bare `env`, `export`/`export -p`, `declare -p`/`-x`, `typeset -p`, bare `set`. */
function environmentDump(name: string, args: ShellWord[], scope: SecretScope): Dump | undefined {
  const envSecret = [...scope.variables.values()].find((source) => source.origin !== 'shell-variable');
  const anySecret = [...scope.variables.values()][0];
  const operands = args.filter((arg) => !arg.value.startsWith('-'));
  if (name === 'printenv') {
    if (operands.length === 0) return { command: 'printenv', what: 'the environment', secret: envSecret };
    const named = operands.map((arg) => scope.variables.get(arg.value)).find(Boolean);
    return named ? { command: `printenv ${named.name}`, what: named.name, secret: named, named: true } : { command: 'printenv', what: '', secret: undefined };
  }
  if (name === 'env') {
    // effectiveCommand leaves `env` as the command only when it runs nothing: it prints the environment.
    if (args.some((arg) => arg.value === '--help' || arg.value === '--version')) return undefined;
    return { command: 'env', what: 'the environment', secret: envSecret };
  }
  if (name === 'export' || name === 'declare' || name === 'typeset') {
    const onlyPrintFlags = args.every((arg) => /^-[pxr]+$/.test(arg.value));
    if (!onlyPrintFlags) return undefined;
    if (name !== 'export' && args.length === 0) return { command: name, what: 'all shell variables', secret: anySecret };
    return { command: [name, ...args.map((arg) => arg.value)].join(' '), what: 'the exported variables', secret: envSecret ?? anySecret };
  }
  if (name === 'set' && args.length === 0) return { command: 'set', what: 'all shell variables', secret: anySecret };
  return undefined;
}

const FILTERS = new Set(['sort', 'uniq', 'cat', 'tee', 'head', 'tail', 'column', 'nl', 'less', 'more', 'base64', 'xxd', 'od', 'awk', 'sed', 'tr', 'cut', 'rev', 'fold', 'jq', 'grep', 'egrep', 'fgrep', 'rg']);

/** Does the command's standard output reach the build log (not a file, not /dev/null, not a consuming pipe)? */
function stdoutVisible(command: SimpleCommand, hops = 0): boolean {
  if (command.substitutionDepth > 0) return false;
  for (const redirect of command.redirects) {
    const op = redirect.operator;
    const target = redirect.target?.value;
    if (op === '>&' || op === '<&') {
      // `>&2` / `1>&2` duplicate onto another stream of the log; `>& file` writes a file.
      if (target !== undefined && !/^\d+-?$|^-$/.test(target) && (redirect.fd === undefined || redirect.fd === 1)) return false;
      continue;
    }
    if (!/^(?:>|>>|>\||&>|&>>)$/.test(op)) continue;
    if (redirect.fd !== undefined && redirect.fd !== 1) continue;
    if (target === undefined) continue;
    if (/^\/dev\/(?:stdout|stderr|tty|fd\/[12])$|^\/proc\/self\/fd\/[12]$/.test(target)) continue;
    return false; // a file or /dev/null
  }
  const next = command.pipeTo;
  if (!next) return true;
  if (hops > 8) return true;
  const name = effectiveCommand(next).name;
  if (!FILTERS.has(name)) return false; // consumed: `| docker login --password-stdin`, `| sha256sum`
  if ((name === 'grep' || name === 'egrep' || name === 'fgrep' || name === 'rg') && next.args.some((arg) => /^-(?:[a-zA-Z]*[qcl][a-zA-Z]*)$|^--(?:quiet|silent|count|files-with-matches)$/.test(arg.value))) return false;
  if (name === 'sed' && next.args.some((arg) => /^-[a-zA-Z]*i/.test(arg.value) || arg.value.startsWith('--in-place'))) return false;
  return stdoutVisible(next, hops + 1);
}

/** curl letters that take no value: a cluster such as `-fsSLv` turns on verbose. */
const CURL_BOOLEAN = new Set('fsSLkiIvNOgGjJlnqRZ0123456#:'.split(''));
const CURL_CREDENTIAL_FLAGS = ['-u', '--user', '-H', '--header', '--oauth2-bearer', '-E', '--cert', '--key', '--netrc-file', '-K', '--config', '--proxy-user', '-U', '--aws-sigv4', '--password', '--http-password', '--header'];

function checkVerboseHttp(state: BuildOutputCheck, command: SimpleCommand, name: string, args: ShellWord[]): void {
  const { scope } = state;
  let flag: ShellWord | undefined;
  for (const arg of args) {
    const v = arg.value;
    if (v === '--') break;
    if (name === 'curl') {
      if (v === '--verbose' || v === '--trace' || v === '--trace-ascii' || v.startsWith('--trace=') || v.startsWith('--trace-ascii=')) flag ??= arg;
      else if (/^-[a-zA-Z0-9#:]+$/.test(v) && !v.startsWith('--')) {
        for (const letter of v.slice(1)) {
          if (letter === 'v') {
            flag ??= arg;
            break;
          }
          if (!CURL_BOOLEAN.has(letter)) break;
        }
      }
    } else if (v === '-d' || v === '--debug' || (/^-[a-zA-Z]+$/.test(v) && v.includes('d') && !v.startsWith('--'))) {
      flag ??= arg;
    }
  }
  if (!flag) return;
  let secret: SecretSource | undefined;
  for (let i = 0; i < args.length && !secret; i++) {
    const arg = args[i]!;
    secret = wordSecret(arg, scope, { literals: false });
    if (!secret && CURL_CREDENTIAL_FLAGS.includes(arg.value) && args[i + 1]) secret = secretFileOf(args[i + 1]!.value.replace(/^@/, ''), scope);
    if (!secret) {
      const inline = /^--(?:netrc-file|config|header|cert|key)=(.*)$/.exec(arg.value);
      if (inline?.[1]) secret = secretFileOf(inline[1].replace(/^@/, ''), scope);
    }
  }
  if (!secret) return;
  report(state, flag.value, 'verbose', { command: name, flag: flag.value, secret: secret.description }, flag.range, VERBOSE_HELP);
}

/** `ENV GIT_CURL_VERBOSE=1` (or ARG) in force while a RUN with a secret runs git. */
function checkGitTraceEnv(state: BuildOutputCheck): void {
  const bindings = state.context.model.scopeAt(state.run);
  const active = [...GIT_TRACE_VARS].find((name) => truthy(bindings.get(name)?.resolvedValue ?? bindings.get(name)?.value));
  if (!active) return;
  const secret = firstSecret(state);
  if (!secret) return;
  for (const script of state.run.scripts) {
    for (const command of script.commands) {
      const ec = effectiveCommand(command);
      if (ec.name !== 'git' || !ec.nameWord) continue;
      if (ec.assignments.some((assignment) => assignment.name === active)) continue; // reported on the assignment
      report(state, `env:${active}`, 'gitTrace', { variable: `${active} (set by ${bindings.get(active)!.kind.toUpperCase()})`, secret: secret.description }, ec.nameWord.range, GIT_TRACE_HELP);
      return;
    }
  }
}

