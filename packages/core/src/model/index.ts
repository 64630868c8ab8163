export { buildModel, MAX_INSTRUCTIONS, MAX_LINE_LENGTH, type BuildModelOptions } from './build.js';
export { RAW_ARGUMENTS } from './ast-memo.js';
export { MAX_NODE_AGE } from './reparse.js';
export { LineIndex, comparePositions, rangeContains, fromLsp, fromLspRange } from './positions.js';
export { expandVariables, referencedNames } from './variables.js';
export { joinPosix, isWithin, expandHome, trimContextPath, contextRelativePath } from './paths.js';
export { normaliseContinuations, isPosixShell } from './run-script.js';
export type * from './types.js';
