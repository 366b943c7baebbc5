#!/usr/bin/env bash
# Quick start: install what is missing, start local Redis, run the daemon in the foreground on local defaults
# (embedded PGlite store in ./.data, Redis on 127.0.0.1:6379, port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-services.sh
exec node src/cli/bin.mjs serve "$@"
