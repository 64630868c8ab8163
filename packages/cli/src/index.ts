/** @dockerlint/cli — the `dockerlint` command and its formatters. */
export { main } from './main.js';
export { parseCliArgs, useColor, UsageError, HELP, type CliOptions } from './args.js';
export { discover, isDockerfileName, type DiscoveryOptions, type DiscoveryResult } from './discover.js';
export { planFixes, applyFixPlan, isIgnoreFilePath, type FixPlan, type IgnoreFileWrite } from './fix.js';
export * from './formatters/index.js';
export type { FileResult, FormatterContext, Formatter } from './types.js';
