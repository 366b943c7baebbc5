#!/usr/bin/env bash
# Installs (Debian packages) and starts what Firebreak needs on one machine, when it is missing:
#   redis    - always: the queue. Configured for durability (append-only file, noeviction).
#   postgres - with the argument "postgres": the test suite runs its store tests on a real server (and
#              checks /metrics with promtool, from Debian's prometheus package; unzip, for the Helm check;
#              Debian's prometheus-alertmanager, for the clustered-sender test).
#   node     - npm ci when node_modules is missing or older than package-lock.json.
# Idempotent: a second run changes nothing. Needs root (or sudo) only when something must be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

want_postgres=false
for arg in "$@"; do [ "$arg" = postgres ] && want_postgres=true; done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq; apt_updated=true; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
log() { echo "[firebreak setup] $*" >&2; }

# --- node modules ----------------------------------------------------------------------------------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing node modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- unzip (scripts/helm-check.sh unpacks helm from an npm package's zip) -----------------------------------
if [ "$want_postgres" = true ] && ! command -v unzip >/dev/null 2>&1; then
  log "installing unzip"
  apt_install unzip
fi

# --- redis -------------------------------------------------------------------------------------------------
redis_port="${FIREBREAK_REDIS_PORT:-6379}"
if ! command -v redis-server >/dev/null 2>&1; then
  log "installing redis-server"
  apt_install redis-server redis-tools
fi
# Where a Redis started here keeps its files: beside the embedded store for `npm start`; scripts/test.sh points it
# at a temporary folder, so that a test run leaves nothing in the checkout.
redis_dir="${FIREBREAK_REDIS_DIR:-$PWD/.data/redis}"
if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  log "starting redis-server on 127.0.0.1:$redis_port (append-only, noeviction) in $redis_dir"
  mkdir -p "$redis_dir"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --dir "$redis_dir" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction --save '' \
    --logfile "$redis_dir/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
# A Redis that was already running (a machine's default) is set to what durability needs: a 2xx means the alert
# survives a kill -9 of Redis, and an evicted job is a lost alert.
redis-cli -p "$redis_port" config set appendonly yes >/dev/null
redis-cli -p "$redis_port" config set maxmemory-policy noeviction >/dev/null

# --- promtool (tests) ---------------------------------------------------------------------------------------
# test/metrics runs `promtool check metrics` on a scrape of /metrics; Debian ships promtool in "prometheus".
if [ "$want_postgres" = true ] && ! command -v promtool >/dev/null 2>&1; then
  log "installing promtool (Debian package prometheus)"
  apt_install prometheus
fi

# --- alertmanager (tests) -----------------------------------------------------------------------------------
# test/faults/alertmanager-cluster.test.ts starts three clustered peers of its own on free loopback ports. The
# package's own service (where an init system starts it on install) would hold 9093/9094 for nothing: stop it and
# keep it from starting at boot.
if [ "$want_postgres" = true ] && ! command -v prometheus-alertmanager >/dev/null 2>&1; then
  log "installing prometheus-alertmanager (clustered-sender tests)"
  apt_install prometheus-alertmanager
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    as_root systemctl disable --now prometheus-alertmanager >/dev/null 2>&1 || true
  else
    as_root service prometheus-alertmanager stop >/dev/null 2>&1 || true
    command -v update-rc.d >/dev/null 2>&1 && { as_root update-rc.d prometheus-alertmanager disable >/dev/null 2>&1 || true; }
  fi
fi

# --- chromium (tests) ---------------------------------------------------------------------------------------
# test/ui drives Debian's chromium with playwright-core (which never downloads a browser of its own).
if [ "$want_postgres" = true ] && [ ! -x /usr/bin/chromium ]; then
  log "installing chromium (web UI tests)"
  apt_install chromium
fi

# --- postgres (tests) ----------------------------------------------------------------------------------------
if [ "$want_postgres" = true ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    log "installing postgresql"
    apt_install postgresql
  fi
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    version=$(ls /etc/postgresql | sort -V | tail -1)
    log "starting postgresql $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main start
    for _ in $(seq 1 50); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.2; done
  fi
  # A fresh Debian cluster asks for a password on TCP; give the postgres role the one the tests use.
  if ! PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    log "setting the postgres role's password for the tests"
    (cd / && as_root su postgres -c "psql -q -c \"ALTER ROLE postgres PASSWORD 'postgres'\"")
  fi
fi
