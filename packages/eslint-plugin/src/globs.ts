/** Every Dockerfile name Docker and Podman accept (matching is case-sensitive in ESLint). */
export const DOCKERFILE_GLOBS = [
  '**/Dockerfile',
  '**/dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
  '**/Containerfile.*',
];
/** `Dockerfile.*` also matches `Dockerfile.dockerignore`, which is not a Dockerfile. */
export const DOCKERIGNORE_GLOBS = ['**/*.dockerignore', '**/*.containerignore'];
