/**
 * Severity: error when the value is a secret we can see (secret mount, secret-like or credential-position
 * ARG/ENV, a secret-named variable, a literal); warning when a credential-storing command runs with a value
 * we cannot see (an undeclared variable, an interactive login, `credential.helper store`).
 */
import {
  defineRule,
  STAGES_OPTION,
  secretMountHint,
  deletes,
  type AddEvent,
  type FileEvent,
  type RunInstruction,
  type SimpleCommand,
} from '@dockerlint/core';

type MessageId = 'credential' | 'credentialUnknown' | 'write' | 'writeUnknown';

export const rule = defineRule<MessageId>({
  meta: {
    id: 'no-persisted-secret',
    description: 'A RUN in a shipping stage writes a secret into the image filesystem (a credential-storing command, or a copy of a secret mount).',
    severity: 'error',
    messages: {
      credential: '{{description}}, which stays in this layer (the credential comes from {{source}}).',
      credentialUnknown: '{{description}}, which stays in this layer (the credential\'s value is not visible here, but whatever it is gets stored).',
      write: '{{writer}} writes {{source}} to {{file}}, which stays in this layer.',
      writeUnknown: '{{writer}} writes {{variables}} to {{file}} ({{label}}), which stays in this layer.',
    },
    help: 'Mount the secret where the tool reads it instead of letting the tool copy it: e.g. RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci (docker build --secret id=npmrc,src=$HOME/.npmrc), or RUN --mount=type=secret,id=token,env=TOKEN <command> (docker build --secret id=token,env=TOKEN).',
    options: { stages: STAGES_OPTION },
    tags: ['security', 'secrets', 'CWE-312'],
    securitySeverity: 8.1,
    related: [
      { tool: 'trivy', id: 'DS-0031', note: 'flags `aws configure set` with secrets (it accepts them under a secret mount; this rule does not)' },
      { tool: 'checkov', id: 'CKV2_DOCKER_17', note: 'flags `chpasswd`' },
    ],
  },
  check(context) {
    const { model, analysis } = context;
    for (const instruction of model.allInstructions()) {
      if (instruction.kind !== 'RUN' || !instruction.stage || !context.reportsIn(instruction)) continue;
      const events = analysis.instructionEvents(instruction);
      // Made at the first report naming a command: most RUNs report nothing (a plain loop, no closure per RUN either).
      let reported: Set<SimpleCommand> | undefined;
      for (let index = 0; index < events.length; index++) {
        const event = events[index]!;
        if (event.kind !== 'add' || event.via !== 'run') continue;
        if (!event.secret && !event.unknownCredential) continue;
        if (event.ephemeral || removedLater(events, index, event) || analysis.secretScope(instruction).secretFiles.has(event.path)) continue;
        if (event.command) {
          if (reported?.has(event.command)) continue;
          (reported ??= new Set()).add(event.command);
        }
        report(event, instruction);
      }
    }

    function report(event: AddEvent, run: RunInstruction): void {
      // chpasswd/htpasswd store a hash, not the secret: the password itself is only in the RUN line.
      const severity = event.secret && !HASHED.has(event.writer ?? '') ? 'error' : 'warning';
      if (event.description) {
        const help = event.safeAlternative
          ? `Don't let ${event.writer ?? 'the tool'} store the credential in the image: ${event.safeAlternative}. Remove the credential-storing command; if the file must exist during the build, create, use and delete it in the same RUN.`
          : undefined;
        context.report({
          messageId: event.secret ? 'credential' : 'credentialUnknown',
          data: { description: event.description, source: event.secret?.description ?? '' },
          range: event.range,
          severity,
          instruction: run,
          ...(help ? { help } : {}),
        });
        return;
      }
      const file = event.path;
      const label = event.sensitive?.pattern.label ?? 'a file';
      if (event.secret) {
        const mountTarget = event.secret.origin === 'secret-mount' || event.sensitive ? file : undefined;
        context.report({
          messageId: 'write',
          data: { writer: writerName(event), source: event.secret.description, file },
          range: event.range,
          severity,
          instruction: run,
          help: `Don't copy the secret out of its mount or variable into a file: ${secretMountHint(event.secret, mountTarget)}. If a file is unavoidable, write it below a --mount=type=tmpfs target or delete it in the same RUN.`,
        });
        return;
      }
      context.report({
        messageId: 'writeUnknown',
        data: { writer: writerName(event), variables: variablesOf(event), file, label },
        range: event.range,
        severity,
        instruction: run,
        help: `Don't write credentials into the image: ${secretMountHint(undefined, file)}.`,
      });
    }
  },
});

const HASHED = new Set(['chpasswd', 'htpasswd']);

function writerName(event: AddEvent): string {
  if (!event.writer || event.writer === 'shell redirection') return 'A shell redirection';
  return event.writer;
}

function variablesOf(event: AddEvent): string {
  const names = new Set<string>();
  const text = event.command?.text ?? '';
  for (const match of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(`$${match[1]}`);
  return names.size > 0 ? [...names].slice(0, 3).join(', ') : 'a value';
}

/** The same RUN deletes the file again after writing it. */
function removedLater(events: FileEvent[], index: number, event: AddEvent): boolean {
  for (let i = index + 1; i < events.length; i++) {
    const later = events[i]!;
    if (later.kind === 'delete' && (deletes(later, event.path) || (event.alsoAt !== undefined && deletes(later, event.alsoAt)))) return true;
  }
  return false;
}
