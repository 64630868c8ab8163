export type { BuildContext, ContextFile, IgnoreFile } from './types.js';
export {
  dockerfileSpecificIgnorePath,
  findIgnoreFile,
  ignoreFileForFixes,
  normalizeRelPath as normalizeContextPath,
  parseDockerignore,
  readIgnoreFile,
} from './ignore-file.js';
export { createIgnoreMatcher, type IgnoreMatcher } from './matcher.js';
export { createGitignoreMatcher, isGitignored, parseGitignore, type GitignoreMatcher, type ScopedGitignore } from './gitignore.js';
export {
  BUILD_CONTEXT,
  DEFAULT_MAX_ENTRIES,
  invalidateBuildContexts,
  loadBuildContext,
  type DiskBuildContext,
  type LoadBuildContextOptions,
  type WalkStats,
} from './build-context.js';
export { DIRECTORY_LISTING, directoryListing, isFileIn, probeEntry, type DirectoryListing, type ListedKind } from './listing.js';
export { inMemoryBuildContext, noBuildContext, type InMemoryContextOptions } from './memory-context.js';
export { relativePath, resolvedPath } from './resolved-path.js';
