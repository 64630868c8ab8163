/**
 * Once per `npm run test:vscode`: packages the .vsix (after the script's `tsc -b`) and installs code-server
 * (cached by version). What cannot be installed here is handed to the spec as a skip reason, never faked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { CHROMIUM } from './code-server.js';
import { CODE_SERVER_VERSION, codeServerEntry, ensureCodeServer, MissingTool } from './install-code-server.mjs';

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

export default function setup(project: TestProject): void {
  const result: VsCodeSetup = { codeServerVersion: CODE_SERVER_VERSION };
  const started = Date.now();
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'packages/vscode/package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO, 'packages/vscode/dist', `${manifest.name}-${manifest.version}.vsix`);
  execFileSync(process.execPath, [path.join(REPO, 'packages/vscode/scripts/package.mjs')], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  result.vsix = vsix;
  if (!existsSync(CHROMIUM)) {
    result.skip = `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
  } else {
    try {
      result.entry = codeServerEntry(ensureCodeServer());
    } catch (error) {
      if (!(error instanceof MissingTool)) throw error;
      result.skip = `code-server ${CODE_SERVER_VERSION} cannot be installed: ${error.message}`;
    }
  }
  process.stderr.write(`[test:vscode] .vsix packaged and code-server ready in ${((Date.now() - started) / 1000).toFixed(1)} s${result.skip ? ` (skipping: ${result.skip})` : ''}\n`);
  project.provide('vscode', result);
}
