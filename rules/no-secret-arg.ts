/**
 * Severity: BuildKit writes every build arg of a stage into the history entry of
 * every RUN after the ARG (`RUN |1 NPM_TOKEN=<value> /bin/sh -c …`, shown by test/real-builder): that is in the pushed
 * image, so it is an error. With no RUN after it the value is only in the build provenance: a warning.
 */
import {
  defineRule,
  escapeRegExp,
  STAGES_OPTION,
  classifyName,
  classifyValue,
  isClearlyNotSecret,
  isEmptyish,
  isWeakDefault,
  looksLikeFileName,
  type ArgInstruction,
  type BuildDefinition,
  type BuildDefinitionRuleContext,
  type DockerfileModel,
  type Fix,
  type Instruction,
  type KeyValue,
  type Range,
  type RelatedLocation,
  type RuleContext,
  type RunInstruction,
  type TextEdit,
} from '@dockerlint/core';

const HELP =
  'Use a build secret instead of a build arg: remove the ARG, consume the value with ' +
  'RUN --mount=type=secret,id=<id>,env=<NAME> <command> (BuildKit, Dockerfile syntax ≥ 1.10; or read /run/secrets/<id>), ' +
  'and pass it with docker build --secret id=<id>,env=<NAME>. Secret mounts are never recorded in the image history.';

type MessageId = 'secretArgInHistory' | 'secretArgProvenance' | 'secretArgDefault' | 'definitionArg' | 'secretNotSupplied';

export const rule = defineRule<MessageId>({
  meta: {
    id: 'no-secret-arg',
    description: 'ARG with a secret-like name in a shipping stage: every RUN after it writes the value into the image history.',
    severity: 'error',
    messages: {
      secretArgInHistory: 'ARG {{name}}: its value is written into the image history of {{runs}}{{where}}',
      secretArgProvenance: 'ARG {{name}} is recorded in the build provenance{{where}}',
      secretArgDefault: 'ARG {{name}} has a hard-coded default: it is recorded in the image history and provenance{{where}}',
      definitionArg: 'Build arg {{name}} is passed by {{label}}: build-arg values are recorded in the image history and provenance',
      secretNotSupplied: 'Secret {{id}} is mounted here but no build of this Dockerfile supplies it ({{builds}})',
    },
    help: HELP,
    hasSuggestions: true,
    options: {
      stages: STAGES_OPTION,
    },
    tags: ['security', 'secrets', 'CWE-214'],
    securitySeverity: 7.5,
    related: [
      { tool: 'buildkit', id: 'SecretsUsedInArgOrEnv' },
      { tool: 'trivy', id: 'DS-0031', note: 'docker-do-not-pass-secrets' },
      { tool: 'hadolint', id: 'DL3064' },
      { tool: 'checkov', note: 'secret-keyword checks' },
      { tool: 'kics', note: 'secret-keyword checks' },
    ],
  },
  checkBuildDefinitions(context) {
    checkDefinitionArgs(context);
  },
  check(context) {
    const { model } = context;
    if (context.build) checkSuppliedSecrets(context);
    for (const instruction of model.allInstructions()) {
      if (instruction.kind !== 'ARG' || instruction.stage === undefined) continue; // global ARGs: only where re-declared
      if (!context.reportsIn(instruction)) continue;
      if (context.skippedByCheckComment(instruction)) continue;
      for (const declaration of instruction.declarations) {
        if (classifyName(declaration.name) !== 'secret') continue;
        if (context.isAllowlisted({ name: declaration.name })) continue;
        const defaultValue = declaration.value ?? globalDefault(model, declaration.name);
        // `ARG INSTALL_SSHPASS=false`, `ARG KEYSTORE_PASSWORD=keystore.pass`: a switch or a file name, not a secret slot.
        if (defaultValue !== undefined && !isEmptyish(defaultValue) && (isClearlyNotSecret(defaultValue) || looksLikeFileName(defaultValue))) continue;
        const literal = defaultValue !== undefined && isLiteralDefault(defaultValue, declaration.name);
        const id = declaration.name.toLowerCase();
        const following = runsAfter(model, instruction);
        const uses = following.filter((run) => referencesVariable(model, run, declaration.name));
        const related: RelatedLocation[] = following.slice(0, 5).map((run) => ({
          line: run.range.start.line,
          column: run.range.start.column,
          message: `${declaration.name} is recorded in the history entry of this RUN`,
        }));
        const first = following[0];
        const messageId = literal ? 'secretArgDefault' : first ? 'secretArgInHistory' : 'secretArgProvenance';
        const runWord = instruction.onbuild ? 'ONBUILD RUN' : 'RUN';
        const runs = !first ? '' : following.length === 1
          ? `the ${runWord} at line ${first.range.start.line}`
          : `the ${following.length} ${runWord}s after it (the first at line ${first.range.start.line})`;
        context.report({
          messageId,
          data: { name: declaration.name, runs, where: instruction.onbuild ? ' of every image built FROM this one (ONBUILD)' : '' },
          range: declaration.nameRange,
          // docs/rules/README.md#severity-policy: error when the value ends up in the pushed image (a history entry,
          // or the Dockerfile itself); without a RUN after it only the provenance holds it, which needs mode=max.
          severity: literal || first ? 'error' : 'warning',
          instruction,
          ...(related.length > 0 ? { related } : {}),
          help:
            `Remove ARG ${declaration.name}; in each RUN that needs it use RUN --mount=type=secret,id=${id},env=${declaration.name} <command>, ` +
            `and build with docker build --secret id=${id},env=${declaration.name} .` +
            (literal ? ' The default value is already in the Dockerfile and its history: rotate it.' : ''),
          suggestions: [secretMountSuggestion(model, instruction, declaration, uses, id)],
        });
      }
    }
  },
});

/** The default a stage ARG without `=` inherits from a global ARG of the same name. */
function globalDefault(model: DockerfileModel, name: string): string | undefined {
  let value: string | undefined;
  for (const arg of model.globalArgs) for (const declaration of arg.declarations) if (declaration.name === name) value = declaration.value;
  return value;
}

/** A literal default (error) vs. empty/reference/placeholder/weak/clearly-not-secret (warning). */
function isLiteralDefault(value: string, name: string): boolean {
  if (isEmptyish(value) || classifyValue(value) !== 'literal') return false;
  return !isWeakDefault(value, name);
}

/** RUNs of the ARG's stage after it: BuildKit records the stage's build args in each one's history entry. */
function runsAfter(model: DockerfileModel, arg: ArgInstruction): RunInstruction[] {
  const runs: RunInstruction[] = [];
  for (const instruction of model.allInstructions()) {
    if (instruction.kind !== 'RUN' || instruction.stage !== arg.stage || instruction.offset <= arg.offset) continue;
    // An ONBUILD ARG only reaches ONBUILD RUNs (both apply in the child image), and vice versa.
    if (Boolean(instruction.onbuild) !== Boolean(arg.onbuild)) continue;
    runs.push(instruction);
  }
  return runs;
}

/** Does the RUN reference `$NAME` / `${NAME…}`? (Those are the RUNs the suggestion gives a secret mount.) */
function referencesVariable(model: DockerfileModel, run: RunInstruction, name: string): boolean {
  const escaped = escapeRegExp(name);
  const reference = new RegExp(`\\$(?:\\{${escaped}(?![A-Za-z0-9_])|${escaped}(?![A-Za-z0-9_]))`);
  const body = model.text.slice(model.offsetAt(run.keywordRange.end), run.endOffset);
  return reference.test(body);
}

function secretMountSuggestion(model: DockerfileModel, arg: ArgInstruction, declaration: KeyValue, uses: RunInstruction[], id: string): Fix {
  const edits: TextEdit[] = [removalEdit(model, arg, declaration)];
  for (const run of uses) {
    const already = run.mounts.some((mount) => mount.type === 'secret' && mount.env === declaration.name);
    if (already) continue;
    edits.push({ range: { start: run.keywordRange.end, end: run.keywordRange.end }, text: ` --mount=type=secret,id=${id},env=${declaration.name}` });
  }
  const build = `build with docker build --secret id=${id},env=${declaration.name}`;
  const description =
    uses.length === 0
      ? `Remove ARG ${declaration.name}; give the step that needs it --mount=type=secret,id=${id},env=${declaration.name} and ${build}`
      : `Replace ARG ${declaration.name} with a secret mount (env=${declaration.name}) in ${uses.length === 1 ? '1 RUN' : `${uses.length} RUNs`}; ${build}`;
  return { description, edits };
}

/** Deletes the declaration: the whole instruction (its lines) when it is the only one, else the word. */
function removalEdit(model: DockerfileModel, arg: ArgInstruction, declaration: KeyValue): TextEdit {
  const whole: Instruction = arg.onbuild ?? arg;
  if (arg.declarations.length === 1) {
    const start = { line: whole.range.start.line, column: 1 };
    const nextLine = { line: whole.range.end.line + 1, column: 1 };
    const endOffset = model.offsetAt(nextLine);
    // On the last line (no line break after it) offsetAt clamps to that line's start: delete to the end.
    const end = endOffset > model.offsetAt(whole.range.end) ? nextLine : whole.range.end;
    return { range: { start, end }, text: '' };
  }
  const index = arg.declarations.indexOf(declaration);
  const previous = arg.declarations[index - 1];
  const next = arg.declarations[index + 1];
  const range: Range = previous
    ? { start: previous.range.end, end: declaration.range.end }
    : { start: declaration.range.start, end: (next as KeyValue).range.start };
  return { range, text: '' };
}

/**
 * A secret-like build arg that a build definition passes: the value lands in the image history of every RUN after
 * the ARG (and in provenance). Reported once per place it is written, naming the definitions that pass it.
 */
function checkDefinitionArgs(context: BuildDefinitionRuleContext<MessageId>): void {
  const byPlace = new Map<string, { definitions: BuildDefinition[]; arg: BuildDefinition['args'][number] }>();
  for (const definition of context.definitions) {
    for (const arg of definition.args) {
      if (classifyName(arg.name) !== 'secret' || context.isAllowlisted(arg.file, { name: arg.name })) continue;
      const value = arg.value === undefined ? undefined : arg.value.replace(/^["']|["']$/g, '');
      if (value !== undefined && !isEmptyish(value) && (isClearlyNotSecret(value) || looksLikeFileName(value))) continue;
      const key = `${arg.file}\u0000${arg.range.start.line}:${arg.range.start.column}`;
      const place = byPlace.get(key) ?? { definitions: [], arg };
      if (!place.definitions.includes(definition)) place.definitions.push(definition);
      byPlace.set(key, place);
    }
  }
  for (const { definitions, arg } of byPlace.values()) {
    const first = definitions[0]!;
    context.report({
      file: arg.file,
      messageId: 'definitionArg',
      data: { name: arg.name, label: definitions.map((definition) => definition.label).join(', ') },
      severity: 'error',
      range: arg.range,
      help: definitionFix(first, arg.name),
    });
  }
}

/** The fix in the definition's own syntax, plus the Dockerfile side. */
function definitionFix(definition: BuildDefinition, name: string): string {
  const id = name.toLowerCase();
  const dockerfileSide = `and in the Dockerfile remove ARG ${name} and use RUN --mount=type=secret,id=${id},env=${name} <command>.`;
  switch (definition.kind) {
    case 'compose':
      return `Remove ${name} from args:; add \`secrets: [${id}]\` to the service's build: and a top-level \`secrets: {${id}: {environment: ${name}}}\`, ${dockerfileSide}`;
    case 'bake':
      return `Remove ${name} from args; add secret = ["id=${id},env=${name}"] to the target, ${dockerfileSide}`;
    default:
      return definition.label.endsWith('(docker/build-push-action)')
        ? `Remove ${name} from build-args:; add \`secrets: ${id}=\${{ secrets.${name} }}\` to the step's with:, ${dockerfileSide}`
        : `Replace --build-arg ${name}=… with --secret id=${id},env=${name} (with ${name} in the step's env:), ${dockerfileSide}`;
  }
}

/** Secret mounts whose id no build of this Dockerfile supplies: the RUN gets no secret (an empty file or variable). */
function checkSuppliedSecrets(context: RuleContext<MessageId>): void {
  const build = context.build!;
  for (const instruction of context.model.allInstructions()) {
    if (instruction.kind !== 'RUN') continue;
    for (const mount of instruction.mounts) {
      if (mount.type !== 'secret') continue;
      const id = mount.id ?? (mount.target ? mount.target.split('/').filter(Boolean).pop() : undefined);
      if (!id || build.secretIds.has(id) || context.isAllowlisted({ name: id })) continue;
      context.report({
        messageId: 'secretNotSupplied',
        data: { id, builds: build.label },
        range: mount.range,
        severity: 'warning',
        instruction,
        help:
          `Supply secret ${id} in the build definition (compose build secrets:, bake secret = ["id=${id},env=…"], ` +
          `--secret id=${id},env=…, build-push-action secrets:), or fix the id here if it is misspelt. Without it the RUN runs with no secret ` +
          '(or fails when the mount is required=true).',
      });
    }
  }
}
