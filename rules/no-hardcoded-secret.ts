import {
  defineRule,
  LineIndex,
  classifyName,
  containsReference,
  credentialSlots,
  instructionLabel,
  isNotALiteralSecret,
  isPlaceholder,
  isWeakDefault,
  isWellKnownPassword,
  locateValue,
  looksRandom,
  nestedScripts,
  previewOf,
  scanForSecrets,
  unquote,
  type BuildDefinitionRuleContext,
  type DockerfileModel,
  type Instruction,
  type NameClass,
  type Range,
  type Report,
  type RuleContext,
  type RunInstruction,
  type SecretMatch,
  type Severity,
  type ShellScript,
  type ShellWord,
} from '@dockerlint/core';

const HELP =
  'Revoke and rotate the secret (it is in the Dockerfile, its git history and the image history), remove it, and pass it at build time ' +
  'as a build secret: RUN --mount=type=secret,id=<id>,env=<NAME> <command> (or read /run/secrets/<id>) with docker build --secret id=<id>,env=<NAME>. ' +
  'Values a container needs at run time belong in docker run -e / --env-file or an orchestrator secret.';

type MessageId = 'token' | 'weakToken' | 'credentialArgument' | 'weakCredential' | 'namedLiteral' | 'commentToken' | 'definitionToken' | 'weakDefinitionToken' | 'definitionNamedLiteral';

export const rule = defineRule<MessageId>({
  meta: {
    id: 'no-hardcoded-secret',
    description: 'A literal secret (provider token, private key, password, credentials in a URL…) written in the Dockerfile.',
    severity: 'error',
    messages: {
      token: '{{provider}} in {{where}} ({{preview}}): revoke and rotate it',
      weakToken: 'Possible {{provider}} in {{where}} ({{preview}}{{note}}): if it is real, revoke and rotate it',
      credentialArgument: 'Hard-coded credential for {{label}} in {{where}} ({{preview}}): it is recorded in the image history; rotate it',
      weakCredential: 'Well-known default password for {{label}} in {{where}}: it is recorded in the image history',
      namedLiteral: 'Hard-coded value for {{name}} in {{where}} ({{preview}}): rotate it and pass it as a build secret',
      commentToken: '{{provider}} in a comment ({{preview}}): the comment is committed with the Dockerfile; revoke and rotate it',
      definitionToken: '{{provider}} in {{where}} ({{preview}}): revoke and rotate it',
      weakDefinitionToken: 'Possible {{provider}} in {{where}} ({{preview}}{{note}}): if it is real, revoke and rotate it',
      definitionNamedLiteral: 'Hard-coded value for build arg {{name}} in {{where}} ({{preview}}): rotate it and pass it as a build secret',
    },
    help: HELP,
    tags: ['security', 'secrets', 'CWE-798'],
    securitySeverity: 9.1,
    related: [
      { tool: 'gitleaks' },
      { tool: 'secretlint' },
      { tool: 'trufflehog', note: '`trufflehog docker` scans the built image' },
      { tool: 'ggshield' },
      { tool: 'trivy', note: 'secret scanner' },
      { tool: 'trivy', id: 'DS-0031' },
      { tool: 'kics', id: 'Passwords And Secrets' },
      { tool: 'checkov', id: 'CKV_SECRET_*' },
      { tool: 'checkov', id: 'CKV2_DOCKER_17', note: 'chpasswd' },
      { tool: 'hadolint', id: 'DL3064' },
    ],
  },
  checkBuildDefinitions(context) {
    checkDefinitionFiles(context);
  },
  check(context) {
    const { model } = context;
    const reporter = new Reporter(context);
    for (const instruction of model.allInstructions()) {
      if (isScannedThroughTrigger(instruction)) continue;
      const masked = maskContinuationComments(instruction);
      // 1. Provider formats (tokens, keys, URL credentials, auth headers) anywhere in the instruction.
      // The unmasked text's scan is the analysis's (the RUN prefilter scans the same text).
      const matches = masked === undefined ? context.analysis.literalSecrets(instruction) : scanForSecrets(masked.text);
      for (const match of matches) reporter.token(instruction, instruction.offset + match.start, match);
      // 2. Credentials on command lines and secret-named shell variables.
      if (instruction.kind === 'RUN') for (const script of context.analysis.relevantScripts(instruction)) scanScript(reporter, instruction, script, 0);
      // 3. Secret-named ARG/ENV/LABEL keys with a literal value.
      if (instruction.kind === 'ARG') for (const d of instruction.declarations) reporter.named(instruction, d.name, d.value, d.valueRange);
      if (instruction.kind === 'ENV' || instruction.kind === 'LABEL') for (const p of instruction.pairs) reporter.named(instruction, p.name, p.value, p.valueRange);
      // 4. `NAME=value` / `name: value` lines in heredoc bodies that are data (files, non-shell scripts).
      instruction.heredocs.forEach((heredoc, index) => {
        const isShellScript = instruction.kind === 'RUN' && instruction.form === 'heredoc' && index === 0 && instruction.scripts.length > 0;
        if (!isShellScript) scanAssignmentLines(reporter, instruction, heredoc.body.text, heredoc.body.offset);
      });
      // 5. Comment lines inside a continued instruction (Docker drops them, git keeps them).
      if (masked) for (const comment of masked.comments) reporter.comment(comment.text, comment.offset);
    }
    if (model.comments.length === 0) return;
    const spans = instructionSpans(model);
    for (const comment of model.comments) {
      const offset = comment.offset;
      if (!insideSpan(spans, offset)) reporter.comment(model.text.slice(offset, comment.endOffset), offset);
    }
  },
});

/**
 * `[start, end)` offsets of every instruction whose text is scanned (flat: start, end, start, end…): instruction
 * spans as offsets once, not twice per instruction per comment.
 */
function instructionSpans(model: DockerfileModel): number[] {
  const spans: number[] = [];
  for (const instruction of model.allInstructions()) {
    if (isScannedThroughTrigger(instruction)) continue;
    spans.push(model.offsetAt(instruction.range.start), model.offsetAt(instruction.range.end));
  }
  return spans;
}

/** An ONBUILD with a trigger: the trigger is scanned itself. */
function isScannedThroughTrigger(instruction: Instruction): boolean {
  return instruction.kind === 'ONBUILD' && instruction.trigger !== undefined;
}

/** Does `offset` fall in one of the `[start, end)` pairs of `spans` (flat: start, end, start, end…)? */
function insideSpan(spans: readonly number[], offset: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if ((spans[i] as number) <= offset && offset < (spans[i + 1] as number)) return true;
  return false;
}

class Reporter {
  private readonly spans: Array<[number, number]> = [];
  constructor(private readonly context: RuleContext<MessageId>) {}

  get model(): DockerfileModel {
    return this.context.model;
  }

  /** Names repeat across a file (ARG, ENV, heredoc lines): the analysis classifies each once per lint. */
  classifyName(name: string): NameClass {
    return this.context.analysis.classifyName(name);
  }

  private emit(start: number, end: number, value: string, name: string | undefined, report: Omit<Report<MessageId>, 'range'>): void {
    if (end <= start || this.spans.some(([a, b]) => start < b && a < end)) return;
    if (this.context.isAllowlisted({ value }) || (name !== undefined && this.context.isAllowlisted({ name }))) return;
    this.spans.push([start, end]);
    this.context.report({ ...report, range: { start: this.model.positionAt(start), end: this.model.positionAt(end) } });
  }

  private where(instruction: Instruction, offset: number): string {
    const inHeredoc = instruction.heredocs.some((h) => h.body.offset <= offset && offset < h.body.endOffset);
    return `${instructionLabel(instruction)}${inHeredoc ? ' heredoc' : ''}`;
  }

  token(instruction: Instruction, start: number, match: SecretMatch): void {
    const weak = match.confidence === 'weak';
    this.emit(start, start + (match.end - match.start), match.value, undefined, {
      messageId: weak ? 'weakToken' : 'token',
      data: {
        provider: match.providerName,
        where: this.where(instruction, start),
        preview: previewOf(match.value),
        note: weak && match.note ? `; ${match.note}` : '',
      },
      severity: weak ? 'warning' : 'error',
      instruction,
    });
  }

  slot(instruction: Instruction, word: ShellWord, value: string, label: string): void {
    if (!word.isLiteral || value === '' || containsReference(value) || isPlaceholder(value)) return;
    const weak = isWellKnownPassword(value);
    if (!weak && isNotALiteralSecret(value)) return;
    const range = locateValue(this.model, value, word.range, { last: true });
    const start = this.model.offsetAt(range.start);
    this.emit(start, this.model.offsetAt(range.end), value, undefined, {
      messageId: weak ? 'weakCredential' : 'credentialArgument',
      data: { label, where: this.where(instruction, start), preview: previewOf(value) },
      severity: weak ? 'warning' : 'error',
      instruction,
    });
  }

  /** A secret-named key with a literal value: a generic signal (warning) unless the value looks generated. */
  named(instruction: Instruction, name: string, value: string | undefined, valueRange: Range | undefined, offset?: number): void {
    if (value === undefined || this.classifyName(name) !== 'secret') return;
    const literal = unquote(value);
    if (literal.length < 3 || containsReference(literal) || isNotALiteralSecret(literal) || isWeakDefault(literal, name)) return;
    let start: number;
    let end: number;
    if (offset !== undefined) {
      start = offset;
      end = offset + literal.length;
    } else if (valueRange) {
      const range = locateValue(this.model, literal, valueRange);
      start = this.model.offsetAt(range.start);
      end = this.model.offsetAt(range.end);
    } else {
      return;
    }
    const severity: Severity = looksRandom(literal) ? 'error' : 'warning';
    this.emit(start, end, literal, name, {
      messageId: 'namedLiteral',
      data: { name, where: this.where(instruction, start), preview: previewOf(literal) },
      severity,
      instruction,
    });
  }

  comment(text: string, offset: number): void {
    this.commentMatches(scanForSecrets(text), offset);
  }

  /** `comment` with the comment's `scanForSecrets` matches. */
  commentMatches(matches: readonly SecretMatch[], offset: number): void {
    for (const match of matches) {
      if (match.confidence === 'weak') continue;
      this.emit(offset + match.start, offset + match.end, match.value, undefined, {
        messageId: 'commentToken',
        data: { provider: match.providerName, preview: previewOf(match.value) },
        severity: 'warning',
      });
    }
  }
}

const ASSIGNMENT_WORD = /^([A-Za-z_][A-Za-z0-9_.-]{0,100})=([\s\S]+)$/;

function scanScript(reporter: Reporter, run: RunInstruction, script: ShellScript, depth: number): void {
  for (const assignment of script.assignments) {
    if (assignment.value) namedWord(reporter, run, assignment.name, assignment.value);
  }
  for (const cmd of script.commands) {
    for (const found of credentialSlots(cmd)) reporter.slot(run, found.word, found.value, found.label);
    for (const assignment of cmd.assignments) if (assignment.value) namedWord(reporter, run, assignment.name, assignment.value);
    // `echo "API_KEY=…" >> .env`, `docker run -e PASSWORD=…`, `--build-arg TOKEN=…`
    for (const arg of cmd.args) {
      if (!arg.isLiteral) continue;
      const m = ASSIGNMENT_WORD.exec(arg.value);
      if (m && !/[\r\n]|\\n/.test(m[2] as string)) namedWord(reporter, run, m[1] as string, arg, (m[1] as string).length + 1);
      else if (/[\r\n]|\\n/.test(arg.value) && arg.raw.includes(arg.value)) {
        // A multi-line literal (`printf '…' > .env`): judge it line by line.
        const start = reporter.model.offsetAt(arg.range.start) + arg.raw.indexOf(arg.value);
        scanAssignmentLines(reporter, run, arg.value, start);
      }
    }
    if (depth < 3) {
      for (const nested of nestedScripts(cmd)) scanScript(reporter, run, nested.script, depth + 1);
    }
  }
}

function namedWord(reporter: Reporter, run: RunInstruction, name: string, word: ShellWord, skip = 0): void {
  if (!word.isLiteral) return;
  reporter.named(run, name, word.value.slice(skip), word.range);
}

const LINE_ASSIGNMENT = /^[ \t]*(?:export[ \t]+|set[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.-]{0,100})["']?[ \t]*(?:=|:)[ \t]*(.*?)[ \t]*[,;]?[ \t]*$/;

/** `NAME=value`, `name: value`, `"name": "value",` lines of a file body. */
function scanAssignmentLines(reporter: Reporter, instruction: Instruction, body: string, bodyOffset: number): void {
  // Lines end at a newline, or at a `\n` escape (`printf 'user=a\npassword=b\n'`).
  const breaks = /\r?\n|\\n/g;
  let lineStart = 0;
  for (;;) {
    const found = breaks.exec(body);
    const lineEnd = found ? found.index : body.length;
    const line = body.slice(lineStart, lineEnd);
    const start = lineStart;
    lineStart = found ? found.index + found[0].length : body.length;
    if (line.length <= 2000) scanAssignmentLine(reporter, instruction, line, bodyOffset + start);
    if (!found) break;
  }
}

function scanAssignmentLine(reporter: Reporter, instruction: Instruction, line: string, lineOffset: number): void {
  const m = LINE_ASSIGNMENT.exec(line);
  if (!m) return;
  const name = m[1] as string;
  const rawValue = m[2] as string;
  if (rawValue === '' || reporter.classifyName(name) !== 'secret') return;
  const value = unquote(rawValue);
  const at = line.indexOf(value, line.indexOf(name) + name.length);
  if (at < 0) return;
  reporter.named(instruction, name, value, undefined, lineOffset + at);
}

/** A line after the first that starts with `#`: without one there is nothing to mask. */
const CONTINUATION_COMMENT = /\n[ \t]*#/;

/**
 * The instruction text with comment lines of continued instructions blanked (outside heredoc bodies), and those
 * lines; undefined when there is none (the text is scanned as it is). Only the blanked lines are cut out: the
 * rest is copied between them.
 */
function maskContinuationComments(instruction: Instruction): { text: string; comments: { text: string; offset: number }[] } | undefined {
  const text = instruction.text;
  if (!CONTINUATION_COMMENT.test(text)) return undefined;
  const comments: { text: string; offset: number }[] = [];
  let out = '';
  let copied = 0; // `text` before this offset is in `out`
  // Every line after the first: [index, end).
  for (let index = text.indexOf('\n') + 1; index > 0; ) {
    let end = text.indexOf('\n', index);
    if (end < 0) end = text.length;
    if (isCommentLine(text, index, end)) {
      const absolute = instruction.offset + index;
      const inHeredoc = instruction.heredocs.some((h) => h.body.offset <= absolute && absolute < h.body.endOffset);
      if (!inHeredoc) {
        comments.push({ text: text.slice(index, end), offset: absolute });
        out += text.slice(copied, index) + ' '.repeat(end - index);
        copied = end;
      }
    }
    if (end === text.length) break;
    index = end + 1;
  }
  return comments.length === 0 ? undefined : { text: out + text.slice(copied), comments };
}

/** Does `text[start, end)` start with `#` after spaces and tabs? */
function isCommentLine(text: string, start: number, end: number): boolean {
  let at = start;
  while (at < end && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  return at < end && text.charCodeAt(at) === 35;
}

const DEFINITION_HELP =
  'Revoke and rotate the secret (it is committed with this file), remove it, and supply it at build time from the CI secret store ' +
  'or the environment: a build secret (compose `secrets:`, bake `secret`, `--secret id=<id>,env=<NAME>`, build-push-action `secrets:`) ' +
  'read with RUN --mount=type=secret,id=<id>,env=<NAME> in the Dockerfile.';

/** Literal secrets in build definition files: provider formats anywhere, and secret-named build args with a literal value. */
function checkDefinitionFiles(context: BuildDefinitionRuleContext<MessageId>): void {
  const lines = new Map(context.files.map((file) => [file.path, new LineIndex(file.text)]));
  const reported = new Set<string>();
  const nameOf = (file: string) => file.split(/[\\/]/).slice(-1)[0]!;
  for (const file of context.files) {
    const index = lines.get(file.path)!;
    for (const match of scanForSecrets(file.text)) {
      if (context.isAllowlisted(file.path, { value: match.value })) continue;
      const range = index.rangeOf(match.start, match.end);
      reported.add(`${file.path}:${range.start.line}`);
      const weak = match.confidence === 'weak';
      context.report({
        file: file.path,
        messageId: weak ? 'weakDefinitionToken' : 'definitionToken',
        data: { provider: match.providerName, where: nameOf(file.path), preview: previewOf(match.value), note: weak && match.note ? `; ${match.note}` : '' },
        severity: weak ? 'warning' : 'error',
        range,
        help: DEFINITION_HELP,
      });
    }
  }
  for (const definition of context.definitions) {
    for (const arg of definition.args) {
      if (arg.value === undefined || !arg.valueRange || classifyName(arg.name) !== 'secret') continue;
      const literal = unquote(arg.value);
      if (literal.length < 3 || containsReference(literal) || isNotALiteralSecret(literal) || isWeakDefault(literal, arg.name)) continue;
      const key = `${arg.file}:${arg.valueRange.start.line}`;
      if (reported.has(key) || context.isAllowlisted(arg.file, { name: arg.name, value: literal })) continue;
      reported.add(key);
      context.report({
        file: arg.file,
        messageId: 'definitionNamedLiteral',
        data: { name: arg.name, where: definition.label, preview: previewOf(literal) },
        severity: looksRandom(literal) ? 'error' : 'warning',
        range: arg.valueRange,
        help: DEFINITION_HELP,
      });
    }
  }
}
