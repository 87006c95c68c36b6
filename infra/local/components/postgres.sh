# PostgreSQL from Debian's packages: a private cluster in the state folder on a sticky port.
# When DATABASE_URL is already set (CI with a managed database, say), nothing is started.

PG_BIN="/usr/lib/postgresql/${POSTGRES_MAJOR}/bin"
# initdb and postgres refuse to run as root. As root the cluster belongs to the 'postgres' system
# user, which cannot enter /root, so its folder then lives under /var/lib (one per state folder).
if [[ $(id -u) -eq 0 ]]; then
  PG_ROOT="/var/lib/govcloud-local/postgres-$(printf '%s' "$GOVCLOUD_STATE" | sha1sum | cut -c1-10)"
else
  PG_ROOT="$GOVCLOUD_STATE/postgres"
fi
PG_DATA="$PG_ROOT/data"
PG_LOG="$PG_ROOT/postgres.log"

postgres_build() {
  if [[ -x "$PG_BIN/postgres" ]]; then return 0; fi
  log "installing postgresql-${POSTGRES_MAJOR} from Debian"
  local sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "postgresql-${POSTGRES_MAJOR}" >/dev/null
}

postgres_up() {
  if [[ -n "${DATABASE_URL:-}" ]]; then log "DATABASE_URL is set; using that database"; return 0; fi
  postgres_build
  local port; port="$(sticky_port postgres)"
  if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
    log "creating a PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    # initdb refuses to run as root; the cluster then belongs to the 'postgres' system user.
    if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$PG_ROOT"; fi
    pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U govcloud --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
fsync = on
CONF
  fi
  if ! pg_isready_here "$port"; then
    # 9>&-: the server must not inherit the stack's per-component lock, or the next `stack` call waits forever.
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -o "-p $port" -l "$PG_LOG" -w start >/dev/null 9>&-
    ln -sf "$PG_LOG" "$GOVCLOUD_STATE/logs/postgres.log"
  fi
  wait_for "postgres" 30 pg_isready_here "$port"
  for db in govcloud govcloud_test; do
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U govcloud -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 \
      || "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U govcloud "$db"
  done
  write_env postgres <<ENV
DATABASE_URL=postgresql://govcloud@127.0.0.1:$port/govcloud
TEST_DATABASE_URL=postgresql://govcloud@127.0.0.1:$port/govcloud_test
ENV
}

postgres_down() {
  [[ -s "$PG_DATA/PG_VERSION" ]] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
}

# Called by `stack reset`: the cluster may live outside the state folder (see PG_ROOT).
postgres_reset() { postgres_down; rm -rf "$PG_ROOT"; }

postgres_status() {
  local port; port="$(cat "$GOVCLOUD_STATE/run/postgres.port" 2>/dev/null)" || { echo stopped; return; }
  if pg_isready_here "$port"; then echo "running on 127.0.0.1:$port"; else echo stopped; fi
}

pg_isready_here() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1"; }
pg_as() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
