/**
 * `npm run test:vscode`: the extension in a real VS Code (code-server + headless Chromium). Not part of
 * `npm test` (it installs code-server on first use and drives a browser); same aliases as the root config.
 */
import { defineConfig } from 'vitest/config';
import root from '../../vitest.config.js';

export default defineConfig({
  ...root,
  test: {
    ...root.test,
    include: ['test/vscode/**/*.spec.ts'],
    globalSetup: ['test/vscode/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
