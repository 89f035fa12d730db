#!/usr/bin/env bash
# Installs the runtimes test/runtimes runs the SDK on (`npm run runtimes:setup`; .ci/run calls it):
# Node 18 and 22, Bun, Deno, workerd, esbuild and playwright-core from the npm registry, pinned by
# test/runtimes/tools/package-lock.json, into .tmp/runtimes/tools (outside the project's own
# node_modules, so `npm install` stays light); Chromium from Debian when it is missing (as root:
# CI runs as root; a developer without root installs it with `sudo apt-get install -y chromium`).
set -euo pipefail
cd "$(dirname "$0")/../.."

tools=.tmp/runtimes/tools
mkdir -p "$tools"
if [ ! -d "$tools/node_modules" ] || ! cmp -s test/runtimes/tools/package-lock.json "$tools/package-lock.json"; then
  cp test/runtimes/tools/package.json test/runtimes/tools/package-lock.json "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund)
else
  echo "runtimes: $tools is up to date"
fi

if command -v chromium >/dev/null 2>&1; then
  echo "runtimes: $(chromium --version 2>/dev/null | head -n 1)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo "runtimes: installed $(chromium --version 2>/dev/null | head -n 1)"
else
  echo "runtimes: Chromium is missing; install it with: sudo apt-get install -y chromium" >&2
fi
