#!/usr/bin/env bash
# Lint and type-check every package. Called by .ci/run after `npm ci` (whose `prepare` build leaves the packages'
# declaration files in dist/, which the VS Code extension's type-check reads).
set -euo pipefail
cd "$(dirname "$0")/.."

npm run lint
# core, rules, cli, eslint-plugin, language-server: the root tsconfig's project references.
npx tsc -b
# The VS Code extension is bundled by esbuild, not built by tsc -b: type-check it on its own.
npx tsc -p packages/vscode
