import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the built dist/ is exercised by the CLI end-to-end tests.
    alias: {
      // Listed before '@dockerlint/core': the first matching prefix wins.
      '@dockerlint/core/testing': here('./packages/core/src/testing.ts'),
      '@dockerlint/core': here('./packages/core/src/index.ts'),
      '@dockerlint/rules': here('./rules/index.ts'),
      '@dockerlint/cli': here('./packages/cli/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/fixtures/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
