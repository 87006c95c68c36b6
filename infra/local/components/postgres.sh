# PostgreSQL from Debian's packages: a private cluster in the state folder on a sticky port.
# When DATABASE_URL is already set (CI with a managed database, say), nothing is started; that
# database then also needs DATABASE_OWNER_URL (and DATABASE_ADMIN_URL for the tests).
#
# Three roles (docs/decisions/0033-database-roles.md):
#   govcloud        the cluster's bootstrap superuser: creates databases and roles (the stack, tests)
#   govcloud_owner  owns the databases and every object in them: migrations run as it
#   govcloud_app    the console (web and workers): rows only, no DDL, append-only tables INSERT/SELECT
# The two console roles sign in with passwords generated once per cluster ($PG_ROOT/roles.env, 0600);
# the superuser keeps loopback trust, for the stack itself.

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
PG_ROLES_FILE="$PG_ROOT/roles.env"
PG_OWNER_ROLE=govcloud_owner
PG_APP_ROLE=govcloud_app

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
  _postgres_roles "$port"
  for db in govcloud govcloud_test; do
    _postgres_psql "$port" postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 \
      || "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U govcloud -O "$PG_OWNER_ROLE" "$db"
    _postgres_adopt "$port" "$db"
  done
  write_env postgres <<ENV
DATABASE_URL=postgresql://$PG_APP_ROLE:$PG_APP_PASSWORD@127.0.0.1:$port/govcloud
DATABASE_OWNER_URL=postgresql://$PG_OWNER_ROLE:$PG_OWNER_PASSWORD@127.0.0.1:$port/govcloud
DATABASE_ADMIN_URL=postgresql://govcloud@127.0.0.1:$port/postgres
ENV
}

_postgres_psql() { local port="$1" db="$2"; shift 2; "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U govcloud -d "$db" "$@"; }

# The owner and app roles with their passwords (made once, kept in $PG_ROLES_FILE), and the
# pg_hba.conf lines that make those two roles give their password over TCP.
_postgres_roles() {
  local port="$1"
  if [[ ! -s "$PG_ROLES_FILE" ]]; then
    (umask 077 && printf 'PG_OWNER_PASSWORD=%s\nPG_APP_PASSWORD=%s\n' "$(openssl rand -hex 24)" "$(openssl rand -hex 24)" >"$PG_ROLES_FILE")
  fi
  # shellcheck source=/dev/null
  source "$PG_ROLES_FILE"
  _postgres_psql "$port" postgres -v owner_password="$PG_OWNER_PASSWORD" -v app_password="$PG_APP_PASSWORD" <<SQL
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['$PG_OWNER_ROLE', '$PG_APP_ROLE']) r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \\gexec
ALTER ROLE $PG_OWNER_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION PASSWORD :'owner_password';
ALTER ROLE $PG_APP_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION PASSWORD :'app_password';
SQL
  local hba="$PG_DATA/pg_hba.conf" marker="# govcloud: the console's roles give their password"
  if ! grep -qF "$marker" "$hba"; then
    # First match wins: these lines go above the initdb's "trust" ones.
    printf '%s\nhost all %s,%s 127.0.0.1/32 scram-sha-256\nhost all %s,%s ::1/128 scram-sha-256\n' \
      "$marker" "$PG_OWNER_ROLE" "$PG_APP_ROLE" "$PG_OWNER_ROLE" "$PG_APP_ROLE" | cat - "$hba" >"$hba.new"
    pg_as cp "$hba.new" "$hba" && rm -f "$hba.new"
    _postgres_psql "$port" postgres -tAc 'select pg_reload_conf()' >/dev/null
  fi
}

# A database migrated before the roles existed belongs to the superuser: hand it and everything
# in it to the owner role, so that migrations (run as the owner) can change it. A no-op after that.
_postgres_adopt() {
  local port="$1" db="$2"
  _postgres_psql "$port" "$db" <<SQL
ALTER DATABASE "$db" OWNER TO $PG_OWNER_ROLE;
SELECT format('ALTER TABLE %s OWNER TO $PG_OWNER_ROLE', c.oid::regclass) FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relowner <> '$PG_OWNER_ROLE'::regrole \\gexec
SELECT format('ALTER SEQUENCE %s OWNER TO $PG_OWNER_ROLE', c.oid::regclass) FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> '$PG_OWNER_ROLE'::regrole \\gexec
SELECT format('ALTER TYPE %s OWNER TO $PG_OWNER_ROLE', t.oid::regtype) FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = 'public' AND t.typtype = 'e' AND t.typowner <> '$PG_OWNER_ROLE'::regrole \\gexec
SELECT format('ALTER FUNCTION %s OWNER TO $PG_OWNER_ROLE', p.oid::regprocedure) FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND p.proowner <> '$PG_OWNER_ROLE'::regrole \\gexec
SQL
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
