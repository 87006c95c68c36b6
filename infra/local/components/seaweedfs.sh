# SeaweedFS: the S3-compatible object storage of the local stack. Sourced by infra/local/stack.
#
# One `weed mini` process runs master, volume server, filer, S3 gateway (with the embedded IAM
# API on the same port, writes enabled) and the admin server, all on 127.0.0.1 with sticky ports.
# WebDAV, the Iceberg catalog and the Lance namespace server are switched off; telemetry is off.
#
#   data          $GOVCLOUD_STATE/seaweedfs/data
#   secrets       $GOVCLOUD_STATE/seaweedfs/secrets.env   (admin S3 keys, admin UI password; 0600)
#   S3 identities $GOVCLOUD_STATE/seaweedfs/s3.json       (rendered from infra/local/seaweedfs/s3.json.tmpl)
#   security.toml $GOVCLOUD_STATE/seaweedfs/security.toml (filer JWT key, admin UI login; weed's cwd)
#   access log    $GOVCLOUD_STATE/seaweedfs/access-log.json (where weed sends its S3 access log)
#   log           $GOVCLOUD_STATE/logs/seaweedfs.log
#
# The admin identity is static (declared in s3.json, immutable through the IAM API). Identities
# that the console creates later (IAM CreateUser / CreateAccessKey / PutUserPolicy, signed with the
# admin keys, POST to S3_ENDPOINT) are stored in the filer and survive restarts.
# See docs/decisions/0003-seaweedfs-for-object-storage.md for what works and what does not.

SEAWEEDFS_WRAPPER_DIR="$INFRA_LOCAL_DIR/go/seaweedfs"
SEAWEEDFS_BIN="$GOVCLOUD_CACHE/seaweedfs/$SEAWEEDFS_VERSION/weed"
SEAWEEDFS_DIR="$GOVCLOUD_STATE/seaweedfs"
SEAWEEDFS_REGION=us-east-1

seaweedfs_build() {
  grep -Eq "^\s*github.com/seaweedfs/seaweedfs $SEAWEEDFS_VERSION( |$)" "$SEAWEEDFS_WRAPPER_DIR/go.mod" \
    || die "infra/local/go/seaweedfs/go.mod does not require seaweedfs $SEAWEEDFS_VERSION (versions.env); run: (cd $SEAWEEDFS_WRAPPER_DIR && go get github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION && go mod tidy)"
  go_build_cached seaweedfs "$SEAWEEDFS_VERSION" "$SEAWEEDFS_WRAPPER_DIR" github.com/seaweedfs/seaweedfs/weed "$SEAWEEDFS_BIN" \
    "-s -w -X github.com/seaweedfs/seaweedfs/weed/util/version.COMMIT=${SEAWEEDFS_VERSION##*-}"
}

# _seaweedfs_random LENGTH ALPHABET: a random string from the kernel's CSPRNG.
_seaweedfs_random() {
  python3 -c 'import secrets,sys; n=int(sys.argv[1]); a=sys.argv[2]; print("".join(secrets.choice(a) for _ in range(n)))' "$1" "$2"
}

# Generate the admin S3 keys and the admin UI password once per state folder; never in the repo.
_seaweedfs_secrets() {
  local file="$SEAWEEDFS_DIR/secrets.env"
  if [[ ! -s "$file" ]]; then
    log "seaweedfs: generating admin S3 keys and admin UI password in $file"
    (
      umask 077
      {
        echo "S3_ADMIN_ACCESS_KEY_ID=GCADMIN$(_seaweedfs_random 13 ABCDEFGHIJKLMNOPQRSTUVWXYZ234567)"
        echo "S3_ADMIN_SECRET_ACCESS_KEY=$(_seaweedfs_random 40 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789)"
        echo "SEAWEEDFS_ADMIN_PASSWORD=$(_seaweedfs_random 24 abcdefghijkmnopqrstuvwxyz23456789)"
        echo "SEAWEEDFS_FILER_JWT_KEY=$(_seaweedfs_random 48 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789)"
      } >"$file.tmp"
      mv "$file.tmp" "$file"
    )
  fi
  # shellcheck source=/dev/null
  source "$file"
  if [[ -z "${SEAWEEDFS_FILER_JWT_KEY:-}" ]]; then  # state folders from before the key existed
    SEAWEEDFS_FILER_JWT_KEY="$(_seaweedfs_random 48 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789)"
    echo "SEAWEEDFS_FILER_JWT_KEY=$SEAWEEDFS_FILER_JWT_KEY" >>"$file"
  fi
}

# Render the static S3 identity file (admin only) and security.toml from their templates,
# readable by the owner only.
_seaweedfs_render_config() {
  (
    umask 077
    sed -e "s|@ADMIN_ACCESS_KEY_ID@|$S3_ADMIN_ACCESS_KEY_ID|" \
        -e "s|@ADMIN_SECRET_ACCESS_KEY@|$S3_ADMIN_SECRET_ACCESS_KEY|" \
        "$INFRA_LOCAL_DIR/seaweedfs/s3.json.tmpl" >"$SEAWEEDFS_DIR/s3.json.tmp"
    mv "$SEAWEEDFS_DIR/s3.json.tmp" "$SEAWEEDFS_DIR/s3.json"
    sed -e "s|@FILER_JWT_KEY@|$SEAWEEDFS_FILER_JWT_KEY|" -e "s|@ADMIN_PASSWORD@|$SEAWEEDFS_ADMIN_PASSWORD|" \
        "$INFRA_LOCAL_DIR/seaweedfs/security.toml.tmpl" >"$SEAWEEDFS_DIR/security.toml.tmp"
    mv "$SEAWEEDFS_DIR/security.toml.tmp" "$SEAWEEDFS_DIR/security.toml"
  )
}

_seaweedfs_ports() {
  SW_MASTER_PORT=$(sticky_port seaweedfs-master)
  SW_MASTER_GRPC_PORT=$(sticky_port seaweedfs-master-grpc)
  SW_VOLUME_PORT=$(sticky_port seaweedfs-volume)
  SW_VOLUME_GRPC_PORT=$(sticky_port seaweedfs-volume-grpc)
  SW_FILER_PORT=$(sticky_port seaweedfs-filer)
  SW_FILER_GRPC_PORT=$(sticky_port seaweedfs-filer-grpc)
  SW_S3_PORT=$(sticky_port seaweedfs-s3)
  SW_S3_GRPC_PORT=$(sticky_port seaweedfs-s3-grpc)
  SW_ADMIN_PORT=$(sticky_port seaweedfs-admin)
  SW_ADMIN_GRPC_PORT=$(sticky_port seaweedfs-admin-grpc)
  SW_METRICS_PORT=$(sticky_port seaweedfs-metrics)
  # Not weed's: the provisioning worker listens here for weed's S3 access log (S3_ACCESS_LOG_PORT).
  SW_ACCESS_LOG_PORT=$(sticky_port s3-access-log)
}

# The S3 gateway's access log goes to the provisioning worker over the fluent forward protocol
# (weed/s3api/s3err/audit_fluent.go reads this file once, as fluent-logger-golang's Config; durations
# in nanoseconds, retry waits in ms). weed's client is asynchronous: it connects at the first entry
# and, while nobody listens, retries 13 times with backoff before dropping that entry and trying
# with the next, holding up to buffer_limit entries meanwhile, so weed may start before the worker.
# max_retry_wait 5 s (the library's 60 s let its waits grow to 28.5 s): a worker that starts is
# reached within 5 s, and an entry is dropped after about 34.5 s without one. request_ack: an entry
# counts as sent once the worker acknowledged it, so one written into a connection the worker
# closed is sent again; read_timeout bounds the wait for that.
# Prints "changed" when the file is new or differs (weed reads it only when it starts).
_seaweedfs_access_log_config() {
  local file="$SEAWEEDFS_DIR/access-log.json"
  printf '{"fluent_network":"tcp","fluent_host":"127.0.0.1","fluent_port":%s,"request_ack":true,"max_retry_wait":5000,"timeout":3000000000,"read_timeout":10000000000,"write_timeout":10000000000,"buffer_limit":16384}\n' \
    "$SW_ACCESS_LOG_PORT" >"$file.tmp"
  if cmp -s "$file.tmp" "$file"; then rm -f "$file.tmp"; else mv "$file.tmp" "$file"; echo changed; fi
}

_seaweedfs_healthy() {
  curl -sf -o /dev/null "http://127.0.0.1:$SW_S3_PORT/healthz" \
    && curl -sf -o /dev/null "http://127.0.0.1:$SW_FILER_PORT/healthz" \
    && curl -sf -o /dev/null "http://127.0.0.1:$SW_MASTER_PORT/healthz" \
    && curl -sf -o /dev/null "http://127.0.0.1:$SW_METRICS_PORT/metrics" \
    && curl -sf -o /dev/null "http://127.0.0.1:$SW_ADMIN_PORT/health"
}

seaweedfs_up() {
  seaweedfs_build
  mkdir -p "$SEAWEEDFS_DIR/data"
  _seaweedfs_secrets
  _seaweedfs_render_config
  _seaweedfs_ports
  local access_log_changed
  access_log_changed="$(_seaweedfs_access_log_config)"

  # -ip/-ip.bind keep every listener on loopback. weed runs in the state folder: it reads the
  # rendered ./security.toml there, and no stray security.toml/filer.toml from the caller's
  # directory. A 64 MiB volume size (mini's default here would be 1 GiB) gives ~1000 volume
  # slots on a dev disk: every bucket is a SeaweedFS collection and takes at least one.
  # -s3.iam.selfServiceRequiresGrant: without it any identity may make, list and delete its own
  # access keys through the IAM API, so a project's key could mint keys the console never sees
  # (not listed, not audited, alive after every listed key is revoked); with it that needs an
  # iam: grant, which project identities never get (decision 0032, tests/integration/tenancy).
  local weed=("$SEAWEEDFS_BIN" mini
    -dir="$SEAWEEDFS_DIR/data"
    -ip=127.0.0.1 -ip.bind=127.0.0.1
    -master.port="$SW_MASTER_PORT" -master.port.grpc="$SW_MASTER_GRPC_PORT"
    -master.telemetry=false -master.volumeSizeLimitMB=64
    -volume.port="$SW_VOLUME_PORT" -volume.port.grpc="$SW_VOLUME_GRPC_PORT"
    -filer.port="$SW_FILER_PORT" -filer.port.grpc="$SW_FILER_GRPC_PORT"
    -s3.port="$SW_S3_PORT" -s3.port.grpc="$SW_S3_GRPC_PORT"
    -s3.port.iceberg=0 -s3.port.lance=0
    -s3.config="$SEAWEEDFS_DIR/s3.json"
    -s3.iam=true -s3.iam.readOnly=false -s3.iam.selfServiceRequiresGrant=true
    -s3.autoCreateBucket=false
    -s3.auditLogConfig="$SEAWEEDFS_DIR/access-log.json"
    -webdav=false
    -admin.port="$SW_ADMIN_PORT" -admin.port.grpc="$SW_ADMIN_GRPC_PORT" -admin.port.legacy=0
    -admin.dataDir="$SEAWEEDFS_DIR/admin"
    -metricsPort="$SW_METRICS_PORT" -metricsIp=127.0.0.1)
  # A running weed with other settings is restarted with these (its data stays), so a machine whose
  # stack an older checkout started gets them from `stack up`; one already running with them is left.
  if runs_otherwise seaweedfs "${weed[@]}"; then
    log "seaweedfs runs with other settings than these: restarting it"
    stop_daemon seaweedfs
  elif [[ -n "$access_log_changed" ]] && is_running seaweedfs; then
    log "seaweedfs: the access log's settings changed: restarting it"
    stop_daemon seaweedfs
  fi
  start_daemon seaweedfs env -C "$SEAWEEDFS_DIR" "${weed[@]}"

  wait_for "seaweedfs" 120 _seaweedfs_healthy

  local s3="http://127.0.0.1:$SW_S3_PORT"
  write_env seaweedfs <<EOF
S3_ENDPOINT=$s3
S3_REGION=$SEAWEEDFS_REGION
S3_FORCE_PATH_STYLE=true
S3_ADMIN_ACCESS_KEY_ID=$S3_ADMIN_ACCESS_KEY_ID
S3_ADMIN_SECRET_ACCESS_KEY=$S3_ADMIN_SECRET_ACCESS_KEY
SEAWEEDFS_IAM_URL=$s3
SEAWEEDFS_MASTER_URL=http://127.0.0.1:$SW_MASTER_PORT
SEAWEEDFS_MASTER_ADDRESS=127.0.0.1:$SW_MASTER_PORT.$SW_MASTER_GRPC_PORT
SEAWEEDFS_FILER_URL=http://127.0.0.1:$SW_FILER_PORT
SEAWEEDFS_FILER_ADDRESS=127.0.0.1:$SW_FILER_PORT.$SW_FILER_GRPC_PORT
SEAWEEDFS_VOLUME_URL=http://127.0.0.1:$SW_VOLUME_PORT
SEAWEEDFS_METRICS_URL=http://127.0.0.1:$SW_METRICS_PORT/metrics
SEAWEEDFS_ADMIN_URL=http://127.0.0.1:$SW_ADMIN_PORT
SEAWEEDFS_ADMIN_USER=admin
SEAWEEDFS_ADMIN_PASSWORD=$SEAWEEDFS_ADMIN_PASSWORD
SEAWEEDFS_WEED_BIN=$SEAWEEDFS_BIN
SEAWEEDFS_STATE_DIR=$SEAWEEDFS_DIR
SEAWEEDFS_DATA_DIR=$SEAWEEDFS_DIR/data
S3_ACCESS_LOG_PORT=$SW_ACCESS_LOG_PORT
EOF
}

seaweedfs_down() {
  stop_daemon seaweedfs
}

seaweedfs_status() {
  is_running seaweedfs || { echo stopped; return 1; }
  _seaweedfs_ports
  if _seaweedfs_healthy; then
    echo "running (pid $(cat "$GOVCLOUD_STATE/run/seaweedfs.pid"), S3 http://127.0.0.1:$SW_S3_PORT)"
  else
    echo "unhealthy (pid $(cat "$GOVCLOUD_STATE/run/seaweedfs.pid"), see $GOVCLOUD_STATE/logs/seaweedfs.log)"
    return 1
  fi
}
