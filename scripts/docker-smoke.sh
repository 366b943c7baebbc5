#!/usr/bin/env bash
# Builds Firebreak's image with a real Docker engine and runs it the way the Helm chart does, then checks what
# issue 9 asks of it. Not run by CI (CI has no Docker engine); run it by hand, as root, on a Debian machine:
#   scripts/docker-smoke.sh
# Idempotent and re-runnable on a fresh Debian 12 machine:
#   1. installs Debian's docker.io and debootstrap when missing, and PostgreSQL/Redis (scripts/ensure-services.sh);
#   2. starts dockerd when none answers (no iptables rules, no bridge: containers use the host's network), and
#      stops it again at the end unless DOCKER_SMOKE_KEEP_DOCKERD=1;
#   3. makes sure the Dockerfile's base image (its FROM, e.g. node:20-bookworm-slim) is there: pulled when the
#      registry answers, else a local stand-in: debootstrap --variant=minbase of the same Debian release, plus this
#      machine's Node (node, npm, npx, corepack in /usr/local, as the official image has them) and the user
#      "node" (uid/gid 1000), imported under the same name;
#   4. builds the Dockerfile as it is (legacy builder, --network host) and times it; the legacy builder builds
#      every stage, so the `check` stage's type-check inside the image runs too;
#   5. runs an api and a worker container as the chart does (read-only root, a tmpfs on /tmp, no capabilities,
#      no privilege escalation, secrets as *_FILE on a read-only mount, host network) against this machine's
#      Redis and PostgreSQL, in a database and queue prefix of their own; checks uid, tini as PID 1, /healthz,
#      /readyz, the image's HEALTHCHECK, a read-only /app, an Alertmanager fixture posted and triaged (held,
#      then suppressed as transient once resolved, as `firebreak explain` inside the image shows), and
#      `docker stop` (SIGTERM through tini) exiting 0;
#   6. prints the figures (image size, build time, time to ready, time to healthy, stop times) and a last line
#      "docker-smoke: N passed, N failed". Exit 0 only when every check passed.
# Environment: DOCKER_SMOKE_IMAGE (firebreak:smoke), DOCKER_SMOKE_NO_CACHE=1 (build without the layer cache, for
# a cold build time), DOCKER_SMOKE_KEEP_DOCKERD=1, DEBIAN_MIRROR (http://deb.debian.org/debian),
# TEST_DATABASE_URL (postgres://postgres:postgres@127.0.0.1:5432/postgres, the server the containers use),
# TEST_REDIS_URL (redis://127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."

image="${DOCKER_SMOKE_IMAGE:-firebreak:smoke}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
admin_url="${TEST_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
redis_url="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
state=.tools/docker-smoke
mkdir -p "$state"
run_id="$(date +%s)-$$"
api_name="firebreak-smoke-api-$run_id"
worker_name="firebreak-smoke-worker-$run_id"
database="firebreak_smoke_${run_id//-/_}"
prefix="firebreak-smoke-$run_id"
secrets_dir=""
dockerd_pid=""
passed=0
failed=0

log() { echo "[docker-smoke] $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
check() { # check NAME COMMAND...: runs the command, counts and reports the result
  local name="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "  ok    $name"
  else
    failed=$((failed + 1))
    echo "  FAIL  $name"
  fi
}

if [ "$(id -u)" != 0 ]; then
  echo "docker-smoke: run as root (it installs packages, starts dockerd and builds a root filesystem)" >&2
  exit 2
fi

# --- 1. packages and services ----------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
scripts/ensure-services.sh postgres

# --- 2. the Docker engine ------------------------------------------------------------------------------------
cleanup() {
  local code=$?
  set +e
  docker rm -f "$api_name" "$worker_name" >/dev/null 2>&1
  if [ -n "$secrets_dir" ]; then rm -rf "$secrets_dir"; fi
  psql "$admin_url" -qAtc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1
  redis-cli -u "$redis_url" --scan --pattern "$prefix:*" 2>/dev/null | xargs -r redis-cli -u "$redis_url" del >/dev/null 2>&1
  if [ -n "$dockerd_pid" ] && [ "${DOCKER_SMOKE_KEEP_DOCKERD:-0}" != 1 ]; then
    log "stopping the dockerd this script started (pid $dockerd_pid)"
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  exit "$code"
}
trap cleanup EXIT

start_dockerd() { # start_dockerd [extra flags]: starts dockerd in the background, waits for its socket
  log "starting dockerd $* (log: $state/dockerd.log)"
  # No iptables rules and no docker0 bridge: nothing on the machine changes but /var/lib/docker, and containers
  # use the host's network (--network host), as the services they need listen on 127.0.0.1.
  setsid dockerd --iptables=false --bridge=none --pidfile "$PWD/$state/dockerd.pid" "$@" >"$state/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 150); do
    if docker info >/dev/null 2>&1; then return 0; fi
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill "$dockerd_pid" 2>/dev/null || true
  wait "$dockerd_pid" 2>/dev/null || true
  dockerd_pid=""
  return 1
}
if ! docker info >/dev/null 2>&1; then
  # overlay2 first; some VMs refuse overlay mounts, where the vfs driver (plain copies, slower, bigger) works.
  start_dockerd || start_dockerd --storage-driver=vfs || { tail -20 "$state/dockerd.log" >&2; exit 1; }
fi
log "Docker engine $(docker version --format '{{.Server.Version}}'), storage driver $(docker info --format '{{.Driver}}')"
# The legacy builder: it needs no buildx plugin (Debian's docker.io has none) and fetches no frontend image
# (BuildKit would fetch docker/dockerfile:1 for the "# syntax" line).
export DOCKER_BUILDKIT=0

# --- 3. the base image ----------------------------------------------------------------------------------------
# The first FROM, with an ARG default substituted (FROM ${NODE_IMAGE} with ARG NODE_IMAGE=node:20-bookworm-slim).
base=$(awk '/^FROM /{ print $2; exit }' Dockerfile)
if [[ "$base" =~ ^\$\{?([A-Za-z_]+)\}?$ ]]; then
  base=$(sed -n "s/^ARG ${BASH_REMATCH[1]}=//p" Dockerfile | head -1)
fi
[ -n "$base" ] || { echo "docker-smoke: cannot read the base image from the Dockerfile" >&2; exit 1; }

build_standin() {
  local name="$1" node_major suite rootfs node_bin npm_root
  node_major=$(sed -n 's/^node:\([0-9]*\).*/\1/p' <<<"$name")
  suite=$(sed -n 's/^node:[0-9]*-\([a-z]*\).*/\1/p' <<<"$name")
  if [ -z "$node_major" ] || [ -z "$suite" ]; then
    echo "docker-smoke: $name is not a node:<major>-<debian release>[-slim] image; no stand-in for it" >&2
    return 1
  fi
  node_bin=$(readlink -f "$(command -v node)")
  if [ "$(node -p 'process.versions.node.split(".")[0]')" != "$node_major" ]; then
    echo "docker-smoke: this machine's node is $(node -v), the Dockerfile wants Node $node_major" >&2
    return 1
  fi
  npm_root=$(npm root -g 2>/dev/null)
  rootfs=$(mktemp -d /var/tmp/firebreak-base-XXXXXX)
  log "building a stand-in for $name: debootstrap --variant=minbase $suite, Node $(node -v) from $node_bin"
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$state/debootstrap.log" 2>&1 || {
    tail -20 "$state/debootstrap.log" >&2
    rm -rf "$rootfs"
    return 1
  }
  # Like debian:<release>-slim: the release, its updates and security suites in deb822 form, no documentation.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: ${mirror}
Suites: ${suite} ${suite}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: ${suite}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  # Debian's Docker images keep no package cache: without this, the Dockerfile's apt-get layer would keep the
  # ~80 MB of /var/cache/apt/*.bin that the official base never has.
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete 2>/dev/null || true
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
    "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  # Node as the official image installs it: /usr/local/bin/node and npm's own node_modules.
  install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_root/npm" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  if [ -d "$npm_root/corepack" ]; then
    cp -a "$npm_root/corepack" "$rootfs/usr/local/lib/node_modules/corepack"
    ln -s ../lib/node_modules/corepack/dist/corepack.js "$rootfs/usr/local/bin/corepack"
  fi
  ln -s node "$rootfs/usr/local/bin/nodejs"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  local changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    --change "ENV NODE_VERSION=$(node -p process.versions.node)" --change 'CMD ["node"]'
    --change "LABEL org.firebreak.stand-in=\"debootstrap $suite + node $(node -v), built by scripts/docker-smoke.sh\"")
  # Where this machine reaches the npm registry through a proxy of its own CA (NODE_EXTRA_CA_CERTS), the image
  # must trust it too, or npm ci refuses the certificate: the bundle goes in and the variable points at it.
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    install -D -m 0644 "$NODE_EXTRA_CA_CERTS" "$rootfs/usr/local/share/firebreak-smoke/extra-ca.crt"
    changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/firebreak-smoke/extra-ca.crt')
  fi
  env -u NODE_EXTRA_CA_CERTS chroot "$rootfs" /usr/local/bin/node -e 'process.exit(0)'
  tar --numeric-owner -C "$rootfs" -c . | docker import "${changes[@]}" - "$name" >/dev/null
  rm -rf "$rootfs"
}

if docker image inspect "$base" >/dev/null 2>&1; then
  log "base image $base is here ($(docker image inspect --format '{{index .Config.Labels "org.firebreak.stand-in"}}' "$base"))"
elif timeout 120 docker pull -q "$base" >/dev/null 2>&1; then
  log "base image $base pulled"
else
  started=$(now)
  build_standin "$base"
  log "stand-in $base built in $(since "$started") s"
fi

# --- 4. the build ------------------------------------------------------------------------------------------
cache=()
if [ "${DOCKER_SMOKE_NO_CACHE:-0}" = 1 ]; then cache=(--no-cache); fi
log "docker build ${cache[*]:+${cache[*]} }-t $image . (log: $state/build.log)"
started=$(now)
if ! docker build "${cache[@]}" --network host -t "$image" . >"$state/build.log" 2>&1; then
  tail -30 "$state/build.log" >&2
  exit 1
fi
build_s=$(since "$started")
size_mb=$(docker image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f", $1 / 1000000 }')
base_mb=$(docker image inspect --format '{{.Size}}' "$base" | awk '{ printf "%.0f", $1 / 1000000 }')

echo "checks:"
config() { docker image inspect --format "$1" "$image"; }
check "the image runs as uid 1000, not root" test "$(config '{{.Config.User}}')" = "1000:1000"
check "its entrypoint is tini, the init that forwards signals" test "$(config '{{index .Config.Entrypoint 0}}')" = /usr/bin/tini
check "it has a HEALTHCHECK" test -n "$(config '{{if .Config.Healthcheck}}{{index .Config.Healthcheck.Test 0}}{{end}}')"
check "the final stage holds no dev dependency (typescript, vitest)" \
  docker run --rm --network host --entrypoint sh "$image" -c 'test ! -e node_modules/typescript && test ! -e node_modules/vitest && test -e node_modules/tsx'
check "the build ran the check stage's type-check (npx tsc --noEmit)" grep -q 'RUN npx tsc --noEmit' "$state/build.log"

# --- 5. run it as the chart does --------------------------------------------------------------------------------
psql "$admin_url" -qAtc "CREATE DATABASE $database" >/dev/null
database_url="${admin_url%/*}/$database"
secrets_dir=$(mktemp -d)
printf '%s' "$redis_url" >"$secrets_dir/REDIS_URL"
printf '%s' "$database_url" >"$secrets_dir/DATABASE_URL"
printf '%s' "smoke-$run_id" >"$secrets_dir/ALERTMANAGER_TOKEN"
chown -R 1000:1000 "$secrets_dir"
chmod 0500 "$secrets_dir"
chmod 0400 "$secrets_dir"/*
free_port() { node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }
api_port=$(free_port)
worker_port=$(free_port)

run_role() { # run_role NAME ROLE PORT
  docker run -d --name "$1" --network host --read-only --tmpfs /tmp:rw,nosuid,nodev,size=64m \
    --cap-drop ALL --security-opt no-new-privileges \
    -e HOST=127.0.0.1 -e PORT="$3" -e FIREBREAK_QUEUE_PREFIX="$prefix" -e LOG_LEVEL=info \
    -e REDIS_URL_FILE=/var/run/secrets/firebreak/REDIS_URL -e DATABASE_URL_FILE=/var/run/secrets/firebreak/DATABASE_URL \
    -e ALERTMANAGER_TOKEN_FILE=/var/run/secrets/firebreak/ALERTMANAGER_TOKEN \
    -v "$secrets_dir:/var/run/secrets/firebreak:ro" "$image" serve --role "$2" >/dev/null
}
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true; }
wait_ready() { # wait_ready URL SECONDS: prints the seconds it took, fails after SECONDS
  local url="$1" limit="$2" started
  started=$(now)
  while [ "$(status_of "$url")" != 200 ]; do
    if awk -v a="$started" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then return 1; fi
    sleep 0.1
  done
  since "$started"
}

# Migrations run once, by the first process to start; the second then starts on a migrated store.
run_role "$worker_name" worker "$worker_port"
worker_ready_s=$(wait_ready "http://127.0.0.1:$worker_port/readyz" 120) || worker_ready_s="never"
run_role "$api_name" api "$api_port"
api_ready_s=$(wait_ready "http://127.0.0.1:$api_port/readyz" 120) || api_ready_s="never"
check "the worker answers /readyz 200 (${worker_ready_s} s after docker run)" test "$worker_ready_s" != never
check "the api answers /readyz 200 (${api_ready_s} s after docker run)" test "$api_ready_s" != never
check "the api answers /healthz 200" test "$(status_of "http://127.0.0.1:$api_port/healthz")" = 200
check "the worker answers /healthz 200" test "$(status_of "http://127.0.0.1:$worker_port/healthz")" = 200
check "the process runs as uid 1000" test "$(docker exec "$api_name" id -u)" = 1000
check "PID 1 is tini, node its child" \
  test "$(docker exec "$api_name" sh -c 'tr "\0" " " </proc/1/cmdline')" = "/usr/bin/tini -- node src/cli/bin.mjs serve --role api "
check "the root filesystem is read-only" docker exec "$api_name" sh -c '! touch /app/written 2>/dev/null'
check "/tmp (the tmpfs the chart mounts) is writable" docker exec "$api_name" sh -c 'touch /tmp/written'

# An Alertmanager notification built from the shared fixture (its documented webhook schema).
fixtures=../shared/fixtures
[ -d "$fixtures/alertmanager" ] || fixtures=test/http/fixtures
body() { # body firing|resolved
  FIREBREAK_FIXTURES_DIR="$PWD/$fixtures" STATUS="$1" RUN_ID="$run_id" npx tsx "$state/body.mts" 2>/dev/null
}
cat >"$state/body.mts" <<'EOF'
const { alertmanagerBodyFromSchema } = await import('../../test/http/support/fixtures.ts');
const status = process.env.STATUS === 'resolved' ? 'resolved' : 'firing';
const alert = {
  status,
  labels: { alertname: 'DockerSmokeLatencyHigh', service: 'docker-smoke', severity: 'warning', instance: 'smoke-0:8080' },
  annotations: { summary: 'p95 latency above 2 s (docker-smoke)' },
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
  fingerprint: `smoke${process.env.RUN_ID}`.replace(/[^a-z0-9]/g, '').slice(0, 16),
};
console.log(JSON.stringify(alertmanagerBodyFromSchema({ status, alerts: [alert], groupKey: '{}:{alertname="DockerSmokeLatencyHigh"}' })));
EOF
post() { # post firing|resolved: prints the HTTP status
  body "$1" | curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST -H 'content-type: application/json' \
    -H "authorization: Bearer smoke-$run_id" --data-binary @- "http://127.0.0.1:$api_port/webhooks/alertmanager"
}
alert_state() { psql "$database_url" -qAtc "SELECT id, coalesce(suppressed, ''), held_until IS NOT NULL, status FROM alerts WHERE labels->>'alertname' = 'DockerSmokeLatencyHigh'"; }
wait_state() { # wait_state PATTERN SECONDS: waits until the alert's row matches
  for _ in $(seq 1 $(($2 * 5))); do
    if alert_state | grep -Eq "$1"; then return 0; fi
    sleep 0.2
  done
  return 1
}
started=$(now)
firing_status=$(post firing)
check "a firing Alertmanager notification is accepted ($firing_status)" test "${firing_status:0:1}" = 2
check "the worker triages it: held for a resolution (a rule never seen)" wait_state '\|\|t\|firing$' 60
triage_s=$(since "$started")
resolved_status=$(post resolved)
check "its resolution is accepted ($resolved_status)" test "${resolved_status:0:1}" = 2
check "the worker suppresses it as transient" wait_state '\|transient\|' 60
alert_id=$(alert_state | cut -d'|' -f1)
check "firebreak explain, inside the image, tells why" \
  sh -c "docker exec '$api_name' node src/cli/bin.mjs explain '$alert_id' | grep -q transient"
check "the api refuses a notification without its token (401)" \
  test "$(body firing | curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' --data-binary @- "http://127.0.0.1:$api_port/webhooks/alertmanager")" = 401

# The image's own HEALTHCHECK (every 30 s): Docker marks the container healthy after the first that passes.
health_started=$(now)
for _ in $(seq 1 450); do
  health=$(docker inspect --format '{{.State.Health.Status}}' "$api_name")
  [ "$health" = starting ] || break
  sleep 0.2
done
healthy_s=$(since "$health_started")
check "the HEALTHCHECK passes: docker reports the api $health" test "$health" = healthy
check "and the worker $(docker inspect --format '{{.State.Health.Status}}' "$worker_name")" \
  test "$(docker inspect --format '{{.State.Health.Status}}' "$worker_name")" = healthy

# docker stop sends SIGTERM to PID 1 (tini), which forwards it to node: the daemon drains and exits 0.
stop_role() { # stop_role NAME: prints the seconds docker stop took
  local started
  started=$(now)
  docker stop -t 30 "$1" >/dev/null
  since "$started"
}
api_stop_s=$(stop_role "$api_name")
worker_stop_s=$(stop_role "$worker_name")
check "docker stop: the api exits 0 in ${api_stop_s} s (limit 30 s)" \
  test "$(docker inspect --format '{{.State.ExitCode}} {{.State.OOMKilled}}' "$api_name")" = "0 false"
check "docker stop: the worker exits 0 in ${worker_stop_s} s (limit 30 s)" \
  test "$(docker inspect --format '{{.State.ExitCode}} {{.State.OOMKilled}}' "$worker_name")" = "0 false"
check "the worker logged its graceful shutdown" sh -c "docker logs '$worker_name' 2>&1 | grep -q 'shutting down'"

cat <<EOF
figures:
  engine            Docker $(docker version --format '{{.Server.Version}}'), $(docker info --format '{{.Driver}}'), base $base ($base_mb MB$(docker image inspect --format '{{with index .Config.Labels "org.firebreak.stand-in"}}, stand-in: {{.}}{{end}}' "$base"))
  image             $image: $size_mb MB ($((size_mb - base_mb)) MB over the base), built in $build_s s${cache[*]:+ (no cache)}, every stage
  start             worker ready in $worker_ready_s s, api ready in $api_ready_s s (docker run to /readyz 200)
  triage            firing alert posted to held in $triage_s s
  healthcheck       healthy $healthy_s s after the checks above (interval 30 s)
  stop              api $api_stop_s s, worker $worker_stop_s s (SIGTERM to exit)
docker-smoke: $passed passed, $failed failed
EOF
[ "$failed" = 0 ]
