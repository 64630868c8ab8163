#!/usr/bin/env bash
# Image-check tests (test/real-builder/image-*.test.ts, test/image/): Debian's skopeo converts docker-save archives
# to OCI layouts, and zstd writes zstd-compressed layers for the reader tests.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
command -v apt-get >/dev/null 2>&1 || exit 0
missing=()
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v zstd >/dev/null 2>&1 || missing+=(zstd)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
