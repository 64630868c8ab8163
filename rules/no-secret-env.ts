import {
  defineRule,
  STAGES_OPTION,
  classifyName,
  classifyValue,
  isClearlyNotSecret,
  isEmptyish,
  isPlaceholder,
  isWeakDefault,
  looksLikeFileName,
  literalSegments,
  secretVariablesIn,
  type KeyValue,
  type VariableBinding,
} from '@dockerlint/core';

const HELP =
  "Don't bake secrets into ENV: every container and every image built FROM this one can read it (docker inspect). " +
  'Provide it at run time (docker run -e / --env-file, Compose or Kubernetes secrets, or a *_FILE variable pointing at a mounted secret), ' +
  'or, when a build step needs it, use RUN --mount=type=secret,id=<id>,env=<NAME> <command> with docker build --secret id=<id>,env=<NAME>.';

type Verdict = { messageId: 'derived'; source: VariableBinding } | { messageId: 'literal' } | { messageId: 'weakDefault' } | undefined;

type MessageId = 'derived' | 'literal' | 'weakDefault';

export const rule = defineRule<MessageId>({
  meta: {
    id: 'no-secret-env',
    description: 'ENV that bakes a secret (a literal or a value derived from a secret-like variable) into the image configuration.',
    severity: 'error',
    messages: {
      derived: 'ENV {{name}} copies {{source}} into the image configuration{{where}}',
      literal: 'ENV {{name}} bakes a hard-coded secret into the image configuration{{where}}',
      weakDefault: 'ENV {{name}} bakes an insecure default value into the image configuration{{where}}',
    },
    help: HELP,
    options: {
      stages: STAGES_OPTION,
    },
    tags: ['security', 'secrets', 'CWE-526'],
    securitySeverity: 8.1,
    related: [
      { tool: 'buildkit', id: 'SecretsUsedInArgOrEnv' },
      { tool: 'trivy', id: 'DS-0031' },
      { tool: 'hadolint', id: 'DL3064' },
      { tool: 'kics', id: 'secrets_env' },
      { tool: 'dockle', id: 'CIS-DI-0010', note: 'image config' },
    ],
  },
  check(context) {
    const { model } = context;
    for (const instruction of model.allInstructions()) {
      if (instruction.kind !== 'ENV' || !context.reportsIn(instruction)) continue;
      if (context.skippedByCheckComment(instruction)) continue;
      const where = instruction.onbuild ? ' of every image built FROM this one (ONBUILD)' : '';
      for (const pair of instruction.pairs) {
        const value = pair.value ?? '';
        if (context.isAllowlisted({ name: pair.name }) || context.isAllowlisted({ value })) continue;
        const verdict = judge(pair, secretVariablesIn(model, instruction, pair.rawValue ?? value));
        if (!verdict) continue;
        if (verdict.messageId === 'derived') {
          const source = verdict.source;
          const sourceName = `${source.kind === 'arg' ? 'build arg' : 'ENV'} ${source.name}`;
          context.report({
            messageId: 'derived',
            data: { name: pair.name, source: sourceName, where },
            range: pair.range,
            severity: 'error',
            instruction,
            related: [{ line: source.declaration.nameRange.start.line, column: source.declaration.nameRange.start.column, message: `${sourceName} is declared here` }],
            help:
              source.kind === 'arg'
                ? `Remove ENV ${pair.name}: it stores the value of ${source.name} in the image. If a build step needs it, use ` +
                  `RUN --mount=type=secret,id=${source.name.toLowerCase()},env=${pair.name} <command> and docker build --secret id=${source.name.toLowerCase()},env=${source.name}; ` +
                  'at run time, pass it with docker run -e or an orchestrator secret.'
                : HELP,
          });
        } else {
          context.report({
            messageId: verdict.messageId,
            data: { name: pair.name, where },
            range: pair.range,
            severity: verdict.messageId === 'literal' ? 'error' : 'warning',
            instruction,
          });
        }
      }
    }
  },
});

function judge(pair: KeyValue, secretSources: VariableBinding[]): Verdict {
  const value = pair.value ?? '';
  // Any ENV that interpolates a secret-like ARG/ENV copies that secret into the image config.
  // A secret-named ENV holding nothing secret (placeholder, path…) is judged where it is declared.
  const source = secretSources.find((binding) => binding.kind === 'arg' || !inert(binding.resolvedValue ?? binding.value ?? ''));
  if (source) return { messageId: 'derived', source };
  if (classifyName(pair.name) !== 'secret') return undefined;
  if (isEmptyish(value) || isClearlyNotSecret(value) || looksLikeFileName(value)) return undefined;
  switch (classifyValue(value)) {
    case 'empty':
    case 'reference':
      return undefined;
    case 'placeholder':
      return { messageId: 'weakDefault' };
    case 'mixed': {
      // Literal text around references (`${ADMIN_PASSWORD:-welcome1}`, `${APP}-secret-2024`): judge the literal parts.
      const segments = literalSegments(value).filter(
        (segment) => !isEmptyish(segment) && !isClearlyNotSecret(segment) && !looksLikeFileName(segment) && /[A-Za-z0-9]{3}/.test(segment),
      );
      if (segments.length === 0) return undefined;
      return segments.every((segment) => isPlaceholder(segment) || isWeakDefault(segment, pair.name)) ? { messageId: 'weakDefault' } : { messageId: 'literal' };
    }
    case 'literal':
      return isWeakDefault(value, pair.name) ? { messageId: 'weakDefault' } : { messageId: 'literal' };
  }
}

function inert(value: string): boolean {
  const kind = classifyValue(value);
  return kind === 'empty' || kind === 'placeholder' || isEmptyish(value) || isClearlyNotSecret(value) || looksLikeFileName(value) || isWeakDefault(value);
}
