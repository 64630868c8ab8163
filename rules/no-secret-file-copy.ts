import {
  defineRule,
  STAGES_OPTION,
  chainOf,
  classifyByContent,
  classifyName,
  classifyValue,
  classifyWithSettings,
  isWithin,
  joinPosix,
  refineByContent,
  sensitiveFileSettings,
  trimContextPath,
  type CopyInstruction,
  type DockerfileModel,
  type Fix,
  type Instruction,
  type KeyValue,
  type Position,
  type Range,
  type Report,
  type RuleContext,
  type SensitiveFileSettings,
  type SensitiveMatch,
  type Severity,
  type TextEdit,
  type Word,
} from '@dockerlint/core';

const GENERIC_HELP =
  'Give the step that needs the file a build secret instead: RUN --mount=type=secret,id=<id>,target=<path> <command>, '
  + 'built with docker build --secret id=<id>,src=<file>; for SSH keys use RUN --mount=type=ssh and docker build --ssh default.';

type MessageId = 'copiesFile' | 'copiesGlob' | 'copiesFromImage' | 'downloads' | 'copiesToCredentialPath' | 'credentialPath';

export const rule = defineRule<MessageId>({
  meta: {
    id: 'no-secret-file-copy',
    description: 'COPY/ADD that names a credential file or directory explicitly (.npmrc, id_rsa, credentials.json…) in a shipping stage.',
    severity: 'error',
    messages: {
      copiesFile: '{{keyword}} {{source}} puts {{what}} into the image{{detail}}',
      copiesGlob: '{{keyword}} {{source}} may put {{what}} into the image (the pattern matches credential file names)',
      copiesFromImage: '{{keyword}} --from={{image}} {{source}} copies {{what}} from another image into this one',
      downloads: '{{keyword}} {{source}} downloads {{what}} into the image',
      copiesToCredentialPath: '{{keyword}} {{source}} fills {{variable}}, a credential file the tools in the image read',
      credentialPath: '{{name}} points to {{path}}, a credential file that {{keyword}} {{source}} (line {{line}}) copies into the image from the build context',
    },
    help: GENERIC_HELP,
    hasSuggestions: true,
    options: {
      stages: STAGES_OPTION,
      sensitiveFiles: { type: 'string[]', description: 'Extra globs of sensitive files (basename, or path when they contain "/"; a trailing "/" marks a directory).', default: [] },
      allowFiles: { type: 'string[]', description: 'Globs of files never reported (e.g. "config/dev.key").', default: [] },
    },
    tags: ['security', 'secrets', 'CWE-538'],
    securitySeverity: 8.1,
    related: [
      { tool: 'trivy', id: 'DS-0031', note: 'secret files referenced by `GOOGLE_APPLICATION_CREDENTIALS`, copies to `$AWS_CONFIG_FILE`: covered here too' },
      { tool: 'dockle', id: 'CIS-DI-0010', note: 'finds credential files in a built image (scan after the build)' },
    ],
  },
  check(context) {
    const { model } = context;
    checkCredentialPaths(context);
    for (const instruction of model.allInstructions()) {
      if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') continue;
      if (!context.reportsIn(instruction)) continue;
      if (instruction.fromStage) continue; // another stage of this file: no-secret-stage-copy
      checkCopy(context, instruction);
    }
  },
});

const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const GLOB = /[*?[]/;

function checkCopy(context: RuleContext<MessageId>, copy: CopyInstruction): void {
  const { model, buildContext } = context;
  const settings = sensitiveFileSettings(context.options, context.analysis.session);
  const keyword = `${copy.onbuild ? 'ONBUILD ' : ''}${copy.kind}`;
  const hasContext = buildContext.root !== undefined && !copy.onbuild;

  // `COPY ./config $AWS_CONFIG_FILE`: the destination is a credential file, whatever the source is called.
  const destVariable = copy.destination ? /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(copy.destination.value)?.[1] : undefined;
  if (destVariable && (CREDENTIAL_PATH_VARIABLES.has(destVariable.toUpperCase()) || destVariable.toUpperCase() === 'AWS_CONFIG_FILE') && copy.sources[0] && copy.from === undefined) {
    const source = copy.sources[0];
    context.report({
      messageId: 'copiesToCredentialPath',
      data: { keyword, source: source.value, variable: destVariable },
      range: source.range,
      help: GENERIC_HELP,
      instruction: copy,
    });
    return;
  }

  for (const source of copy.sources) {
    const value = model.expand(source.value, copy);
    if (value.includes('$')) continue; // unresolved variable: nothing definite

    // ADD <url>: the file name of the URL path.
    if (URL.test(value) || value.startsWith('git@')) {
      if (copy.kind !== 'ADD' || !URL.test(value)) continue;
      const path = urlPath(value);
      if (!path || /\.git$/i.test(path)) continue;
      const match = classifyWithSettings(path.split('/').pop() ?? path, settings);
      if (!match) continue;
      context.report({
        messageId: 'downloads',
        data: { keyword, source: displayUrl(value), what: describe(match, false) },
        range: source.range,
        severity: severityOf(match),
        help: helpFor(match, path, copy),
        instruction: copy,
      });
      continue;
    }

    // COPY --from=<external image> <path>
    if (copy.from !== undefined) {
      const match = mostSpecific(value, settings);
      if (!match || insideGitButHarmless(match, value)) continue;
      context.report({
        messageId: 'copiesFromImage',
        data: { keyword, image: copy.from, source: value, what: describe(match, isDirectoryMatch(match, value)) },
        range: source.range,
        severity: severityOf(match),
        help: helpFor(match, value, copy),
        instruction: copy,
      });
      continue;
    }

    const rel = value.replace(/\\/g, '/').replace(/^(?:\.\/+)+/, '').replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
    if (rel === '' || rel === '.' || rel === '..' || rel.startsWith('../')) continue;

    if (GLOB.test(rel)) {
      // With a context on disk, no-context-secrets expands the pattern and lists what it would copy.
      if (hasContext) continue;
      const probe = rel.replace(/\[[^\]]{0,256}\]/g, 'x').replace(/[*?]/g, '');
      const match = probe ? classifyWithSettings(probe, settings) : undefined;
      if (!match || insideGitButHarmless(match, probe)) continue;
      context.report({
        messageId: 'copiesGlob',
        data: { keyword, source: source.value, what: describe(match, false) },
        range: source.range,
        severity: 'warning',
        help: GENERIC_HELP,
        instruction: copy,
      });
      continue;
    }

    let match: SensitiveMatch | undefined = mostSpecific(rel, settings);
    let detail = '';
    if (hasContext && buildContext.exists(rel)) {
      // Docker does not send excluded files: the COPY would fail rather than leak.
      if (!buildContext.isIncluded(rel)) continue;
      const head = buildContext.readHead?.(rel, 4096);
      if (match) {
        const refined = refineByContent(match, head);
        if (!refined) continue; // a certificate or public key after all
        if (refined.pattern.confidence === 'high' && match.pattern.confidence === 'low') detail = ' (the file holds a private key)';
        match = refined;
      } else {
        match = classifyByContent(rel, head);
        if (match) detail = ' (the file holds a private key)';
      }
    }
    if (!match || insideGitButHarmless(match, rel)) continue;
    if (match.pattern.glob === '*.env' && match.pattern.confidence === 'low') {
      // `meta.env`, `build.env`: config as often as secrets. Report only when the content shows a secret assignment.
      const head = hasContext && buildContext.exists(rel) ? buildContext.readHead?.(rel, 8192) : undefined;
      if (!head || !hasSecretAssignment(head)) continue;
      match = { ...match, pattern: { ...match.pattern, confidence: 'high' } };
      detail = ' (it assigns secret-named variables)';
    }
    const isDir = isDirectoryMatch(match, rel);
    const report: Report<MessageId> = {
      messageId: 'copiesFile',
      data: { keyword, source: source.value, what: describe(match, isDir), detail },
      range: source.range,
      severity: severityOf(match),
      help: helpFor(match, rel, copy),
      instruction: copy as Instruction,
    };
    const suggestion = copy.onbuild ? undefined : suggestionFor(model, copy, source, match, rel, isDir);
    context.report(suggestion ? { ...report, suggestions: [suggestion] } : report);
  }
}

/** `.ssh/id_rsa` is an SSH private key (the file's own pattern), not "the SSH directory". */
function mostSpecific(path: string, settings: SensitiveFileSettings): SensitiveMatch | undefined {
  const match = classifyWithSettings(path, settings);
  if (!match || !match.pattern.directory) return match;
  const clean = trimContextPath(path);
  if (trimContextPath(match.matchedPath) === clean) return match;
  const base = clean.split('/').pop() ?? clean;
  const own = classifyWithSettings(base, settings);
  return own && !own.pattern.directory ? { pattern: own.pattern, matchedPath: clean } : match;
}

function severityOf(match: SensitiveMatch): Severity {
  return match.pattern.confidence === 'high' ? 'error' : 'warning';
}

function isDirectoryMatch(match: SensitiveMatch, path: string): boolean {
  return match.pattern.directory === true && trimContextPath(match.matchedPath) === trimContextPath(path);
}

/** `.git/HEAD`, `.git/refs` (commit ids for version stamps) carry no credentials; `.git/config` may. */
function insideGitButHarmless(match: SensitiveMatch, path: string): boolean {
  if (match.pattern.glob !== '.git') return false;
  const clean = trimContextPath(path);
  if (trimContextPath(match.matchedPath) === clean) return false;
  return !/(?:^|\/)config$/.test(clean);
}

function describe(match: SensitiveMatch, isDirectory: boolean): string {
  const label = match.pattern.label;
  if (isDirectory) return `the ${label} (${match.matchedPath.split('/').pop()}/)`;
  return /^(?:[aeiou]|SSH\b|npm\b|MySQL\b|s3cmd\b)/i.test(label) ? `an ${label}` : `a ${label}`;
}

function isSshKey(match: SensitiveMatch): boolean {
  return /SSH|deploy key|PuTTY/i.test(match.pattern.label);
}

function isEnvFile(match: SensitiveMatch): boolean {
  return match.pattern.label === 'environment file';
}

/** A BuildKit secret id from a file name: `.npmrc` → `npmrc`, `gcp-credentials.json` → `gcp-credentials.json`. */
export function secretIdFor(path: string): string {
  const base = trimContextPath(path).split('/').pop() ?? '';
  const id = base.replace(/^\.+/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return id || 'secret';
}

function targetFor(copy: CopyInstruction, rel: string): string {
  const destination = copy.resolvedDestination ?? '/';
  const base = trimContextPath(rel).split('/').pop() ?? rel;
  const intoDir = (copy.destination?.value.endsWith('/') ?? false) || copy.sources.length > 1 || destination === '/';
  return intoDir ? `${destination.replace(/\/$/, '')}/${base}` : destination;
}

function helpFor(match: SensitiveMatch, rel: string, copy: CopyInstruction): string {
  const src = trimContextPath(rel);
  if (isSshKey(match) || match.pattern.glob === '.ssh') {
    return 'Do not copy SSH keys into the image. Forward your SSH agent to the step that needs it: '
      + 'RUN --mount=type=ssh git clone git@github.com:org/repo.git, built with docker build --ssh default '
      + '(for a key file: docker build --ssh default=' + (src || '~/.ssh/id_ed25519') + ').';
  }
  if (match.pattern.glob === '.git') {
    return 'Do not copy .git into the image: it holds the full history and remote URLs (with any embedded credentials). '
      + 'Pass what the build needs as a build arg (e.g. --build-arg GIT_COMMIT=$(git rev-parse HEAD)) or use RUN --mount=type=bind,source=.git,target=.git for the one step that needs it.';
  }
  const id = secretIdFor(src);
  const target = copy.from !== undefined || URL.test(src) ? `/run/secrets/${id}` : targetFor(copy, src);
  if (isEnvFile(match)) {
    return `Do not bake environment files into the image: pass them at run time (docker run --env-file ${src}, compose env_file:). `
      + `If a build step needs them: RUN --mount=type=secret,id=${id},target=${target} <command>, built with docker build --secret id=${id},src=${src}.`;
  }
  return `Mount the file only for the step that needs it: RUN --mount=type=secret,id=${id},target=${target} <command>, `
    + `built with docker build --secret id=${id},src=${src}. Files needed at run time belong in runtime secrets (docker run --mount / orchestrator secrets), not in the image.`;
}

/**
 * Suggestion: drop the source from the COPY (or the whole COPY) and mount the file as a secret on the next RUN
 * of the stage (`--mount=type=ssh` for SSH keys). Needs a human: the file may be needed at run time.
 */
function suggestionFor(model: DockerfileModel, copy: CopyInstruction, source: Word, match: SensitiveMatch, rel: string, isDir: boolean): Fix | undefined {
  const ssh = isSshKey(match) || match.pattern.glob === '.ssh';
  if (isDir && !ssh) return undefined;
  const edits: TextEdit[] = [];
  const removal = copy.sources.length === 1 ? removeInstruction(model, copy) : removeWord(model, source);
  if (!removal) return undefined;
  edits.push(removal);
  const stage = copy.stage;
  const after = stage ? stage.instructions.slice(stage.instructions.indexOf(copy) + 1) : [];
  const run = after.find((instruction) => instruction.kind === 'RUN');
  const id = secretIdFor(rel);
  const target = targetFor(copy, rel);
  const mount = ssh ? '--mount=type=ssh' : `--mount=type=secret,id=${id},target=${target}`;
  if (run) edits.push({ range: { start: run.keywordRange.end, end: run.keywordRange.end }, text: ` ${mount}` });
  const command = ssh ? 'docker build --ssh default' : `docker build --secret id=${id},src=${trimContextPath(rel)}`;
  const description = run
    ? `Remove ${trimContextPath(rel)} from the image and mount it on the next RUN (line ${run.range.start.line}) instead; build with ${command}`
    : `Remove ${trimContextPath(rel)} from the image; mount it (${mount}) on the RUN that needs it and build with ${command}`;
  return { description, edits };
}

function removeInstruction(model: DockerfileModel, instruction: Instruction): TextEdit | undefined {
  const text = model.text;
  let start = instruction.offset;
  while (start > 0 && text[start - 1] !== '\n') start--;
  if (text.slice(start, instruction.offset).trim() !== '') return undefined;
  let end = instruction.endOffset;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t' || text[end] === '\r')) end++;
  if (text[end] === '\n') end++;
  return { range: { start: model.positionAt(start), end: model.positionAt(end) }, text: '' };
}

function removeWord(model: DockerfileModel, word: Word): TextEdit | undefined {
  const text = model.text;
  const start = model.offsetAt(word.range.start);
  let end = model.offsetAt(word.range.end);
  if (start < 0 || end <= start) return undefined;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const range: Range = { start: model.positionAt(start), end: model.positionAt(end) as Position };
  return { range, text: '' };
}

function urlPath(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url);
  const path = match?.[1];
  if (!path || path === '/') return undefined;
  try {
    return decodeURIComponent(path).replace(/(?<!\/)\/+$/, '');
  } catch (error) {
    // A malformed `%` escape (`/a%zz`): the path is taken as written.
    if (!(error instanceof URIError)) throw error;
    return path.replace(/(?<!\/)\/+$/, '');
  }
}

/** A URL without query string or user info (which could hold a token). */
function displayUrl(url: string): string {
  const clean = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  // `.replace(/[?#].*$/, '')` without its quadratic retries on a long run of `#` before a newline.
  const lineStart = clean.lastIndexOf('\n') + 1;
  const cut = clean.slice(lineStart).search(/[?#]/);
  return cut === -1 ? clean : clean.slice(0, lineStart + cut);
}

/**
 * Variables that name a credential file the application reads (Trivy DS-0031): when they point into a path a
 * COPY/ADD from the build context filled, the credential file itself is in the image.
 */
const CREDENTIAL_PATH_VARIABLES = new Set([
  'GOOGLE_APPLICATION_CREDENTIALS', 'AWS_SHARED_CREDENTIALS_FILE', 'AZURE_CLIENT_CERTIFICATE_PATH', 'KUBECONFIG',
  'GIT_SSH_KEY', 'SSH_KEY_PATH', 'NPM_CONFIG_USERCONFIG', 'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE',
]);

function checkCredentialPaths(context: RuleContext<MessageId>): void {
  const { model, buildContext } = context;
  for (const instruction of model.allInstructions()) {
    if (instruction.kind !== 'ENV' && instruction.kind !== 'ARG') continue;
    if (instruction.onbuild || !instruction.stage || !context.reportsIn(instruction)) continue;
    const pairs: KeyValue[] = instruction.kind === 'ENV' ? instruction.pairs : instruction.declarations;
    for (const pair of pairs) {
      if (!CREDENTIAL_PATH_VARIABLES.has(pair.name.toUpperCase()) || !pair.value) continue;
      const value = model.expand(pair.value, instruction).trim();
      if (!value || value.includes('$') || value.includes(':') && !value.startsWith('/')) continue;
      const path = joinPosix(instruction.facts.workdir, value);
      if (path.startsWith('/run/secrets/') || path === '/run/secrets') continue;
      const copy = copyFilling(model, instruction, path);
      if (!copy) continue;
      // With the context on disk, the file must really be there (else it is mounted at run time).
      if (buildContext.root !== undefined && copy.relPath !== undefined && !buildContext.exists(copy.relPath)) continue;
      context.report({
        messageId: 'credentialPath',
        data: { name: pair.name, path, keyword: copy.copy.kind, source: copy.source.value, line: copy.copy.range.start.line },
        range: pair.valueRange ?? pair.range,
        related: [{ line: copy.source.range.start.line, column: copy.source.range.start.column, endLine: copy.source.range.end.line, endColumn: copy.source.range.end.column, message: `${copy.copy.kind} ${copy.source.value} copies it from the build context` }],
        help: `Do not ship the credential file: mount it at run time (docker run -v ./key.json:${path}:ro, or your orchestrator's secrets) `
          + `and exclude it from the build context (.dockerignore). If a build step needs it: RUN --mount=type=secret,id=gcp,target=${path} <command>, `
          + 'built with docker build --secret id=gcp,src=<file>.',
        instruction: instruction as Instruction,
      });
    }
  }
}

/** The COPY/ADD from the build context (in the stage or its bases) whose destination holds `path`. */
function copyFilling(model: DockerfileModel, instruction: Instruction, path: string): { copy: CopyInstruction; source: Word; relPath: string | undefined } | undefined {
  let found: { copy: CopyInstruction; source: Word; relPath: string | undefined } | undefined;
  for (const stage of chainOf(instruction.stage)) {
    for (const candidate of stage.instructions) {
      if (candidate.kind !== 'COPY' && candidate.kind !== 'ADD') continue;
      if (candidate.from !== undefined || !candidate.resolvedDestination || candidate.sources.length === 0) continue;
      const destination = candidate.resolvedDestination;
      const destIsDir = (candidate.destination?.value.endsWith('/') ?? false) || candidate.sources.length > 1;
      for (const source of candidate.sources) {
        const value = model.expand(source.value, candidate).replace(/^(?:\.\/+)+/, '').replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
        if (value.includes('$') || URL.test(value)) continue;
        const whole = value === '' || value === '.';
        const base = value.split('/').pop() ?? value;
        if (whole) {
          if (isWithin(path, destination)) found = { copy: candidate, source, relPath: path === destination ? undefined : relative(destination, path) };
        } else if (GLOB.test(value)) {
          continue;
        } else {
          // A file lands at <dest>/<base> (or <dest>); a directory's *contents* land in <dest>.
          const fileTarget = destIsDir ? joinPosix(destination, base) : destination;
          if (path === fileTarget) found = { copy: candidate, source, relPath: value };
          else if (isWithin(path, destination) && path !== destination) found = { copy: candidate, source, relPath: `${value}/${relative(destination, path)}` };
        }
      }
    }
    if (stage === instruction.stage) break;
  }
  return found;
}

function relative(dir: string, path: string): string {
  return dir === '/' ? path.replace(/^\/+/, '') : path.slice(dir.length + 1);
}

/** `API_KEY=…`, `export DB_PASSWORD="…"` with a real-looking value (not empty, a reference or a placeholder). */
function hasSecretAssignment(text: string): boolean {
  for (const line of text.split(/\r?\n/).slice(0, 200)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m || classifyName(m[1]!) !== 'secret') continue;
    const value = m[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (value && classifyValue(value) === 'literal') return true;
  }
  return false;
}
