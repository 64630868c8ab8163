/**
 * Once per `npm run test:vscode`: packages the .vsix (after the script's `tsc -b`) and installs code-server
 * (cached by version). What cannot be installed here is handed to the spec as a skip reason, never faked.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { CHROMIUM } from './code-server.js';
import { CODE_SERVER_VERSION, codeServerEntry, ensureCodeServer, CannotInstall } from './install-code-server.mjs';

export interface VsCodeSetup {
  codeServerVersion: string;
  /** Set when the real VS Code cannot run here: the reason the spec skips with. */
  skip?: string;
  entry?: string;
  vsix?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    vscode: VsCodeSetup;
  }
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(project: TestProject): Promise<void> {
  const result: VsCodeSetup = { codeServerVersion: CODE_SERVER_VERSION };
  const started = Date.now();
  // The install (downloads, compiles) runs in child processes while the .vsix is packaged.
  const codeServer: Promise<string | { skip: string }> = existsSync(CHROMIUM)
    ? ensureCodeServer().catch((error: unknown) => {
        if (!(error instanceof CannotInstall)) throw error;
        return { skip: `code-server ${CODE_SERVER_VERSION} cannot be installed: ${error.message}` };
      })
    : Promise.resolve({ skip: `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)` });
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'packages/vscode/package.json'), 'utf8')) as { name: string; version: string };
  result.vsix = path.join(REPO, 'packages/vscode/dist', `${manifest.name}-${manifest.version}.vsix`);
  await run(process.execPath, [path.join(REPO, 'packages/vscode/scripts/package.mjs')]);
  const installed = await codeServer;
  if (typeof installed === 'string') result.entry = codeServerEntry(installed);
  else result.skip = installed.skip;
  process.stderr.write(`[test:vscode] .vsix packaged, code-server checked in ${((Date.now() - started) / 1000).toFixed(1)} s${result.skip ? ` (skipping: ${result.skip})` : ''}\n`);
  project.provide('vscode', result);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code}`))));
  });
}
