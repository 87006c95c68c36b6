# Shared helpers for infra/local/stack and its components. Sourced, never run.
# Layout (all outside the repository):
#   GOVCLOUD_CACHE  builds and downloads, keyed by version   (default ~/.cache/govcloud)
#   GOVCLOUD_STATE  data, logs, pids, certificates, env file (default ~/.local/state/govcloud)
set -euo pipefail

INFRA_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_LOCAL_DIR/../.." && pwd)"
# shellcheck source=versions.env
source "$INFRA_LOCAL_DIR/versions.env"

GOVCLOUD_CACHE="${GOVCLOUD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/govcloud}"
GOVCLOUD_STATE="${GOVCLOUD_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/govcloud}"
export GOVCLOUD_CACHE GOVCLOUD_STATE
mkdir -p "$GOVCLOUD_CACHE" "$GOVCLOUD_STATE/logs" "$GOVCLOUD_STATE/run" "$GOVCLOUD_STATE/env.d"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

# free_port: ask the kernel for an unused TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# sticky_port NAME: a free port chosen once per state folder and reused, so URLs stay stable.
sticky_port() {
  local name="$1" file="$GOVCLOUD_STATE/run/$1.port"
  if [[ ! -s "$file" ]]; then free_port >"$file"; fi
  cat "$file"
}

# start_daemon NAME CMD...: start CMD in the background, log to logs/NAME.log, pid in run/NAME.pid.
start_daemon() {
  local name="$1"; shift
  if is_running "$name"; then log "$name already running (pid $(cat "$GOVCLOUD_STATE/run/$name.pid"))"; return 0; fi
  log "starting $name"
  # 9>&-: never pass on the stack's per-component flock (fd 9), or the daemon would hold it forever.
  nohup setsid "$@" >>"$GOVCLOUD_STATE/logs/$name.log" 2>&1 </dev/null 9>&- &
  local pid=$!
  echo "$pid" >"$GOVCLOUD_STATE/run/$name.pid"
  process_start_time "$pid" >"$GOVCLOUD_STATE/run/$name.started"
}

# process_start_time PID: when PID started, in clock ticks since boot (field 22 of /proc/PID/stat;
# the fields after the command's name, which may hold spaces and parentheses).
process_start_time() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $stat
  echo "${20}"
}

# is_running NAME: true only when the process the pid file names is the one this stack started.
# A pid alone is not enough: the state folder outlives the machine's processes (CI restores it
# from its cache), and on a new boot a stale pid may name any process, the test run itself
# included, which stop_daemon would then kill.
is_running() {
  local pidfile="$GOVCLOUD_STATE/run/$1.pid" startfile="$GOVCLOUD_STATE/run/$1.started" pid
  [[ -s "$pidfile" && -s "$startfile" ]] || return 1
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null && [[ "$(process_start_time "$pid")" == "$(cat "$startfile")" ]]
}

# dev_targets_file DIR PID: where the `npm run dev` run PID (infra/local/dev) names its processes'
# /metrics to the local VictoriaMetrics: dev-<pid>-<start time>.json in the store's targets folder.
# The run removes it when it stops; one killed without running its exit trap (SIGKILL, a crash)
# leaves it, and the store would scrape dead ports and report them down: the name says whose it is.
dev_targets_file() {
  echo "$1/dev-$2-$(process_start_time "$2").json"
}

# prune_dev_targets DIR: removes the targets files of dev runs that are gone (their pid ended, or
# now names another process, started at another time), and the dev.json of older checkouts, which
# names no run. Run by `stack up victoriametrics` and by each dev run before it writes its own.
prune_dev_targets() {
  local file name
  for file in "$1"/dev-*.json "$1/dev.json"; do
    [[ -e "$file" ]] || continue
    name="${file##*/}"
    if [[ "$name" =~ ^dev-([0-9]+)-([0-9]+)\.json$ ]] \
      && [[ "$(process_start_time "${BASH_REMATCH[1]}" || true)" == "${BASH_REMATCH[2]}" ]]; then
      continue
    fi
    log "removing $file: the npm run dev that wrote it is gone"
    rm -f "$file"
  done
}

# runs_otherwise NAME CMD...: true when NAME runs with another command line than CMD (started by an
# older checkout, or with other flags): its component restarts it with these.
runs_otherwise() {
  local name="$1"; shift
  is_running "$name" || return 1
  [[ "$(tr '\0' '\n' <"/proc/$(cat "$GOVCLOUD_STATE/run/$name.pid")/cmdline")" != "$(printf '%s\n' "$@")" ]]
}

# stop_daemon NAME: TERM the process group, wait up to 20 s, then KILL.
stop_daemon() {
  local name="$1" pidfile="$GOVCLOUD_STATE/run/$1.pid" pid
  [[ -s "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if is_running "$name"; then
    log "stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$GOVCLOUD_STATE/run/$name.started"
}

# wait_for DESCRIPTION SECONDS CMD...: retry CMD until it succeeds or time runs out.
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what not ready after ${secs}s (see $GOVCLOUD_STATE/logs)"
    sleep 0.5
  done
}

# write_env COMPONENT <<'EOF' KEY=value lines: what the console and tests need to reach it.
# The files hold secrets (keys, passwords): readable by their owner only.
# Written whole, then renamed into place: tests read env.d while another test project's global
# setup runs `stack up` again, and a file truncated and half rewritten read as a missing setting.
write_env() {
  local file="$GOVCLOUD_STATE/env.d/$1.env"
  (umask 077; cat >"$file.$$.tmp") && mv -f "$file.$$.tmp" "$file"
}

# go_build_cached NAME KEY DIR PKG OUT [LDFLAGS]: build once per KEY into the cache.
go_build_cached() {
  local name="$1" key="$2" dir="$3" pkg="$4" out="$5" ldflags="${6:-}"
  if [[ -x "$out" ]]; then return 0; fi
  log "building $name ($key); the first build takes minutes, later starts reuse $out"
  mkdir -p "$(dirname "$out")"
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$out.tmp" "$pkg")
  mv "$out.tmp" "$out"
}

# The stack's own CA ($GOVCLOUD_STATE/pki): made once with openssl and kept across restarts; it
# signs the TLS certificates of components that others reach over HTTPS (Keycloak's HTTPS
# listener, which the API server trusts: docs/decisions/0012). Private keys are mode 600 and never
# leave the state folder. Components that start side by side share it, so it is made under a lock.
STACK_PKI="$GOVCLOUD_STATE/pki"
STACK_CA_FILE="$STACK_PKI/ca.crt"

stack_ca() {
  mkdir -p "$STACK_PKI"; chmod 700 "$STACK_PKI"
  (
    flock 8
    [[ -s "$STACK_PKI/ca.crt" && -s "$STACK_PKI/ca.key" ]] && exit 0
    log "creating the local stack CA in $STACK_PKI"
    (umask 077; openssl genrsa -out "$STACK_PKI/ca.key.tmp" 2048 2>/dev/null)
    openssl req -x509 -new -key "$STACK_PKI/ca.key.tmp" -sha256 -days 3650 -subj "/CN=govcloud-local-stack-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -out "$STACK_PKI/ca.crt.tmp"
    mv "$STACK_PKI/ca.key.tmp" "$STACK_PKI/ca.key"
    mv "$STACK_PKI/ca.crt.tmp" "$STACK_PKI/ca.crt"
  ) 8>"$STACK_PKI/.lock"
}

# stack_server_cert NAME: $STACK_PKI/NAME.{crt,key}, a serving certificate for 127.0.0.1 and
# localhost signed by the stack CA (2 years), made once.
stack_server_cert() {
  local name="$1"
  stack_ca
  (
    flock 8
    [[ -s "$STACK_PKI/$name.crt" && -s "$STACK_PKI/$name.key" ]] && exit 0
    (umask 077; openssl genrsa -out "$STACK_PKI/$name.key" 2048 2>/dev/null)
    openssl req -new -key "$STACK_PKI/$name.key" -subj "/CN=$name" -out "$STACK_PKI/$name.csr"
    openssl x509 -req -in "$STACK_PKI/$name.csr" -CA "$STACK_PKI/ca.crt" -CAkey "$STACK_PKI/ca.key" \
      -CAcreateserial -days 730 -sha256 -out "$STACK_PKI/$name.crt.tmp" 2>/dev/null -extfile <(printf '%s\n' \
      'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
      'extendedKeyUsage=serverAuth' 'subjectAltName=IP:127.0.0.1,DNS:localhost')
    rm -f "$STACK_PKI/$name.csr"
    mv "$STACK_PKI/$name.crt.tmp" "$STACK_PKI/$name.crt"
  ) 8>"$STACK_PKI/.lock"
}
