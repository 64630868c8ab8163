/**
 * Workspace trust in a real VS Code: a repository's dockerlint.config.js is code, so in Restricted Mode the extension
 * still lints (limited support) but never loads it; trusting the folder lifts that at once, without a reload.
 * The config writes a marker file when it is loaded: the marker is the proof.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { cliFindings, type Comparable } from '../language-server/client.js';
import { vsCodeSuite } from './suite.js';
import type { Workbench } from './workbench.js';

const setup = inject('vscode');
const UPDATE = { timeout: 30_000 };

const DOCKERFILE = 'FROM node:20-slim\nWORKDIR /app\nARG NPM_TOKEN\nRUN npm ci\nCOPY src/ src/\n';

/** The repository the user has not reviewed yet: a JSON config and a JS config that turns no-secret-arg off. */
function untrustedRepository(): { root: string; marker: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'dockerlint-vscode-trust-'));
  const root = path.join(base, 'cloned-repo');
  const marker = path.join(base, 'js-config-ran');
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(root, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(root, 'src', 'server.js'), 'console.log("hi");\n');
  writeFileSync(path.join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(
    path.join(root, 'dockerlint.config.js'),
    `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { rules: { 'no-secret-arg': 'off' } };\n`,
  );
  return { root, marker };
}

async function answerTrustPrompt(page: Page, trust: boolean): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: trust ? /Yes, I trust/ : /No, I don.t trust/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

const ruleIdsOf = (findings: Comparable[]) => findings.map((f) => `${f.ruleId} ${f.severity} ${f.line + 1}:${f.character + 1}`);

describe.skipIf(Boolean(setup.skip))(`workspace trust (code-server ${setup.codeServerVersion})${setup.skip ? ` — skipped: ${setup.skip}` : ''}`, () => {
  let repo: ReturnType<typeof untrustedRepository>;
  let vscode: Workbench;

  vsCodeSuite(
    setup,
    () => {
      repo = untrustedRepository();
      return { folder: repo.root, removeAfter: path.dirname(repo.root), workspaceTrust: true, beforeExplorer: (page) => answerTrustPrompt(page, false) };
    },
    (opened) => (vscode = opened),
  );

  test('Restricted Mode: the extension lints, dockerlint.config.js is not run, one notification says so', async () => {
    const file = path.join(repo.root, 'Dockerfile');
    // What the editor must show: the CLI's findings without the JS config.
    const withoutJs = cliFindings([file], ['--no-js-config'], repo.root).get(file) ?? [];
    expect(ruleIdsOf(withoutJs)).toEqual(['no-secret-arg error 3:5']);
    expect(existsSync(repo.marker)).toBe(false); // the CLI run above did not load it either
    await expect.poll(() => vscode.page.locator('text=Restricted Mode').count(), UPDATE).toBeGreaterThan(0);
    await vscode.openFile('Dockerfile');
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual([{ line: 3, startColumn: 5, endColumn: 14, severity: 'error' }]);
    const aboutJsConfig = (text: string) => text.includes('not loading JS config') && text.includes('dockerlint.config.js');
    await expect.poll(async () => (await vscode.notifications()).filter(aboutJsConfig).length, UPDATE).toBe(1);
    expect(await vscode.modalDialogOpen()).toBe(false);
    expect(existsSync(repo.marker)).toBe(false);
  });

  test('trusting the folder loads dockerlint.config.js at once, without a reload', async () => {
    const page = vscode.page;
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    await vscode.runCommand('Workspaces: Manage Workspace Trust');
    const trustButton = page.locator('.workspace-trust-editor').getByRole('button', { name: /^Trust$/ });
    await trustButton.first().click();
    await expect.poll(() => existsSync(repo.marker), UPDATE).toBe(true);
    await vscode.closeAllEditors();
    await vscode.openFile('Dockerfile');
    // The JS config turns no-secret-arg off: no squiggle left.
    await expect.poll(() => vscode.squiggles(), UPDATE).toEqual([]);
    // Same page: the window was not reloaded.
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(timeOrigin);
  });
});
