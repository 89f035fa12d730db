#!/usr/bin/env bash
# `npm test` runs this first (npm's `pretest`): the real parts the suite starts, installed when
# missing, so `npm install` then `npm test` is all a fresh machine needs. Debian's redis-server
# (test/redis) and, through test/runtimes/setup.sh, chromium and the runtimes test/runtimes runs
# the SDK on (Node 18/22, Bun, Deno, workerd from the npm registry, into .tmp/runtimes/tools).
# Installing Debian packages needs root (CI runs as root); without it, the missing package is
# named and its tests skip with that reason outside CI (in CI they fail).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test setup: installing redis-server (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "test setup: redis-server is missing; install it with: sudo apt-get install -y redis-server" >&2
  fi
fi
bash test/runtimes/setup.sh
