/**
 * @dockerlint/eslint-plugin — lint Dockerfiles with ESLint ≥ 9.7 (flat config):
 *
 *   import dockerlint from '@dockerlint/eslint-plugin';
 *   export default [dockerlint.configs.recommended];
 *
 * `require('@dockerlint/eslint-plugin')` (eslint.config.cjs, ESLint 8's `.eslintrc*`) gives the CommonJS entry,
 * legacy/index.cts. See docs/eslint.md.
 */
import { readFileSync } from 'node:fs';
import { initialize } from '@dockerlint/core';
import { DockerfileLanguage } from './language.js';
import { DOCKERFILE_GLOBS, DOCKERIGNORE_GLOBS } from './globs.js';
import { eslintRules, recommendedRules } from './rules.js';

// The engine's shell parser is WebAssembly and loads asynchronously; ESLint loads plugins with `import()`, so
// top-level await makes the plugin ready before any file is linted.
await initialize();

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: 'dockerlint' },
  languages: { dockerfile: new DockerfileLanguage() },
  rules: eslintRules,
  configs: {} as Record<string, unknown>,
};

const recommended = {
  name: 'dockerlint/recommended',
  files: DOCKERFILE_GLOBS,
  ignores: DOCKERIGNORE_GLOBS,
  plugins: { dockerlint: plugin },
  language: 'dockerlint/dockerfile',
  rules: { ...recommendedRules },
};
plugin.configs.recommended = recommended;

export { DOCKERFILE_GLOBS, DOCKERIGNORE_GLOBS } from './globs.js';
export { DockerfileLanguage, DockerfileSourceCode } from './language.js';
export type { DockerfileNode, InstructionNode, CommentNode } from './language.js';
export type { DockerfileLanguageOptions } from './findings.js';
export const configs = plugin.configs as { recommended: typeof recommended };
export const rules = eslintRules;
export const languages = plugin.languages;
export const meta = plugin.meta;
export default plugin as typeof plugin & { configs: { recommended: typeof recommended } };
