/**
 * Every Dockerfile name Docker and Podman accept (matching is case-sensitive in ESLint), as core's
 * `isDockerfileName`: `?*` because `Dockerfile.` and `.dockerfile` are not Dockerfiles.
 */
export const DOCKERFILE_GLOBS = [
  '**/Dockerfile',
  '**/dockerfile',
  '**/Dockerfile.?*',
  '**/?*.Dockerfile',
  '**/?*.dockerfile',
  '**/Containerfile',
  '**/Containerfile.?*',
];

/** `[dD][oO]…`: ESLint's globs have no case-insensitive flag, and ignore files are recognised in any case. */
function anyCase(word: string): string {
  return [...word].map((char) => `[${char.toLowerCase()}${char.toUpperCase()}]`).join('');
}

/** `Dockerfile.*` also matches `Dockerfile.dockerignore` (any case), which is not a Dockerfile. */
export const DOCKERIGNORE_GLOBS = [`**/*.${anyCase('dockerignore')}`, `**/*.${anyCase('containerignore')}`];
