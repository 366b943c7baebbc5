#!/usr/bin/env bash
# The test command of the README and of CI: install what is missing, start Redis and PostgreSQL, type-check,
# run the whole suite against them.
set -euo pipefail
cd "$(dirname "$0")/.."
# A Redis this starts keeps its files out of the checkout (a fresh clone stays clean after `npm test`).
FIREBREAK_REDIS_DIR="${FIREBREAK_REDIS_DIR:-${TMPDIR:-/tmp}/firebreak-test-redis}" scripts/ensure-services.sh postgres
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
npx tsc --noEmit
npx vitest run "$@"
