export * from './sensitive-files.js';
export * from './secret-scope.js';
export * from './layers.js';
export * from './values-in-instructions.js';
export * from './ignore-fixes.js';
export * from './globs.js';
export * from './lint-analysis.js';
export * from './run-prefilter.js';
