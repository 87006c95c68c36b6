# Keycloak from Maven Central (org.keycloak:keycloak-quarkus-dist, zip), run with `start-dev` on
# 127.0.0.1, with the project's own realm from infra/keycloak/ (see docs/decisions/0004) applied
# through the admin API once the server answers: on a fresh server, and again whenever the realm
# file changed, on a server that keeps running (`stack up keycloak` is idempotent; decision 0028).
#
# Layout:
#   $GOVCLOUD_CACHE/downloads/keycloak-quarkus-dist-<v>.zip   the verified download
#   $GOVCLOUD_CACHE/keycloak-<v>/                              the unpacked distribution (shared;
#                                                              its lib/quarkus holds the dev-mode
#                                                              build made by the first start)
#   $GOVCLOUD_STATE/keycloak/home/                             Keycloak's home for this state folder:
#       bin conf lib providers themes -> the cache             (symlinks)
#       data/h2, data/transaction-logs                        the database
#   $GOVCLOUD_STATE/keycloak/secrets.env                       generated admin password and client
#                                                              secrets (mode 600, never in the repo)
#   $GOVCLOUD_STATE/keycloak/realm.sha256                      hash of the realm file last applied
#   $GOVCLOUD_STATE/pki/keycloak.{crt,key}                     the HTTPS listener's certificate, signed
#                                                              by the stack CA (lib.sh, decision 0012)

KC_DIST="$GOVCLOUD_CACHE/keycloak-$KEYCLOAK_VERSION"
KC_STATE="$GOVCLOUD_STATE/keycloak"
KC_HOME="$KC_STATE/home"
KC_SECRETS="$KC_STATE/secrets.env"
KC_REALM_SRC="$REPO_ROOT/infra/keycloak"
KC_REALM=govcloud
KC_HEAP="${KEYCLOAK_HEAP:--Xms64m -Xmx512m}"
# C1 only: a local server on a busy 2-core machine starts 2-3x faster without C2 compiling in the
# background (measured 16 s against 44 s); its peak throughput does not matter here.
KC_JAVA_APPEND="${KEYCLOAK_JAVA_OPTS_APPEND--XX:TieredStopAtLevel=1}"   # set it empty for C2
KC_START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-420}"
MAVEN_CENTRAL="${MAVEN_CENTRAL_URL:-https://repo1.maven.org/maven2}"

keycloak_build() {
  [[ -x "$KEYCLOAK_JAVA_HOME/bin/java" ]] \
    || die "keycloak: no Java at KEYCLOAK_JAVA_HOME=$KEYCLOAK_JAVA_HOME (Keycloak 26 needs Java 21+; see infra/local/versions.env)"
  if [[ -f "$KC_DIST/.govcloud-unpacked" ]]; then return 0; fi

  local name="keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  local url="$MAVEN_CENTRAL/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/$name"
  local zip="$GOVCLOUD_CACHE/downloads/$name"
  mkdir -p "$GOVCLOUD_CACHE/downloads"

  if [[ -s "$zip" ]] && keycloak_verify "$zip" "$url"; then
    log "keycloak: reusing verified $zip"
  else
    log "keycloak: downloading $name from Maven Central"
    curl -fsSL --retry 3 --retry-delay 2 -o "$zip.part" "$url" || die "keycloak: download of $url failed"
    keycloak_verify "$zip.part" "$url" || { rm -f "$zip.part"; die "keycloak: checksum of $name does not match"; }
    mv "$zip.part" "$zip"
  fi

  log "keycloak: unpacking into $KC_DIST"
  local tmp="$GOVCLOUD_CACHE/.keycloak-$KEYCLOAK_VERSION.unpack.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  unzip -q "$zip" -d "$tmp"
  [[ -x "$tmp/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]] || { rm -rf "$tmp"; die "keycloak: $name has no keycloak-$KEYCLOAK_VERSION/bin/kc.sh"; }
  rm -rf "$KC_DIST"
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KC_DIST"
  rm -rf "$tmp"
  touch "$KC_DIST/.govcloud-unpacked"
  # `kc.sh build` only builds for production mode; start-dev builds its own dev-mode image into
  # $KC_DIST/lib/quarkus on the first start (about 40 s) and reuses it afterwards.
}

# keycloak_verify FILE URL: compare FILE with the .sha1 (and .sha512 when served) that the same
# repository publishes beside the artifact.
keycloak_verify() {
  local file="$1" url="$2" want got
  want="$(curl -fsSL --retry 3 "$url.sha1" | awk '{print $1}')" || return 1
  [[ "$want" =~ ^[0-9a-f]{40}$ ]] || { log "keycloak: no usable .sha1 at $url.sha1"; return 1; }
  got="$(sha1sum "$file" | awk '{print $1}')"
  [[ "$got" == "$want" ]] || { log "keycloak: sha1 mismatch ($got, expected $want)"; return 1; }
  if want="$(curl -fsSL "$url.sha512" 2>/dev/null | awk '{print $1}')" && [[ "$want" =~ ^[0-9a-f]{128}$ ]]; then
    got="$(sha512sum "$file" | awk '{print $1}')"
    [[ "$got" == "$want" ]] || { log "keycloak: sha512 mismatch"; return 1; }
  fi
  return 0
}

# Generated once per state folder; keycloak_apply_realm substitutes the client secrets into the realm.
keycloak_secrets() {
  if [[ ! -s "$KC_SECRETS" ]]; then
    if [[ -d "$KC_HOME/data/h2" ]]; then
      log "keycloak: secrets file missing but a database exists; recreating the database"
      rm -rf "$KC_HOME/data/h2" "$KC_STATE/realm.sha256"
    fi
    mkdir -p "$KC_STATE"
    (
      umask 077
      cat >"$KC_SECRETS" <<SECRETS
KEYCLOAK_ADMIN_USER=admin
KEYCLOAK_ADMIN_PASSWORD=$(keycloak_random)
GOVCLOUD_CONSOLE_CLIENT_SECRET=$(keycloak_random)
GOVCLOUD_AUTOMATION_CLIENT_SECRET=$(keycloak_random)
SECRETS
    )
  fi
  # A client added to the realm later gets its secret in an existing state folder too (the others
  # stay as they were, so running consoles keep theirs).
  if ! grep -q '^GOVCLOUD_WORKFLOW_CLIENT_SECRET=' "$KC_SECRETS"; then
    echo "GOVCLOUD_WORKFLOW_CLIENT_SECRET=$(keycloak_random)" >>"$KC_SECRETS"
  fi
  # shellcheck source=/dev/null
  source "$KC_SECRETS"
}

keycloak_random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40; }

keycloak_realm_hash() { cat "$KC_REALM_SRC"/*-realm.json | sha256sum | awk '{print $1}'; }

# Prepare this state folder's Keycloak home: links to the cached distribution.
keycloak_home() {
  mkdir -p "$KC_HOME/data"
  local entry
  for entry in bin conf lib providers themes version.txt; do ln -sfn "$KC_DIST/$entry" "$KC_HOME/$entry"; done
  rm -rf "$KC_HOME/data/import" # realms were imported at start-up by older versions of this script
}

# keycloak_admin_token PORT: an access token of the master realm's bootstrap administrator.
keycloak_admin_token() {
  curl -fsS --max-time 20 "http://127.0.0.1:$1/realms/master/protocol/openid-connect/token" \
    --data-urlencode grant_type=password --data-urlencode client_id=admin-cli \
    --data-urlencode "username=$KEYCLOAK_ADMIN_USER" --data-urlencode "password=$KEYCLOAK_ADMIN_PASSWORD" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# keycloak_applied_hash PORT TOKEN: the realm file hash the running realm was created from (a realm
# attribute this script sets), or nothing when the realm is missing or came from elsewhere.
keycloak_applied_hash() {
  curl -fsS --max-time 10 -H "Authorization: Bearer $2" "http://127.0.0.1:$1/admin/realms/$KC_REALM" 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin).get("attributes", {}).get("govcloudRealmSha256", ""))' \
    2>/dev/null || true
}

# keycloak_apply_realm PORT: make the running server hold exactly the realm in infra/keycloak, with
# this state folder's client secrets. Nothing happens when the realm was created from this very
# file (its hash is kept in the realm itself, so a checkout with another realm file cannot make the
# next `up` think otherwise); otherwise the realm is deleted and created anew from the file, in a
# few seconds and without a restart (Keycloak sessions end; users keep the ids the file gives them).
# Keycloak's own start-up import would skip a realm that already exists.
keycloak_apply_realm() {
  local port="$1" want token realm status
  want="$(keycloak_realm_hash)"
  token="$(keycloak_admin_token "$port")" || die "keycloak: the bootstrap administrator cannot sign in (secrets: $KC_SECRETS)"
  [[ "$(keycloak_applied_hash "$port" "$token")" == "$want" ]] && return 0
  log "keycloak: applying infra/keycloak/$KC_REALM-realm.json through the admin API"
  realm="$(mktemp)"
  # The client secrets go in here, never into the repository's file (mode 600 while it exists).
  chmod 600 "$realm"
  GOVCLOUD_CONSOLE_CLIENT_SECRET="$GOVCLOUD_CONSOLE_CLIENT_SECRET" \
    GOVCLOUD_AUTOMATION_CLIENT_SECRET="$GOVCLOUD_AUTOMATION_CLIENT_SECRET" \
    GOVCLOUD_WORKFLOW_CLIENT_SECRET="$GOVCLOUD_WORKFLOW_CLIENT_SECRET" REALM_SHA256="$want" \
    python3 - "$KC_REALM_SRC/$KC_REALM-realm.json" >"$realm" <<'PY'
import json, os, sys
text = open(sys.argv[1], encoding='utf-8').read()
for name in ('GOVCLOUD_CONSOLE_CLIENT_SECRET', 'GOVCLOUD_AUTOMATION_CLIENT_SECRET', 'GOVCLOUD_WORKFLOW_CLIENT_SECRET'):
    text = text.replace('${' + name + '}', os.environ[name])
realm = json.loads(text)
realm.setdefault('attributes', {})['govcloudRealmSha256'] = os.environ['REALM_SHA256']
json.dump(realm, sys.stdout, ensure_ascii=False)
PY
  status="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -X DELETE \
    -H "Authorization: Bearer $token" "http://127.0.0.1:$port/admin/realms/$KC_REALM")"
  [[ "$status" == 204 || "$status" == 404 ]] || { rm -f "$realm"; die "keycloak: deleting realm $KC_REALM answered $status"; }
  status="$(curl -sS -o "$KC_STATE/realm-import.out" -w '%{http_code}' --max-time 120 -X POST \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary "@$realm" "http://127.0.0.1:$port/admin/realms")"
  rm -f "$realm"
  [[ "$status" == 201 ]] || die "keycloak: creating realm $KC_REALM answered $status: $(head -c 2000 "$KC_STATE/realm-import.out")"
  echo "$want" >"$KC_STATE/realm.sha256"
}

keycloak_ready() { curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$1/health/ready" 2>/dev/null; }

keycloak_up() {
  keycloak_build
  keycloak_secrets
  local port mport hport
  port="$(sticky_port keycloak)"
  mport="$(sticky_port keycloak-management)"
  # HTTPS listener beside the HTTP one: its issuer (https://127.0.0.1:<hport>/realms/govcloud) is
  # the one the local API server trusts (kubeconfig sign-in); the certificate comes from the stack CA.
  hport="$(sticky_port keycloak-https)"
  stack_server_cert keycloak

  local started=0
  if ! is_running keycloak; then
    started=1
    keycloak_home
    (
      # The stack runs `up` under flock on fd 9: the daemon must not inherit it, or it would hold
      # the lock for as long as Keycloak runs.
      exec 9>&-
      export JAVA_HOME="$KEYCLOAK_JAVA_HOME"
      export JAVA_OPTS_KC_HEAP="$KC_HEAP"
      export JAVA_OPTS_APPEND="$KC_JAVA_APPEND"
      export KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN_USER"
      export KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD"
      export GOVCLOUD_CONSOLE_CLIENT_SECRET GOVCLOUD_AUTOMATION_CLIENT_SECRET GOVCLOUD_WORKFLOW_CLIENT_SECRET
      start_daemon keycloak "$KC_DIST/bin/kc.sh" "-Dkc.home.dir=$KC_HOME" start-dev \
        --http-host=127.0.0.1 --http-port="$port" \
        --https-port="$hport" \
        --https-certificate-file="$STACK_PKI/keycloak.crt" --https-certificate-key-file="$STACK_PKI/keycloak.key" \
        --hostname=127.0.0.1 \
        --http-management-host=127.0.0.1 --http-management-port="$mport" --http-management-scheme=http \
        --health-enabled=true
    )
  fi

  local deadline=$((SECONDS + KC_START_TIMEOUT))
  until keycloak_ready "$mport"; do
    is_running keycloak || { tail -n 30 "$GOVCLOUD_STATE/logs/keycloak.log" >&2; die "keycloak exited during start (log: $GOVCLOUD_STATE/logs/keycloak.log)"; }
    ((SECONDS < deadline)) || die "keycloak not ready after ${KC_START_TIMEOUT}s (log: $GOVCLOUD_STATE/logs/keycloak.log)"
    sleep 1
  done
  keycloak_apply_realm "$port"
  curl -fsS -o /dev/null --max-time 10 "http://127.0.0.1:$port/realms/$KC_REALM/.well-known/openid-configuration" \
    || die "keycloak is up but realm '$KC_REALM' is missing (log: $GOVCLOUD_STATE/logs/keycloak.log)"

  if ! curl -fsS -o /dev/null --max-time 10 --cacert "$STACK_CA_FILE" "https://127.0.0.1:$hport/realms/$KC_REALM/.well-known/openid-configuration"; then
    # A Keycloak started by an older version of this script has no HTTPS listener: say so rather
    # than fail everyone's `stack up`; `stack down keycloak && stack up keycloak` adds it.
    ((started == 0)) || die "keycloak answers on http but not on https://127.0.0.1:$hport (log: $GOVCLOUD_STATE/logs/keycloak.log)"
    log "keycloak: the running server has no HTTPS listener on $hport (started by an older script); restart it: stack down keycloak && stack up keycloak"
  fi

  local url="http://127.0.0.1:$port"
  write_env keycloak <<ENV
KEYCLOAK_URL=$url
KEYCLOAK_HTTPS_URL=https://127.0.0.1:$hport
KEYCLOAK_CA_FILE=$STACK_CA_FILE
OIDC_KUBECTL_ISSUER=https://127.0.0.1:$hport/realms/$KC_REALM
KEYCLOAK_MANAGEMENT_URL=http://127.0.0.1:$mport
KEYCLOAK_REALM=$KC_REALM
OIDC_ISSUER=$url/realms/$KC_REALM
OIDC_CLIENT_ID=govcloud-console
OIDC_CLIENT_SECRET=$GOVCLOUD_CONSOLE_CLIENT_SECRET
OIDC_API_AUDIENCE=govcloud-api
KEYCLOAK_AUTOMATION_CLIENT_ID=govcloud-automation
KEYCLOAK_AUTOMATION_CLIENT_SECRET=$GOVCLOUD_AUTOMATION_CLIENT_SECRET
KEYCLOAK_WORKFLOW_CLIENT_ID=govcloud-workflow
KEYCLOAK_WORKFLOW_CLIENT_SECRET=$GOVCLOUD_WORKFLOW_CLIENT_SECRET
KEYCLOAK_KUBECTL_CLIENT_ID=govcloud-kubectl
KEYCLOAK_ADMIN_USER=$KEYCLOAK_ADMIN_USER
KEYCLOAK_ADMIN_PASSWORD=$KEYCLOAK_ADMIN_PASSWORD
KEYCLOAK_DEMO_PASSWORD=demo-local-only
ENV
  chmod 600 "$GOVCLOUD_STATE/env.d/keycloak.env"
}

keycloak_down() { stop_daemon keycloak; }

# Called by `stack reset` if it looks for it: the data lives in the state folder anyway.
keycloak_reset() { keycloak_down; rm -rf "$KC_STATE"; }

keycloak_status() {
  local port mport
  port="$(cat "$GOVCLOUD_STATE/run/keycloak.port" 2>/dev/null)" || { echo stopped; return; }
  mport="$(cat "$GOVCLOUD_STATE/run/keycloak-management.port" 2>/dev/null)" || { echo stopped; return; }
  if ! is_running keycloak; then echo stopped
  elif keycloak_ready "$mport"; then echo "running on http://127.0.0.1:$port and https://127.0.0.1:$(cat "$GOVCLOUD_STATE/run/keycloak-https.port" 2>/dev/null) (realm $KC_REALM, Keycloak $KEYCLOAK_VERSION)"
  else echo "starting (pid $(cat "$GOVCLOUD_STATE/run/keycloak.pid"))"
  fi
}
