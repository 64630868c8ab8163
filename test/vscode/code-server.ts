/**
 * A real VS Code for tests: code-server (installed by install-code-server.mjs) with the packaged .vsix
 * installed into a throw-away extensions directory, opened in Debian's headless Chromium through playwright-core.
 *
 * Everything the server writes (user data, extensions, its config, its XDG state) goes to one temporary
 * directory; the server is stopped by its pid.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.DOCKERLINT_CHROMIUM ?? '/usr/bin/chromium';

/** User settings that keep the workbench quiet and deterministic (no walkthroughs, trust prompts, updates). */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 150,
  'editor.fontSize': 14,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
};

export interface CodeServer {
  url: string;
  /** code-server's own output and the extension's output channel so far (printed when a test fails). */
  logs(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms:\n${log()}`);
}

/** Installs `vsix` into a fresh extensions directory and serves `folder` with code-server. */
export async function startCodeServer(options: { entry: string; vsix: string; folder: string; workspaceTrust?: boolean }): Promise<CodeServer> {
  const home = mkdtempSync(path.join(tmpdir(), 'dockerlint-code-server-'));
  const userData = path.join(home, 'user-data');
  const extensions = path.join(home, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  // With workspaceTrust, VS Code asks whether to trust the folder (Restricted Mode when the answer is no).
  const settings = options.workspaceTrust ? { ...USER_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' } : USER_SETTINGS;
  writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), XDG_CACHE_HOME: path.join(home, 'cache') };
  const common = ['--config', path.join(home, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(process.execPath, [options.entry, ...common, '--install-extension', options.vsix], { env, stdio: 'pipe', timeout: 120_000 });

  const port = await freePort();
  const child = spawn(
    process.execPath,
    [options.entry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', options.folder],
    // Its own process group: code-server forks a server process, which forks extension hosts, which start the
    // language server; stopping the group stops them all (an extension host still starting up when its server
    // goes away was seen to outlive it).
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const group = child.pid!;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-group, signal);
    } catch {
      // the group is gone already
    }
  };
  // Also when the test run is interrupted (the group does not get the terminal's Ctrl+C).
  process.once('exit', () => signalGroup('SIGKILL'));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${base}/healthz`, child, () => output, 60_000);
  } catch (error) {
    signalGroup('SIGKILL');
    throw error;
  }
  return {
    url: `${base}/?folder=${encodeURIComponent(options.folder)}`,
    logs: () => {
      const channels = existsSync(path.join(userData, 'logs'))
        ? readdirSync(path.join(userData, 'logs'), { recursive: true, encoding: 'utf8' }).filter((file) => /dockerlint.*\.log$/i.test(file))
        : [];
      return [`--- code-server ---\n${output}`, ...channels.map((file) => `--- ${file} ---\n${readFileSync(path.join(userData, 'logs', file), 'utf8')}`)].join('\n');
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      signalGroup('SIGKILL'); // whatever of the group did not follow the server
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Opens the workbench and waits until the explorer shows the folder (`beforeExplorer`: e.g. answer the trust prompt). */
export async function openWorkbench(browser: Browser, url: string, beforeExplorer?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  if (beforeExplorer) await beforeExplorer(page);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return page;
}
