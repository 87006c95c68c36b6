# Velero: the Kubernetes side of the projects' backups (issue 15, decision 0053).
# Sourced by infra/local/stack, after kubernetes and seaweedfs: its API objects live on the first,
# its backups in the buckets of the second.
#
# Built from its Go modules (wrappers in infra/local/go/velero and infra/local/go/velero-plugin-for-aws),
# it runs as one local `velero server` beside the API server, as a cluster's Velero Deployment would:
#   identity   the client certificate govcloud-velero, bound to cluster-admin by
#              infra/platform/velero.yaml (why: that file's comment and decision 0053)
#   namespace  govcloud-velero: its CRDs' objects, the backup locations' Secrets
#   plugins    the AWS object-store plugin, for S3-compatible storage (SeaweedFS, path-style URLs)
# It backs up manifests only here: kwok's pods never run, so there is no volume data to read and no
# node agent to read it (decision 0053).
#
#   state    $GOVCLOUD_STATE/velero (kubeconfig, key, its temporary credential files)
#   log      $GOVCLOUD_STATE/logs/velero.log

VELERO_WRAPPER_DIR="$INFRA_LOCAL_DIR/go/velero"
VELERO_AWS_WRAPPER_DIR="$INFRA_LOCAL_DIR/go/velero-plugin-for-aws"
VELERO_BIN="$GOVCLOUD_CACHE/velero/$VELERO_VERSION/velero"
# Velero starts every executable of its plugin folder as a plugin: the AWS plugin's cache folder
# holds that one binary and nothing else.
VELERO_PLUGIN_DIR="$GOVCLOUD_CACHE/velero-plugin-for-aws/$VELERO_PLUGIN_AWS_VERSION"
VELERO_DIR="$GOVCLOUD_STATE/velero"
VELERO_NAMESPACE=govcloud-velero
VELERO_USER=govcloud-velero

_velero_pinned() {
  local dir="$1" module="$2" version="$3"
  grep -Eq "^\s*(require\s+)?$module $version( |$)" "$dir/go.mod" \
    || die "$dir/go.mod does not require $module $version (versions.env); run: (cd $dir && go get $module@$version && go mod tidy)"
}

velero_build() {
  _velero_pinned "$VELERO_WRAPPER_DIR" github.com/vmware-tanzu/velero "$VELERO_VERSION"
  _velero_pinned "$VELERO_AWS_WRAPPER_DIR" github.com/vmware-tanzu/velero-plugin-for-aws "$VELERO_PLUGIN_AWS_VERSION"
  go_build_cached velero "$VELERO_VERSION" "$VELERO_WRAPPER_DIR" \
    github.com/vmware-tanzu/velero/cmd/velero "$VELERO_BIN" \
    "-s -w -X github.com/vmware-tanzu/velero/pkg/buildinfo.Version=$VELERO_VERSION"
  go_build_cached velero-plugin-for-aws "$VELERO_PLUGIN_AWS_VERSION" "$VELERO_AWS_WRAPPER_DIR" \
    github.com/vmware-tanzu/velero-plugin-for-aws/velero-plugin-for-aws \
    "$VELERO_PLUGIN_DIR/velero-plugin-for-aws" "-s -w"
}

# _velero_platform: its namespace and rights (also in infra/platform, applied by `up kubernetes`),
# and its CRDs as the binary itself prints them, so that they always match the server's version.
_velero_platform() {
  _kubectl apply --server-side --force-conflicts --field-manager=govcloud-platform \
    -f "$KUBE_PLATFORM_DIR/velero.yaml" >/dev/null
  "$VELERO_BIN" install --crds-only --dry-run -o yaml \
    | _kubectl apply --server-side --force-conflicts --field-manager=govcloud-velero -f - >/dev/null
  _kubectl wait --for=condition=Established --timeout=60s \
    crd/backups.velero.io crd/restores.velero.io crd/schedules.velero.io crd/backupstoragelocations.velero.io >/dev/null
  _velero_stand_in | _kubectl apply --server-side --force-conflicts --field-manager=govcloud-velero -f - >/dev/null
}

# Velero's restore of a Pod reads its own Deployment, `velero` in its namespace, for the image of
# its restore helper (pod_volume_restore_action.go); without one every restore holding a Pod ends
# PartiallyFailed. Here the server is a local process: a Deployment of no replicas stands for it.
_velero_stand_in() {
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: velero
  namespace: $VELERO_NAMESPACE
  labels: {app.kubernetes.io/part-of: govcloud, component: velero}
  annotations: {govcloud.langson.gov.vn/stand-in: "velero server runs as a local process (infra/local/components/velero.sh)"}
spec:
  replicas: 0
  selector: {matchLabels: {component: velero}}
  template:
    metadata: {labels: {component: velero}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: velero
          image: velero/velero:$VELERO_VERSION
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: "1", memory: 512Mi}}
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}
YAML
}

_velero_healthy() { curl -fsS --max-time 3 -o /dev/null "http://127.0.0.1:$(sticky_port velero-metrics)/metrics"; }

velero_up() {
  velero_build
  [[ -s "$GOVCLOUD_STATE/kubernetes/pki/ca.key" ]] || die "no local Kubernetes yet: run infra/local/stack up kubernetes first"
  mkdir -p "$VELERO_DIR/tmp"; chmod 700 "$VELERO_DIR"
  [[ -s "$VELERO_DIR/$VELERO_USER.kubeconfig" ]] || kube_issue_user_cert "$VELERO_USER" "$VELERO_DIR" >/dev/null
  _velero_platform
  # Velero's metrics and profiler listen on loopback only. (Its controller-runtime manager also
  # serves metrics on :8080, which no flag of Velero changes: a second local Velero would fail.)
  local velero=("$VELERO_BIN" server
    --kubeconfig="$VELERO_DIR/$VELERO_USER.kubeconfig"
    --namespace="$VELERO_NAMESPACE"
    --plugin-dir="$VELERO_PLUGIN_DIR"
    --metrics-address="127.0.0.1:$(sticky_port velero-metrics)"
    --profiler-address="127.0.0.1:$(sticky_port velero-profiler)"
    --log-format=text)
  if runs_otherwise velero "${velero[@]}"; then
    log "velero runs with other flags than these: restarting it"
    stop_daemon velero
  fi
  # The key files of its backup locations go under its own state folder rather than the shared /tmp.
  TMPDIR="$VELERO_DIR/tmp" start_daemon velero "${velero[@]}"
  wait_for "velero" 120 _velero_healthy

  write_env velero <<EOF
VELERO_NAMESPACE=$VELERO_NAMESPACE
VELERO_BIN=$VELERO_BIN
EOF
}

velero_down() {
  stop_daemon velero
}

velero_status() {
  is_running velero || { echo stopped; return 1; }
  if _velero_healthy; then
    echo "running (pid $(cat "$GOVCLOUD_STATE/run/velero.pid"), namespace $VELERO_NAMESPACE)"
  else
    echo "unhealthy (pid $(cat "$GOVCLOUD_STATE/run/velero.pid"), see $GOVCLOUD_STATE/logs/velero.log)"
    return 1
  fi
}
