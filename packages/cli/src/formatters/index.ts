import type { Formatter } from '../types.js';
import type { FormatName } from './load.js';
import { checkstyle } from './checkstyle.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

/** Every formatter, for embedders; the CLI itself loads only the chosen one (`loadFormatter`). */
export const formatters = { stylish, json, sarif, github, gitlab, checkstyle, junit } satisfies Record<FormatName, Formatter>;
export { FORMAT_NAMES, loadFormatter, type FormatName } from './load.js';

export { checkstyle, github, gitlab, json, junit, sarif, stylish };
export { escapeData, escapeProperty } from './github.js';
export { toEslintJson, type EslintJsonMessage, type EslintJsonResult } from './json.js';
export { toSarif } from './sarif.js';
export { toGitlab } from './gitlab.js';
export { maskedSource } from './stylish.js';
