/**
 * The packaged extension in a real VS Code: code-server serves the workbench, Debian's headless Chromium shows
 * it, and every check reads what a user sees (squiggles, hovers, the light bulb menu, the Problems panel,
 * notifications) — compared with what the CLI reports for the same files.
 *
 * Run with `npm run test:vscode` (installs code-server once, cached by version). With
 * DOCKERLINT_SCREENSHOTS=<dir> the screenshots of the docs are written there (`npm run docs:screenshots`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { CLI_BIN, cliFindings, REPO, type Comparable } from '../language-server/client.js';
import { vsCodeSuite } from './suite.js';
import { Workbench, type Squiggle } from './workbench.js';
import { createWorkspace, FAKE_GITHUB_TOKEN, type Workspace } from './workspace.js';
import { messageText } from '../helpers/messages.js';

const setup = inject('vscode');
if (setup.skip) console.warn(`[test:vscode] SKIPPED: ${setup.skip}`);

const SCREENSHOTS = path.resolve(REPO, process.env.DOCKERLINT_SCREENSHOTS ?? path.join(tmpdir(), 'dockerlint-vscode-screenshots'));
const DOCS_BASE = 'https://github.com/dockerlint/dockerlint/blob/main/docs/rules/';
const UPDATE = { timeout: 30_000 };

/** What the editor must draw for CLI findings: one squiggle per line and severity, overlapping ranges merged. */
function expectedSquiggles(findings: Comparable[]): Squiggle[] {
  const merged: Squiggle[] = [];
  const sorted = [...findings].sort((a, b) => a.line - b.line || a.severity.localeCompare(b.severity) || a.character - b.character);
  for (const finding of sorted) {
    expect(finding.endLine, `${finding.ruleId} spans lines; the fixtures keep findings on one line`).toBe(finding.line);
    const squiggle: Squiggle = { line: finding.line + 1, startColumn: finding.character + 1, endColumn: finding.endCharacter + 1, severity: finding.severity };
    const previous = merged.find((s) => s.line === squiggle.line && s.severity === squiggle.severity && s.endColumn >= squiggle.startColumn && s.startColumn <= squiggle.endColumn);
    if (previous) {
      previous.startColumn = Math.min(previous.startColumn, squiggle.startColumn);
      previous.endColumn = Math.max(previous.endColumn, squiggle.endColumn);
    } else merged.push(squiggle);
  }
  return merged.sort((a, b) => a.line - b.line || a.startColumn - b.startColumn);
}

function cliOf(file: string): Comparable[] {
  return cliFindings([file], [], path.dirname(file)).get(file) ?? [];
}

/** The CLI's human output (what a developer reads in CI) for one file. */
function cliStylish(file: string): string {
  const run = spawnSync(process.execPath, [CLI_BIN, '--no-color', file], { cwd: path.dirname(file), encoding: 'utf8' });
  return run.stdout;
}

describe.skipIf(Boolean(setup.skip))(`the .vsix in VS Code (code-server ${setup.codeServerVersion}, headless Chromium)${setup.skip ? ` — skipped: ${setup.skip}` : ''}`, () => {
  let workspace: Workspace;
  let vscode: Workbench;

  vsCodeSuite(
    setup,
    () => {
      workspace = createWorkspace();
      mkdirSync(SCREENSHOTS, { recursive: true });
      return { folder: workspace.root, removeAfter: path.dirname(workspace.root) };
    },
    (opened) => (vscode = opened),
  );

  test('a leaky Dockerfile gets squiggles of the CLI severity on the CLI ranges', async () => {
    const file = workspace.file('leaky/Dockerfile');
    const cli = cliOf(file);
    expect(cli.map((f) => `${f.ruleId} ${f.severity} ${f.line + 1}:${f.character + 1}`)).toEqual([
      'no-secret-arg error 3:5',
      'no-context-secrets error 6:6',
      'no-secret-env error 7:5',
      'no-hardcoded-secret error 7:18',
    ]);
    await vscode.openFile('leaky/Dockerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(cli));
  });

  test('hovering a finding shows its message, why, fix and docs link, and never the full secret', async () => {
    await vscode.openFile('leaky/Dockerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).not.toEqual([]);
    const hover = await vscode.hoverAt(7, 30); // inside the fake token
    const text = await hover.innerText();
    expect(text).toContain('no-hardcoded-secret (error): GitHub personal access token (classic) in ENV (ghp_…');
    expect(text).toContain('revoke and rotate it');
    expect(text).toContain('Why: A literal secret');
    expect(text).toContain('Fix: Revoke and rotate the secret');
    const links = await hover.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? ''));
    expect(links).toContain(`${DOCS_BASE}no-hardcoded-secret.md`);
    expect(await hover.innerHTML()).not.toContain(FAKE_GITHUB_TOKEN);
    // The page shows the token only where the user typed it: the editor's text.
    expect((await vscode.editorLines()).join('\n')).toContain(FAKE_GITHUB_TOKEN);
    expect(await vscode.textOutsideEditorContent()).not.toContain(FAKE_GITHUB_TOKEN);

    const argText = await (await vscode.hoverAt(3, 8)).innerText();
    expect(argText).toContain(`no-secret-arg (error): ${messageText('no-secret-arg', 'secretArgInHistory', { name: 'NPM_TOKEN', runs: 'the RUN at line 5', where: '' })}`);
    expect(argText).toContain('Why: ARG with a secret-like name in a shipping stage');
    expect(argText).toContain('Fix: Remove ARG NPM_TOKEN; in each RUN that needs it use RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN <command>');

    // The picture for the docs: a one-finding hover that leaves the squiggles above it in view.
    await vscode.clickAt(9, 1);
    const copyText = await (await vscode.hoverAt(6, 6)).innerText();
    expect(copyText).toContain(`no-context-secrets (error): ${messageText('no-context-secrets', 'wouldCopy', { keyword: 'COPY', source: '.', files: '.env', reason: 'not excluded by .dockerignore', gitNote: '' })}`);
    expect(copyText).toContain('Fix: Add **/.env to .dockerignore (dockerlint --fix writes them)');
    await vscode.screenshot(path.join(SCREENSHOTS, 'vscode-hover.png'));
  });

  test('the Problems panel lists each finding with its rule id linking to the rule docs', async () => {
    const file = workspace.file('leaky/Dockerfile');
    await vscode.openFile('leaky/Dockerfile');
    await vscode.openProblems();
    const expected = cliOf(file).map((f) => ({ message: f.message, source: 'dockerlint', code: f.ruleId, href: `${DOCS_BASE}${f.ruleId}.md`, line: f.line + 1, column: f.character + 1, severity: f.severity }));
    const byPosition = (a: { line: number; column: number; code: string }, b: { line: number; column: number; code: string }) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
    await expect.poll(async () => (await vscode.problemsOf('Dockerfile', 'leaky')).sort(byPosition), UPDATE).toEqual(expected.sort(byPosition));
    // Each link points at the rule's page in this repository.
    const repository = (JSON.parse(readFileSync(path.join(REPO, 'packages/vscode/package.json'), 'utf8')) as { repository: { url: string } }).repository.url.replace(/\.git$/, '');
    for (const row of expected) {
      expect(row.href.startsWith(`${repository}/blob/main/`)).toBe(true);
      const page = path.join(REPO, row.href.slice(`${repository}/blob/main/`.length));
      expect(existsSync(page), page).toBe(true);
      expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${row.code}`);
    }
    expect(await vscode.textOutsideEditorContent()).not.toContain(FAKE_GITHUB_TOKEN);
    await vscode.screenshot(path.join(SCREENSHOTS, 'vscode-problems.png'));
    // Clicking the rule id asks first (VS Code's link protection for domains not yet trusted), then opens that
    // page in a new browser tab. There is no network here: the tab's request is answered by a stub and recorded.
    const requested: string[] = [];
    await vscode.page.context().route('https://github.com/**', (route) => {
      requested.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>rule docs</title>' });
    });
    try {
      await vscode.page.locator('.markers-panel a.monaco-link:has(.marker-code)', { hasText: 'no-secret-arg' }).click();
      const dialog = vscode.page.locator('.monaco-dialog-box');
      await expect.poll(() => dialog.innerText(), UPDATE).toContain(`${DOCS_BASE}no-secret-arg.md`);
      const opened = vscode.page.context().waitForEvent('page');
      await dialog.locator('.monaco-button', { hasText: /^Open$/ }).click();
      const docs = await opened;
      try {
        await expect.poll(() => docs.url(), UPDATE).toBe(`${DOCS_BASE}no-secret-arg.md`);
        expect(requested).toEqual([`${DOCS_BASE}no-secret-arg.md`]);
      } finally {
        await docs.close();
      }
    } finally {
      await vscode.page.context().unrouteAll();
      await vscode.page.bringToFront();
    }
  });

  test('a clean Dockerfile has no squiggles; typing a secret ARG adds one, undoing removes it', async () => {
    const file = workspace.file('clean/Dockerfile');
    expect(cliOf(file)).toEqual([]);
    await vscode.openFile('clean/Dockerfile');
    // Give the server the time it took for the leaky file several times over before judging "nothing".
    await vscode.page.waitForTimeout(3_000);
    expect(await vscode.squiggles()).toEqual([]);

    const original = await vscode.editorLines();
    await vscode.clickAt(8, 1);
    await vscode.page.keyboard.press('End');
    await vscode.page.keyboard.press('Enter');
    await vscode.page.keyboard.type('ARG DB_PASSWORD', { delay: 20 });
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual([{ line: 9, startColumn: 5, endColumn: 16, severity: 'warning' }]);
    // Same text through the CLI: same finding.
    const edited = (await vscode.editorLines()).join('\n');
    const run = spawnSync(process.execPath, [CLI_BIN, '--format', 'json', '--stdin', '--stdin-filename', file], { input: edited, encoding: 'utf8', cwd: path.dirname(file) });
    const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string; line: number; column: number; endColumn: number; severity: number }[] }[])[0]!.messages;
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.endColumn, m.severity])).toEqual([['no-secret-arg', 9, 5, 16, 1]]);

    for (let undo = 0; undo < 10 && (await vscode.editorLines()).join('\n') !== original.join('\n'); undo++) await vscode.page.keyboard.press('Control+Z');
    expect(await vscode.editorLines()).toEqual(original);
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual([]);
  });

  test('dockerlint.rules in settings.json and a .dockerlintrc.json change the squiggles live', async () => {
    const file = workspace.file('leaky/Dockerfile');
    const cli = cliOf(file);
    await vscode.openFile('leaky/Dockerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(cli));

    const settings = workspace.file('.vscode/settings.json');
    mkdirSync(path.dirname(settings), { recursive: true });
    writeFileSync(settings, JSON.stringify({ 'dockerlint.rules': { 'no-secret-env': 'off', 'no-context-secrets': 'warning' } }, null, 2));
    const withSettings = cli
      .filter((f) => f.ruleId !== 'no-secret-env')
      .map((f) => (f.ruleId === 'no-context-secrets' ? { ...f, severity: 'warning' as const } : f));
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(withSettings));
    writeFileSync(settings, '{}\n');
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(cli));

    const config = workspace.file('leaky/.dockerlintrc.json');
    writeFileSync(config, JSON.stringify({ rules: { 'no-secret-arg': 'off' } }, null, 2));
    const withConfig = cliOf(file);
    expect(withConfig.map((f) => f.ruleId)).toEqual(cli.filter((f) => f.ruleId !== 'no-secret-arg').map((f) => f.ruleId));
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(withConfig));
    rmSync(config);
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(cli));
  });

  test('"replace ARG with a secret mount" rewrites the file as the CLI suggests, and the squiggle goes away', async () => {
    const file = workspace.file('leaky/Dockerfile');
    const before = readFileSync(file, 'utf8');
    // The CLI's advice for this finding: the mount to add, and the RUN that uses the ARG.
    const stylish = cliStylish(file);
    const mount = /help: Remove ARG NPM_TOKEN; in each RUN that needs it use RUN (--mount=type=secret,\S+) <command>/.exec(stylish)?.[1];
    expect(mount).toBe('--mount=type=secret,id=npm_token,env=NPM_TOKEN');
    const runLine = Number(/^\s+(\d+):1 NPM_TOKEN is recorded in the history entry of this RUN$/m.exec(stylish)?.[1]);
    expect(runLine).toBe(5);
    const lines = before.split('\n');
    const suggested = lines
      .map((line, index) => (index === runLine - 1 ? line.replace(/^RUN /, `RUN ${mount} `) : line))
      .filter((line) => line !== 'ARG NPM_TOKEN')
      .join('\n');

    await vscode.openFile('leaky/Dockerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).toContainEqual({ line: 3, startColumn: 5, endColumn: 14, severity: 'error' });
    const titles = await vscode.quickFixesAt(3, 6);
    expect(titles).toEqual([
      'Replace ARG NPM_TOKEN with a secret mount (env=NPM_TOKEN) in 1 RUN; build with docker build --secret id=npm_token,env=NPM_TOKEN',
      'Disable no-secret-arg for this instruction',
    ]);
    expect(await vscode.textOutsideEditorContent()).not.toContain(FAKE_GITHUB_TOKEN);
    await vscode.screenshot(path.join(SCREENSHOTS, 'vscode-quick-fix.png'));
    await vscode.applyQuickFix('Replace ARG NPM_TOKEN with a secret mount');
    await expect.poll(async () => (await vscode.editorLines()).join('\n'), UPDATE).toContain(mount);
    await vscode.saveIfDirty();

    await expect.poll(() => readFileSync(file, 'utf8'), UPDATE).toBe(suggested);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\n' +
        'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN --mount=type=cache,target=/root/.npm NODE_AUTH_TOKEN=$NPM_TOKEN npm ci --omit=dev\n' +
        `COPY . .\nENV GITHUB_TOKEN=${FAKE_GITHUB_TOKEN}\nUSER node\nCMD ["node", "src/server.js"]\n`,
    );
    const cliAfter = cliOf(file);
    expect(cliAfter.map((f) => f.ruleId)).toEqual(['no-context-secrets', 'no-secret-env', 'no-hardcoded-secret']);
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(cliAfter));
  });

  test('"add to .dockerignore" appends to the build context\'s .dockerignore, and the COPY squiggle goes away', async () => {
    const file = workspace.file('leaky/Dockerfile');
    const ignore = workspace.file('leaky/.dockerignore');
    const copy = cliOf(file).find((f) => f.ruleId === 'no-context-secrets')!;
    await vscode.openFile('leaky/Dockerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).toContainEqual({ line: copy.line + 1, startColumn: copy.character + 1, endColumn: copy.endCharacter + 1, severity: 'error' });
    const titles = await vscode.quickFixesAt(copy.line + 1, copy.character + 1);
    expect(titles).toEqual(['Add **/.env to .dockerignore', 'Disable no-context-secrets for this instruction']);
    await vscode.applyQuickFix('Add **/.env to .dockerignore');
    await expect.poll(() => readFileSync(ignore, 'utf8'), UPDATE).toBe('node_modules\nnpm-debug.log\n**/.env\n');
    expect(readFileSync(file, 'utf8')).not.toContain('dockerlint-disable');
    const cliAfter = cliOf(file);
    expect(cliAfter.map((f) => f.ruleId)).toEqual(['no-secret-env', 'no-hardcoded-secret']);
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(cliAfter));
  });

  test('api.Dockerfile is linted, and its fix edits api.Dockerfile.dockerignore (not the folder\'s .dockerignore)', async () => {
    const file = workspace.file('services/api.Dockerfile');
    const own = workspace.file('services/api.Dockerfile.dockerignore');
    const shared = workspace.file('services/.dockerignore');
    const sharedBefore = readFileSync(shared, 'utf8');
    const cli = cliOf(file);
    expect(cli.map((f) => `${f.ruleId} ${f.line + 1}:${f.character + 1}`)).toEqual(['no-context-secrets 3:6']);
    await vscode.openFile('services/api.Dockerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(cli));
    const titles = await vscode.quickFixesAt(3, 6);
    expect(titles[0]).toBe('Add **/.env to api.Dockerfile.dockerignore');
    await vscode.applyQuickFix('Add **/.env to api.Dockerfile.dockerignore');
    await expect.poll(() => readFileSync(own, 'utf8'), UPDATE).toBe('__pycache__\n*.pyc\n**/.env\n');
    expect(readFileSync(shared, 'utf8')).toBe(sharedBefore);
    expect(cliOf(file)).toEqual([]);
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual([]);
  });

  test('a Containerfile is linted', async () => {
    const file = workspace.file('services/Containerfile');
    const cli = cliOf(file);
    expect(cli.map((f) => `${f.ruleId} ${f.severity} ${f.line + 1}:${f.character + 1}`)).toEqual(['no-secret-arg error 2:5']);
    await vscode.openFile('services/Containerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(cli));
  });

  test('a broken .dockerlintrc.json shows one notification, no blocking dialog, and linting goes on with the defaults', async () => {
    const file = workspace.file('broken-config/Dockerfile');
    const defaults = cliFindings([file], ['--no-config-lookup'], path.dirname(file)).get(file) ?? [];
    expect(defaults.map((f) => f.ruleId)).toEqual(['no-secret-arg']);
    await vscode.openFile('broken-config/Dockerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual(expectedSquiggles(defaults));
    const isConfigError = (text: string) => text.includes('.dockerlintrc.json') && text.includes('invalid JSON');
    await expect.poll(async () => (await vscode.notifications()).filter(isConfigError).length, UPDATE).toBe(1);
    expect(await vscode.modalDialogOpen()).toBe(false);
    // Editing re-lints (and re-reads the config): still one notification.
    await vscode.clickAt(3, 1);
    await vscode.page.keyboard.press('End');
    await vscode.page.keyboard.type(' git', { delay: 20 });
    await vscode.page.waitForTimeout(2_000);
    expect((await vscode.notifications()).filter(isConfigError)).toHaveLength(1);
    expect(await vscode.modalDialogOpen()).toBe(false);
    for (let undo = 0; undo < 10 && (await vscode.page.locator('.part.editor .tab.active.dirty').count()) > 0; undo++) await vscode.page.keyboard.press('Control+Z');
  });
});
