# Kubernetes control plane for the local stack. Sourced by infra/local/stack.
#
# Everything is built with `go build` from Go modules (wrapper modules in infra/local/go/)
# and runs as plain processes on 127.0.0.1:
#   etcd  ->  kube-apiserver  ->  kube-controller-manager, kube-scheduler  ->  kwok (fake nodes)
# then applies the platform's own objects from infra/platform (the tenant role, the console's
# identity and the admission policies: decisions 0025, 0026).
# Binaries: $GOVCLOUD_CACHE/kubernetes/<name>-<version>-<hash of wrapper go.mod+go.sum+go version>/
# State:    $GOVCLOUD_STATE/kubernetes/{pki,etcd,*.kubeconfig}, logs in $GOVCLOUD_STATE/logs/kubernetes-*.log
# See docs/decisions/0002-local-kubernetes-from-go-modules.md for the why.

KUBE_GO_DIR="$INFRA_LOCAL_DIR/go"
KUBE_STATE="$GOVCLOUD_STATE/kubernetes"
KUBE_PKI="$KUBE_STATE/pki"
KUBE_SERVICE_CIDR="10.96.0.0/16"
KUBE_SERVICE_IP="10.96.0.1"   # first address of KUBE_SERVICE_CIDR: the `kubernetes` Service
KUBE_CLUSTER_NAME="govcloud-local"
KUBE_SA_ISSUER="https://kubernetes.default.svc.cluster.local"
# Fake nodes (kwok manages nodes carrying this annotation): name, cpu, memory, zone.
KUBE_FAKE_NODES=("kwok-node-1 16 64Gi zone-a" "kwok-node-2 16 64Gi zone-a" "kwok-node-3 16 64Gi zone-b")
# Agencies' kubeconfigs sign in through Keycloak (OIDC): the API server trusts the realm's HTTPS
# issuer for the public client below, and prefixes names and groups so they never collide with
# system: names or client-certificate groups (RoleBindings name `oidc:/agencies/<code>`).
KUBE_OIDC_CLIENT_ID="govcloud-kubectl"
KUBE_OIDC_PREFIX="oidc:"
# The console's own identity on the API server (decision 0026); the same name as consoleUser in
# infra/platform/govcloud-system.yaml.
KUBE_CONSOLE_USER="govcloud-console"
# The time-series store's identity when it scrapes the API server and discovers nodes (decision 0046).
KUBE_METRICS_USER="govcloud-metrics"
KUBE_PLATFORM_DIR="$REPO_ROOT/infra/platform"
KUBE_DAEMONS=(kubernetes-etcd kubernetes-apiserver kubernetes-controller-manager kubernetes-scheduler kubernetes-kwok)

# ---------------------------------------------------------------- build -------------------

# _kube_bin_dir MODULE VERSION: cache folder for one wrapper module's binaries. The key holds the
# pinned version plus a hash of the wrapper's go.mod/go.sum and the Go version, so changing any
# of them rebuilds and an unchanged checkout reuses the binaries.
_kube_bin_dir() {
  local mod="$1" version="$2" hash
  hash="$(cat "$KUBE_GO_DIR/$mod/go.mod" "$KUBE_GO_DIR/$mod/go.sum" <(go env GOVERSION) | sha256sum | cut -c1-12)"
  printf '%s/kubernetes/%s-%s-%s' "$GOVCLOUD_CACHE" "$mod" "$version" "$hash"
}

# _kube_check_pin MODULE GO_MODULE VERSION: versions.env and the wrapper's go.mod must agree.
_kube_check_pin() {
  local mod="$1" path="$2" version="$3"
  grep -Eq "^[[:space:]]*(require[[:space:]]+)?${path//./\\.} ${version//./\\.}([[:space:]]|$)" "$KUBE_GO_DIR/$mod/go.mod" ||
    die "versions.env pins $path $version but infra/local/go/$mod/go.mod does not; run: (cd infra/local/go/$mod && go get $path@$version && go mod tidy)"
}

# _kube_go_build MODULE OUTDIR LDFLAGS PKG...: one `go build` for all PKGs (shared packages
# compile once), into OUTDIR, atomically. Skips when OUTDIR exists.
_kube_go_build() {
  local mod="$1" out="$2" ldflags="$3"; shift 3
  [[ -d "$out" ]] && return 0
  command -v go >/dev/null || die "go is not installed (need Go >= $GO_VERSION_MIN)"
  log "building $* from infra/local/go/$mod (first build takes minutes; cached in $out)"
  local tmp="$out.tmp.$$" start=$SECONDS
  rm -rf "$tmp"; mkdir -p "$tmp"
  (cd "$KUBE_GO_DIR/$mod" && CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" \
    go build -trimpath -ldflags "$ldflags" -o "$tmp/" "$@") || { rm -rf "$tmp"; die "go build in infra/local/go/$mod failed"; }
  mv "$tmp" "$out"
  log "built $mod in $((SECONDS - start))s"
}

_kube_etcd_dir() { _kube_bin_dir etcd "$ETCD_VERSION"; }
_kube_k8s_dir() { _kube_bin_dir kubernetes "$KUBERNETES_VERSION"; }
_kube_kwok_dir() { _kube_bin_dir kwok "$KWOK_VERSION"; }

kubernetes_build() {
  _kube_check_pin etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
  _kube_check_pin kubernetes k8s.io/kubernetes "$KUBERNETES_VERSION"
  _kube_check_pin kubernetes k8s.io/api "$KUBERNETES_STAGING_VERSION"
  _kube_check_pin kwok sigs.k8s.io/kwok "$KWOK_VERSION"

  local v="$KUBERNETES_VERSION" major minor
  major="${v#v}"; major="${major%%.*}"
  minor="${v#v*.}"; minor="${minor%%.*}"
  local kv="" p
  # Same variables as upstream's hack/lib/version.sh stamps, for both version packages.
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    kv+=" -X $p.gitVersion=$v -X $p.gitMajor=$major -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  _kube_go_build kubernetes "$(_kube_k8s_dir)" "-s -w$kv" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  _kube_go_build etcd "$(_kube_etcd_dir)" "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION" \
    go.etcd.io/etcd/server/v3
  # The etcd main package is the module root (go.etcd.io/etcd/server/v3): go names it "server".
  [[ -x "$(_kube_etcd_dir)/etcd" ]] || mv "$(_kube_etcd_dir)/server" "$(_kube_etcd_dir)/etcd"

  local kwok_dir; kwok_dir="$(_kube_kwok_dir)"
  _kube_go_build kwok "$kwok_dir" "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" sigs.k8s.io/kwok/cmd/kwok
  # kwok's Stage definitions ship in its module (kustomize/stage/...); keep a copy beside the binary.
  if [[ ! -d "$kwok_dir/stages" ]]; then
    local src
    src="$(cd "$KUBE_GO_DIR/kwok" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
    mkdir -p "$kwok_dir/stages.tmp"
    cp "$src"/kustomize/stage/node/fast/node-initialize.yaml \
       "$src"/kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
       "$src"/kustomize/stage/pod/fast/pod-ready.yaml \
       "$src"/kustomize/stage/pod/fast/pod-complete.yaml \
       "$src"/kustomize/stage/pod/fast/pod-delete.yaml "$kwok_dir/stages.tmp/"
    chmod u+w "$kwok_dir"/stages.tmp/*
    mv "$kwok_dir/stages.tmp" "$kwok_dir/stages"
  fi
  # So is its Metric that serves the kubelet's /metrics/resource for each simulated node (decision 0046).
  if [[ ! -d "$kwok_dir/metrics" ]]; then
    local src
    src="$(cd "$KUBE_GO_DIR/kwok" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
    mkdir -p "$kwok_dir/metrics.tmp"
    cp "$src"/kustomize/metrics/resource/metrics-resource.yaml "$kwok_dir/metrics.tmp/"
    chmod u+w "$kwok_dir"/metrics.tmp/*
    mv "$kwok_dir/metrics.tmp" "$kwok_dir/metrics"
  fi
}

# ---------------------------------------------------------------- certificates -------------

# _kube_sign NAME SUBJECT EXT [DIR] [CA]: key + certificate signed by CA (default: the cluster CA,
# $KUBE_PKI/ca.{crt,key}), 2 years. EXT is an openssl x509 v3 extension block.
_kube_sign() {
  local name="$1" subject="$2" ext="$3" dir="${4:-$KUBE_PKI}" ca="${5:-$KUBE_PKI/ca}"
  [[ -s "$dir/$name.crt" ]] && return 0
  openssl genrsa -out "$dir/$name.key" 2048 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr"
  openssl x509 -req -in "$dir/$name.csr" -CA "$ca.crt" -CAkey "$ca.key" \
    -CAcreateserial -days 730 -sha256 -extfile <(printf '%s\n' "$ext") -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr"
  chmod 600 "$dir/$name.key"
}

# _kube_ca NAME CN: a self-signed CA (10 years).
_kube_ca() {
  [[ -s "$KUBE_PKI/$1.crt" ]] && return 0
  openssl genrsa -out "$KUBE_PKI/$1.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$KUBE_PKI/$1.key" -sha256 -days 3650 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$KUBE_PKI/$1.crt"
  chmod 600 "$KUBE_PKI/$1.key"
}

_kube_client_ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth'

_kube_pki() {
  mkdir -p "$KUBE_PKI"; chmod 700 "$KUBE_PKI"
  [[ -s "$KUBE_PKI/ca.crt" ]] || log "creating the local Kubernetes CA in $KUBE_PKI"
  _kube_ca ca govcloud-local-kubernetes-ca
  # The aggregation layer's front proxy has a CA of its own, as in kubeadm clusters.
  _kube_ca front-proxy-ca govcloud-local-front-proxy-ca
  _kube_sign front-proxy-client "/CN=front-proxy-client" "$_kube_client_ext" "$KUBE_PKI" "$KUBE_PKI/front-proxy-ca"
  _kube_sign apiserver "/CN=kube-apiserver" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,IP:$KUBE_SERVICE_IP,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  _kube_sign admin "/O=system:masters/CN=govcloud-admin" "$_kube_client_ext"
  _kube_sign controller-manager "/CN=system:kube-controller-manager" "$_kube_client_ext"
  _kube_sign scheduler "/CN=system:kube-scheduler" "$_kube_client_ext"
  # kwok writes node and pod status for simulated kubelets; it gets cluster-admin rights here.
  _kube_sign kwok "/O=system:masters/CN=kwok-controller" "$_kube_client_ext"
  # The console: its user name only, no group; infra/platform/console-identity.yaml gives it its rights.
  _kube_sign console "/CN=$KUBE_CONSOLE_USER" "$_kube_client_ext"
  # The time-series store's scraper (decision 0046): infra/platform/metrics-scraper.yaml lets it read
  # /metrics and list the nodes whose kubelets it scrapes, nothing else.
  _kube_sign metrics "/CN=$KUBE_METRICS_USER" "$_kube_client_ext"
  if [[ ! -s "$KUBE_PKI/sa.key" ]]; then
    openssl genrsa -out "$KUBE_PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$KUBE_PKI/sa.key" -pubout -out "$KUBE_PKI/sa.pub" 2>/dev/null
    chmod 600 "$KUBE_PKI/sa.key"
  fi
}

# _kube_kubeconfig FILE CERT KEY: a self-contained kubeconfig (data inlined) for the local API.
_kube_kubeconfig() {
  local file="$1" cert="$2" key="$3" user="${4:-user}" b64='base64 -w0'
  (umask 077; : >"$file.tmp")
  cat >"$file.tmp" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: $KUBE_CLUSTER_NAME
  cluster:
    server: https://127.0.0.1:$(sticky_port kubernetes-apiserver)
    certificate-authority-data: $($b64 "$KUBE_PKI/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $($b64 "$cert")
    client-key-data: $($b64 "$key")
contexts:
- name: $user@$KUBE_CLUSTER_NAME
  context:
    cluster: $KUBE_CLUSTER_NAME
    user: $user
current-context: $user@$KUBE_CLUSTER_NAME
KCFG
  mv "$file.tmp" "$file"
}

# kube_issue_user_cert USER OUTDIR [GROUP...]: a client certificate for USER (groups become O=)
# signed by the local CA, and OUTDIR/USER.kubeconfig using it. For local development and tests;
# the console itself should use the CertificateSigningRequest API (the controller-manager signs
# kubernetes.io/kube-apiserver-client requests with the same CA).
kube_issue_user_cert() {
  local user="$1" out="$2"; shift 2
  [[ -s "$KUBE_PKI/ca.key" ]] || die "no local CA yet: run infra/local/stack up kubernetes"
  mkdir -p "$out"
  local subj="" g
  for g in "$@"; do subj+="/O=${g//\//\\/}"; done   # a '/' inside a value is written '\/'
  _kube_sign "$user" "$subj/CN=${user//\//\\/}" "$_kube_client_ext" "$out"
  _kube_kubeconfig "$out/$user.kubeconfig" "$out/$user.crt" "$out/$user.key" "$user"
  printf '%s\n' "$out/$user.kubeconfig"
}

# ---------------------------------------------------------------- OIDC ---------------------

# _kube_oidc_issuer: the realm's HTTPS issuer of this state folder's Keycloak (its port is sticky,
# so the URL is known before Keycloak first starts).
_kube_oidc_issuer() { printf 'https://127.0.0.1:%s/realms/govcloud' "$(sticky_port keycloak-https)"; }

# _kube_authentication_config FILE: structured authentication configuration (GA in 1.34) with one
# JWT authenticator for Keycloak. The API server fetches discovery and keys lazily and retries
# every 10 s, so it starts whether Keycloak is up or not; tokens are refused until it is.
_kube_authentication_config() {
  local file="$1"
  stack_ca
  (umask 077; : >"$file.tmp")
  cat >"$file.tmp" <<YAML
apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt:
- issuer:
    url: $(_kube_oidc_issuer)
    audiences: [$KUBE_OIDC_CLIENT_ID]
    certificateAuthority: |
$(sed 's/^/      /' "$STACK_CA_FILE")
  claimMappings:
    username:
      claim: preferred_username
      prefix: "$KUBE_OIDC_PREFIX"
    groups:
      claim: groups
      prefix: "$KUBE_OIDC_PREFIX"
    uid:
      claim: sub
YAML
  # The API server reloads the file when it changes; write it only when it does.
  if cmp -s "$file.tmp" "$file"; then rm -f "$file.tmp"; else mv "$file.tmp" "$file"; fi
}

# _kube_audit_policy FILE: the API server's audit policy (infra/local/kubernetes/audit-policy.yaml)
# copied into the state folder, so that every checkout starts the API server with the same flags.
_kube_audit_policy() {
  local file="$1"
  cmp -s "$INFRA_LOCAL_DIR/kubernetes/audit-policy.yaml" "$file" || cp "$INFRA_LOCAL_DIR/kubernetes/audit-policy.yaml" "$file"
}

# ---------------------------------------------------------------- run ----------------------

_kube_https_ok() { # URL: 2xx over TLS with the admin certificate
  curl -fsS --max-time 3 --cacert "$KUBE_PKI/ca.crt" --cert "$KUBE_PKI/admin.crt" --key "$KUBE_PKI/admin.key" "$1"
}
_kube_http_ok() { curl -fsS --max-time 3 "$1"; }
_kube_insecure_ok() { curl -fsSk --max-time 3 "$1"; }  # self-signed serving certs of kcm/scheduler
_kubectl() { "$(_kube_k8s_dir)/kubectl" --kubeconfig "$KUBE_STATE/admin.kubeconfig" "$@"; }

kubernetes_up() {
  kubernetes_build
  _kube_pki
  local bin etcd_bin kwok_dir
  bin="$(_kube_k8s_dir)"; etcd_bin="$(_kube_etcd_dir)/etcd"; kwok_dir="$(_kube_kwok_dir)"
  local p_etcd p_peer p_api p_kcm p_sched p_kwok
  p_etcd="$(sticky_port kubernetes-etcd)"; p_peer="$(sticky_port kubernetes-etcd-peer)"
  p_api="$(sticky_port kubernetes-apiserver)"; p_kcm="$(sticky_port kubernetes-controller-manager)"
  p_sched="$(sticky_port kubernetes-scheduler)"; p_kwok="$(sticky_port kubernetes-kwok)"

  _kube_kubeconfig "$KUBE_STATE/admin.kubeconfig" "$KUBE_PKI/admin.crt" "$KUBE_PKI/admin.key" govcloud-admin
  _kube_kubeconfig "$KUBE_STATE/controller-manager.kubeconfig" "$KUBE_PKI/controller-manager.crt" "$KUBE_PKI/controller-manager.key" system:kube-controller-manager
  _kube_kubeconfig "$KUBE_STATE/scheduler.kubeconfig" "$KUBE_PKI/scheduler.crt" "$KUBE_PKI/scheduler.key" system:kube-scheduler
  _kube_kubeconfig "$KUBE_STATE/kwok.kubeconfig" "$KUBE_PKI/kwok.crt" "$KUBE_PKI/kwok.key" kwok-controller
  _kube_kubeconfig "$KUBE_STATE/console.kubeconfig" "$KUBE_PKI/console.crt" "$KUBE_PKI/console.key" "$KUBE_CONSOLE_USER"
  _kube_kubeconfig "$KUBE_STATE/metrics.kubeconfig" "$KUBE_PKI/metrics.crt" "$KUBE_PKI/metrics.key" "$KUBE_METRICS_USER"

  _kube_authentication_config "$KUBE_STATE/authentication-config.yaml"

  mkdir -p "$KUBE_STATE/etcd"; chmod 700 "$KUBE_STATE/etcd"
  start_daemon kubernetes-etcd "$etcd_bin" --name=govcloud --data-dir="$KUBE_STATE/etcd" \
    --listen-client-urls="http://127.0.0.1:$p_etcd" --advertise-client-urls="http://127.0.0.1:$p_etcd" \
    --listen-peer-urls="http://127.0.0.1:$p_peer" --initial-advertise-peer-urls="http://127.0.0.1:$p_peer" \
    --initial-cluster="govcloud=http://127.0.0.1:$p_peer" --initial-cluster-state=new \
    --quota-backend-bytes=2147483648 --log-level=warn
  wait_for "etcd" 60 _kube_http_ok "http://127.0.0.1:$p_etcd/health"

  _kube_audit_policy "$KUBE_STATE/audit-policy.yaml"
  mkdir -p "$GOVCLOUD_STATE/logs/audit"
  # The audit log (decision 0040) rotates at 50 MiB, keeps 3 old files and a week at most. /flagz
  # (alpha in 1.34) lets the console read which authenticators run (GC-PLT-03).
  local api=("$bin/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$p_etcd" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$p_api" \
    --cert-dir="$KUBE_STATE/apiserver-certs" \
    --tls-cert-file="$KUBE_PKI/apiserver.crt" --tls-private-key-file="$KUBE_PKI/apiserver.key" \
    --client-ca-file="$KUBE_PKI/ca.crt" \
    --requestheader-client-ca-file="$KUBE_PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$KUBE_PKI/front-proxy-client.crt" --proxy-client-key-file="$KUBE_PKI/front-proxy-client.key" \
    --authentication-config="$KUBE_STATE/authentication-config.yaml" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,NodeRestriction,Priority,ResourceQuota,PodSecurity,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy \
    --service-cluster-ip-range="$KUBE_SERVICE_CIDR" \
    --service-account-issuer="$KUBE_SA_ISSUER" \
    --service-account-key-file="$KUBE_PKI/sa.pub" --service-account-signing-key-file="$KUBE_PKI/sa.key" \
    --allow-privileged=true \
    --endpoint-reconciler-type=none \
    --profiling=false \
    --audit-policy-file="$KUBE_STATE/audit-policy.yaml" \
    --audit-log-path="$GOVCLOUD_STATE/logs/audit/kube-apiserver.log" \
    --audit-log-maxsize=50 --audit-log-maxbackup=3 --audit-log-maxage=7 \
    --feature-gates=ComponentFlagz=true)
  # An API server started with other flags (by an older checkout of this file) is restarted with
  # these; its clients reconnect by themselves.
  if runs_otherwise kubernetes-apiserver "${api[@]}"; then
    log "kube-apiserver runs with other flags than these: restarting it"
    stop_daemon kubernetes-apiserver
  fi
  start_daemon kubernetes-apiserver "${api[@]}"
  wait_for "kube-apiserver" 120 _kube_https_ok "https://127.0.0.1:$p_api/readyz"

  start_daemon kubernetes-controller-manager "$bin/kube-controller-manager" \
    --kubeconfig="$KUBE_STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$KUBE_STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$KUBE_STATE/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$p_kcm" --cert-dir="$KUBE_STATE/controller-manager-certs" \
    --leader-elect=false --cluster-name="$KUBE_CLUSTER_NAME" \
    --service-account-private-key-file="$KUBE_PKI/sa.key" --root-ca-file="$KUBE_PKI/ca.crt" \
    --use-service-account-credentials=true \
    --cluster-signing-cert-file="$KUBE_PKI/ca.crt" --cluster-signing-key-file="$KUBE_PKI/ca.key" \
    --service-cluster-ip-range="$KUBE_SERVICE_CIDR" \
    --profiling=false
  start_daemon kubernetes-scheduler "$bin/kube-scheduler" \
    --kubeconfig="$KUBE_STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig="$KUBE_STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig="$KUBE_STATE/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$p_sched" --cert-dir="$KUBE_STATE/scheduler-certs" \
    --leader-elect=false --profiling=false
  # kwok reads its stages, the kubelet's resource Metric and our simulated usage at start only
  # (decision 0046): a kwok started with other files or flags, or before the usage file last
  # changed, is restarted. The API server keeps the pods; kwok takes them up again within seconds.
  local cfg=() f usage_changed=false
  for f in "$kwok_dir"/stages/*.yaml "$kwok_dir"/metrics/*.yaml; do cfg+=(--config="$f"); done
  if ! cmp -s "$INFRA_LOCAL_DIR/kubernetes/kwok-resource-usage.yaml" "$KUBE_STATE/kwok-resource-usage.yaml"; then
    cp "$INFRA_LOCAL_DIR/kubernetes/kwok-resource-usage.yaml" "$KUBE_STATE/kwok-resource-usage.yaml"
    usage_changed=true
  fi
  local kwok=("$kwok_dir/kwok" "${cfg[@]}" --config="$KUBE_STATE/kwok-resource-usage.yaml" \
    --kubeconfig="$KUBE_STATE/kwok.kubeconfig" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds=40 --cidr=10.244.0.0/16 --node-ip=127.0.0.1 \
    --server-address="127.0.0.1:$p_kwok")
  if is_running kubernetes-kwok && { $usage_changed || runs_otherwise kubernetes-kwok "${kwok[@]}"; }; then
    log "kwok runs with other flags or an older simulated usage: restarting it"
    stop_daemon kubernetes-kwok
  fi
  start_daemon kubernetes-kwok "${kwok[@]}"
  wait_for "kube-controller-manager" 60 _kube_insecure_ok "https://127.0.0.1:$p_kcm/healthz"
  wait_for "kube-scheduler" 60 _kube_insecure_ok "https://127.0.0.1:$p_sched/healthz"
  wait_for "kwok" 60 _kube_http_ok "http://127.0.0.1:$p_kwok/healthz"

  _kube_seed
  _kube_platform
  wait_for "kwok nodes Ready" 60 _kubectl wait --for=condition=Ready node -l kwok.x-k8s.io/node=fake --timeout=2s
  wait_for "default service account" 60 _kubectl -n default get serviceaccount default

  write_env kubernetes <<ENV
KUBECONFIG=$KUBE_STATE/admin.kubeconfig
KUBE_API_URL=https://127.0.0.1:$p_api
KUBE_CA_FILE=$KUBE_PKI/ca.crt
KUBECTL=$bin/kubectl
KUBE_OIDC_ISSUER=$(_kube_oidc_issuer)
KUBE_OIDC_CLIENT_ID=$KUBE_OIDC_CLIENT_ID
KUBE_OIDC_USERNAME_PREFIX=$KUBE_OIDC_PREFIX
KUBE_OIDC_GROUPS_PREFIX=$KUBE_OIDC_PREFIX
ENV
  # The kubeconfigs of the identities the stack issues, in a file of their own so that a stack
  # script that does not know them (an older checkout sharing this state folder) leaves them in
  # place when it rewrites kubernetes.env.
  write_env kubernetes-identities <<ENV
KUBE_CONSOLE_KUBECONFIG=$KUBE_STATE/console.kubeconfig
KUBE_ADMIN_KUBECONFIG=$KUBE_STATE/admin.kubeconfig
KUBE_METRICS_KUBECONFIG=$KUBE_STATE/metrics.kubeconfig
ENV
}

# _kube_platform: the platform's own objects (infra/platform: the tenant role, the console's
# identity, the admission policies), applied as a deployment would apply them (server-side,
# idempotent), then a wait until the API server enforces them: the console's dry-run of a
# namespace it does not label must be refused.
_kube_platform() {
  _kubectl apply --server-side --force-conflicts --field-manager=govcloud-platform -k "$KUBE_PLATFORM_DIR" >/dev/null
  wait_for "admission policies in force" 30 _kube_console_confined
}
_kube_console_confined() {
  local out
  out="$("$(_kube_k8s_dir)/kubectl" --kubeconfig "$KUBE_STATE/console.kubeconfig" create namespace \
    govcloud-confinement-probe --dry-run=server 2>&1)" && return 1
  [[ "$out" == *govcloud-console-confinement* ]]
}

# _kube_seed: fake nodes and storage classes (idempotent).
_kube_seed() {
  local n name cpu mem zone
  {
    for n in "${KUBE_FAKE_NODES[@]}"; do
      read -r name cpu mem zone <<<"$n"
      cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kwok.x-k8s.io/node: fake
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $name
    node.kubernetes.io/instance-type: kwok-$cpu-cpu
    topology.kubernetes.io/zone: $zone
status:
  capacity: {cpu: "$cpu", memory: $mem, pods: "110", ephemeral-storage: 500Gi}
  allocatable: {cpu: "$cpu", memory: $mem, pods: "110", ephemeral-storage: 500Gi}
YAML
    done
    cat <<'YAML'
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
  labels: {govcloud.local/simulated: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
  labels: {govcloud.local/simulated: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
YAML
  } | _kubectl apply -f - >/dev/null
}

kubernetes_down() {
  # Clients of the API server first, together (each exits within a second or two), then the
  # API server, then etcd last so nothing writes to a stopped store.
  local d
  for d in kubernetes-kwok kubernetes-scheduler kubernetes-controller-manager; do stop_daemon "$d" & done
  wait
  stop_daemon kubernetes-apiserver
  stop_daemon kubernetes-etcd
  rm -f "$GOVCLOUD_STATE/env.d/kubernetes.env" "$GOVCLOUD_STATE/env.d/kubernetes-identities.env"
}

kubernetes_status() {
  local d up=() down=()
  for d in "${KUBE_DAEMONS[@]}"; do if is_running "$d"; then up+=("${d#kubernetes-}"); else down+=("${d#kubernetes-}"); fi; done
  if ((${#up[@]} == 0)); then echo stopped; return 1; fi
  local ready=not-ready
  _kube_https_ok "https://127.0.0.1:$(sticky_port kubernetes-apiserver)/readyz" >/dev/null 2>&1 && ready=ready
  printf 'api %s https://127.0.0.1:%s; running: %s' "$ready" "$(sticky_port kubernetes-apiserver)" "${up[*]}"
  ((${#down[@]} == 0)) || printf '; STOPPED: %s' "${down[*]}"
  echo
}
