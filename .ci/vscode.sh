#!/usr/bin/env bash
# The VS Code extension in a real VS Code (`npm run test:vscode`): code-server from npm, Debian's headless
# Chromium. Called by .ci/run after `npm ci` and `npm test`. code-server is installed once per version under
# ~/.cache/dockerlint-vscode-e2e (keep that directory and ~/.npm in the CI cache for a fast second run).
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
if command -v apt-get >/dev/null 2>&1; then
  # chromium: the browser; ripgrep: VS Code's search (its npm package would download it from GitHub);
  # a C++ toolchain and python3: the native modules VS Code needs are built from source, offline.
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || missing+=(build-essential)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

started=$(date +%s)
npm run test:vscode
echo "test:vscode took $(( $(date +%s) - started )) s (code-server install included when not cached)"
