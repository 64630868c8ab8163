/** @dockerlint/core — the one engine behind the CLI, the ESLint plugin and the language server. */
export * from './engine/index.js';
export * from './model/index.js';
export * from './context/index.js';
export * from './secrets/index.js';
export { escapeRegExp } from './regexp.js';
export * from './shell/index.js';
export * from './config/index.js';
export * from './analysis/index.js';
export * from './build-definitions/index.js';
export * from './image/index.js';
export * from './document/index.js';
export { loadYaml } from './yaml-module.js';
