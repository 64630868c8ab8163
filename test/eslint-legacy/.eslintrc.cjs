// ESLint 8 (eslintrc) example: lint Dockerfiles with dockerlint's rules.
// Run: npx eslint@8 . "**/Dockerfile.*"   (eslintrc does not auto-discover `Dockerfile.*` files)
module.exports = {
  root: true,
  extends: ['plugin:@dockerlint/legacy-recommended'],
  overrides: [
    {
      files: ['Dockerfile'],
      // Optional engine settings (same as the flat config's languageOptions): context, target, allowlist.
      parserOptions: { dockerlint: { target: 'runtime' } },
      rules: {
        // Rule options are the core rule's options.
        '@dockerlint/no-secret-arg': ['error', { stages: 'all' }],
      },
    },
  ],
};
