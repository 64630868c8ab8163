/** COPY/ADD that names a credential file or directory explicitly (.npmrc, id_rsa, credentials.json…) in a shipping stage. */
import {
  classifyByContent,
  classifyWithSettings,
  refineByContent,
  sensitiveFileSettings,
  type CopyInstruction,
  type DockerfileModel,
  type Fix,
  type Instruction,
  type Position,
  type Range,
  type Rule,
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

export const rule: Rule = {
  meta: {
    id: 'no-secret-file-copy',
    description: 'COPY/ADD that names a credential file or directory explicitly (.npmrc, id_rsa, credentials.json…) in a shipping stage.',
    severity: 'error',
    messages: {
      copiesFile: '{{keyword}} {{source}} puts {{what}} into the image{{detail}}',
      copiesGlob: '{{keyword}} {{source}} may put {{what}} into the image (the pattern matches credential file names)',
      copiesFromImage: '{{keyword}} --from={{image}} {{source}} copies {{what}} from another image into this one',
      downloads: '{{keyword}} {{source}} downloads {{what}} into the image',
    },
    help: GENERIC_HELP,
    options: {
      stages: { type: 'string', description: '"all" also reports COPY/ADD in stages that do not ship in the final image.', default: 'shipping' },
      sensitiveFiles: { type: 'string[]', description: 'Extra globs of sensitive files (basename, or path when they contain "/"; a trailing "/" marks a directory).', default: [] },
      allowFiles: { type: 'string[]', description: 'Globs of files never reported (e.g. "config/dev.key").', default: [] },
    },
    tags: ['security', 'secrets', 'CWE-538'],
    securitySeverity: 8.1,
    peers: ['Dockle CIS-DI-0010 (image scan)', 'Trivy DS-0031 (secret file copies)', 'Checkov CKV_DOCKER (none for COPY of key files)'],
  },
  check(context) {
    const { model } = context;
    for (const instruction of model.allInstructions()) {
      if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') continue;
      if (!context.reportsIn(instruction)) continue;
      if (instruction.fromStage) continue; // another stage of this file: no-secret-stage-copy
      try {
        checkCopy(context, instruction);
      } catch {
        // Never let odd input break the run.
      }
    }
  },
};

const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const GLOB = /[*?[]/;

function checkCopy(context: RuleContext, copy: CopyInstruction): void {
  const { model, buildContext } = context;
  const settings = sensitiveFileSettings(context.options);
  const keyword = `${copy.onbuild ? 'ONBUILD ' : ''}${copy.kind}`;
  const hasContext = buildContext.root !== undefined && !copy.onbuild;

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

    const rel = value.replace(/\\/g, '/').replace(/^(?:\.\/+)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
    if (rel === '' || rel === '.' || rel === '..' || rel.startsWith('../')) continue;

    if (GLOB.test(rel)) {
      // With a context on disk, no-context-secrets expands the pattern and lists what it would copy.
      if (hasContext) continue;
      const probe = rel.replace(/\[[^\]]*\]/g, 'x').replace(/[*?]/g, '');
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
    const isDir = isDirectoryMatch(match, rel);
    const report = {
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
  const clean = normalise(path);
  if (normalise(match.matchedPath) === clean) return match;
  const base = clean.split('/').pop() ?? clean;
  const own = classifyWithSettings(base, settings);
  return own && !own.pattern.directory ? { pattern: own.pattern, matchedPath: clean } : match;
}

function severityOf(match: SensitiveMatch): Severity {
  return match.pattern.confidence === 'high' ? 'error' : 'warning';
}

function isDirectoryMatch(match: SensitiveMatch, path: string): boolean {
  return match.pattern.directory === true && normalise(match.matchedPath) === normalise(path);
}

function normalise(path: string): string {
  return path.replace(/^(?:\.\/+)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** `.git/HEAD`, `.git/refs` (commit ids for version stamps) carry no credentials; `.git/config` may. */
function insideGitButHarmless(match: SensitiveMatch, path: string): boolean {
  if (match.pattern.glob !== '.git') return false;
  const clean = normalise(path);
  if (normalise(match.matchedPath) === clean) return false;
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
  const base = normalise(path).split('/').pop() ?? '';
  const id = base.replace(/^\.+/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return id || 'secret';
}

function targetFor(copy: CopyInstruction, rel: string): string {
  const destination = copy.resolvedDestination ?? '/';
  const base = normalise(rel).split('/').pop() ?? rel;
  const intoDir = (copy.destination?.value.endsWith('/') ?? false) || copy.sources.length > 1 || destination === '/';
  return intoDir ? `${destination.replace(/\/$/, '')}/${base}` : destination;
}

function helpFor(match: SensitiveMatch, rel: string, copy: CopyInstruction): string {
  const src = normalise(rel);
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
  const command = ssh ? 'docker build --ssh default' : `docker build --secret id=${id},src=${normalise(rel)}`;
  const description = run
    ? `Remove ${normalise(rel)} from the image and mount it on the next RUN (line ${run.range.start.line}) instead; build with ${command}`
    : `Remove ${normalise(rel)} from the image; mount it (${mount}) on the RUN that needs it and build with ${command}`;
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
    return decodeURIComponent(path).replace(/\/+$/, '');
  } catch {
    return path.replace(/\/+$/, '');
  }
}

/** A URL without query string or user info (which could hold a token). */
function displayUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1').replace(/[?#].*$/, '');
}
