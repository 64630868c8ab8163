/**
 * The lifecycle every real-VS Code spec shares: code-server on a folder with the packaged .vsix, Chromium on its
 * workbench, code-server's and the extension's logs printed after a failing test, everything stopped and the
 * folder removed at the end.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, openWorkbench, startCodeServer, type CodeServer } from './code-server.js';
import { Workbench } from './workbench.js';

export interface SuiteFolder {
  /** The workspace folder code-server opens. */
  folder: string;
  /** Removed (recursively) after the suite. */
  removeAfter: string;
  workspaceTrust?: boolean;
  /** Runs once the workbench shows, before the explorer is waited for (e.g. answer the trust prompt). */
  beforeExplorer?: (page: Page) => Promise<void>;
}

/** Registers the suite's hooks; `opened` receives the workbench once it is up. */
export function vsCodeSuite(setup: { entry?: string; vsix?: string }, prepare: () => SuiteFolder, opened: (vscode: Workbench) => void): void {
  let folder: SuiteFolder | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    folder = prepare();
    server = await startCodeServer({ entry: setup.entry!, vsix: setup.vsix!, folder: folder.folder, ...(folder.workspaceTrust ? { workspaceTrust: true } : {}) });
    browser = await launchChromium();
    opened(new Workbench(await openWorkbench(browser, server.url, folder.beforeExplorer), folder.folder));
  });

  afterEach((context) => {
    if (context.task.result?.state === 'fail' && server) console.error(`[test:vscode] logs after "${context.task.name}":\n${server.logs()}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (folder) rmSync(folder.removeAfter, { recursive: true, force: true });
  });
}
