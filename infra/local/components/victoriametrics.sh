# VictoriaMetrics single-node: the local stack's time-series store (issue 14, decision 0046).
# Sourced by infra/local/stack, after kubernetes and seaweedfs, whose endpoints it scrapes.
#
# One `victoria-metrics` process, built from its Go module (wrapper in infra/local/go/victoriametrics),
# stores series and scrapes every METRICS_SCRAPE_SECONDS:
#   kubelet-resource       each simulated node's /metrics/resource, served by kwok at
#                          /metrics/nodes/<node>/metrics/resource (nodes found through the API server)
#   kubernetes-apiserver   the API server's /metrics over TLS, as govcloud-metrics
#                          (infra/platform/metrics-scraper.yaml: /metrics and listing nodes, nothing else)
#   seaweedfs              weed's -metricsPort: per bucket bytes, objects and quota from the storage itself
#   govcloud-dev           `npm run dev`'s web console and workers (decision 0077): infra/local/dev writes
#                          their METRICS_LISTEN ports to $METRICS_TARGETS_DIR/dev-<pid>-<start>.json while
#                          it runs and removes the file when it stops (a killed run's is removed by
#                          the next run or `stack up`: prune_dev_targets); the store reads that folder again every
#                          VM_TARGETS_CHECK_SECONDS, without a restart or a reload
# Its HTTP API (Prometheus's query API) answers on 127.0.0.1 behind basic auth only: whoever can
# write series could change what agencies are charged.
#
#   data     $GOVCLOUD_STATE/victoriametrics/data
#   config   $GOVCLOUD_STATE/victoriametrics/scrape.yaml (generated here; re-read on change)
#   targets  $GOVCLOUD_STATE/victoriametrics/targets/*.json (file_sd_configs: processes outside the stack)
#   secret   $GOVCLOUD_STATE/victoriametrics/http-password (0600)
#   log      $GOVCLOUD_STATE/logs/victoriametrics.log

VM_WRAPPER_DIR="$INFRA_LOCAL_DIR/go/victoriametrics"
VM_BIN="$GOVCLOUD_CACHE/victoriametrics/$VICTORIAMETRICS_VERSION/victoria-metrics"
VM_DIR="$GOVCLOUD_STATE/victoriametrics"
VM_USER=govcloud
METRICS_SCRAPE_SECONDS=15
# The console rolls hours up into PostgreSQL as they end (issue 14); the store keeps what a rerun
# or a late job may still read, a quarter, not the history itself.
VM_RETENTION=90d
# How often the store reads the targets folder again (-promscrape.fileSDCheckInterval, 1 min by
# default): a development console's metrics are in the store within seconds of its start.
VM_TARGETS_CHECK_SECONDS=5

victoriametrics_build() {
  grep -Eq "^\s*(require\s+)?github.com/VictoriaMetrics/VictoriaMetrics $VICTORIAMETRICS_VERSION( |$)" "$VM_WRAPPER_DIR/go.mod" \
    || die "infra/local/go/victoriametrics/go.mod does not require VictoriaMetrics $VICTORIAMETRICS_VERSION (versions.env); run: (cd $VM_WRAPPER_DIR && go get github.com/VictoriaMetrics/VictoriaMetrics@$VICTORIAMETRICS_VERSION && go mod tidy)"
  go_build_cached victoriametrics "$VICTORIAMETRICS_VERSION" "$VM_WRAPPER_DIR" \
    github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics "$VM_BIN" \
    "-s -w -X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-metrics-$VICTORIAMETRICS_VERSION"
}

_vm_password() {
  local file="$VM_DIR/http-password"
  if [[ ! -s "$file" ]]; then
    (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(30), end="")' >"$file.tmp"; mv "$file.tmp" "$file")
  fi
  cat "$file"
}

# _vm_scrape_config FILE: what to scrape, from the ports and identities the other components made.
# Written only when it changes, so that a running store is told (SIGHUP) only then.
_vm_scrape_config() {
  local file="$1" pki="$GOVCLOUD_STATE/kubernetes/pki"
  [[ -s "$pki/metrics.crt" && -s "$GOVCLOUD_STATE/kubernetes/metrics.kubeconfig" ]] \
    || die "no scraper identity in $pki: run infra/local/stack up kubernetes first"
  cat >"$file.tmp" <<YAML
global:
  scrape_interval: ${METRICS_SCRAPE_SECONDS}s
  scrape_timeout: 10s
scrape_configs:
  # What real kubelets serve at :10250/metrics/resource, kwok serves for its simulated nodes on
  # one address, with the node in the path. Only the nodes kwok simulates (label kwok.x-k8s.io/node).
  - job_name: kubelet-resource
    kubernetes_sd_configs:
      - role: node
        kubeconfig_file: $GOVCLOUD_STATE/kubernetes/metrics.kubeconfig
    relabel_configs:
      - source_labels: [__meta_kubernetes_node_label_kwok_x_k8s_io_node]
        regex: fake
        action: keep
      - source_labels: [__meta_kubernetes_node_name]
        target_label: node
      - source_labels: [__meta_kubernetes_node_name]
        target_label: instance
      - source_labels: [__meta_kubernetes_node_name]
        target_label: __metrics_path__
        replacement: /metrics/nodes/\$1/metrics/resource
      - target_label: __address__
        replacement: 127.0.0.1:$(sticky_port kubernetes-kwok)
  - job_name: kubernetes-apiserver
    scheme: https
    tls_config:
      ca_file: $pki/ca.crt
      cert_file: $pki/metrics.crt
      key_file: $pki/metrics.key
    static_configs:
      - targets: [127.0.0.1:$(sticky_port kubernetes-apiserver)]
  - job_name: seaweedfs
    static_configs:
      - targets: [127.0.0.1:$(sticky_port seaweedfs-metrics)]
  # Processes outside the stack, each file a JSON list of {targets, labels} (Prometheus's
  # file_sd format). A pattern, so that no file (no development console running) is no error.
  - job_name: govcloud-dev
    file_sd_configs:
      - files: [$VM_DIR/targets/*.json]
YAML
  if cmp -s "$file.tmp" "$file"; then rm -f "$file.tmp"; return 1; fi
  mv "$file.tmp" "$file"
}

_vm_healthy() { curl -fsS --max-time 3 -o /dev/null "http://127.0.0.1:$(sticky_port victoriametrics)/health"; }

victoriametrics_up() {
  victoriametrics_build
  mkdir -p "$VM_DIR/data" "$VM_DIR/targets"; chmod 700 "$VM_DIR"
  # A dev run killed before its exit trap left its ports there: scraped, they would be reported down.
  prune_dev_targets "$VM_DIR/targets"
  local password port config_changed=false
  password="$(_vm_password)"; port="$(sticky_port victoriametrics)"
  _vm_scrape_config "$VM_DIR/scrape.yaml" && config_changed=true
  # -search.latencyOffset: by default a sample is hidden from queries for 30 s, for stores fed by
  # many remote writers; here the one writer is the store's own scraper, and a sample is whole once
  # written. -memory.allowedBytes: its caches would otherwise take 60 % of a shared machine's memory.
  local vm=("$VM_BIN"
    -storageDataPath="$VM_DIR/data" -retentionPeriod="$VM_RETENTION"
    -httpListenAddr="127.0.0.1:$port"
    -httpAuth.username="$VM_USER" -httpAuth.password="file://$VM_DIR/http-password"
    -http.disableCORS
    -promscrape.config="$VM_DIR/scrape.yaml"
    -promscrape.fileSDCheckInterval="${VM_TARGETS_CHECK_SECONDS}s"
    -search.latencyOffset=5s
    -memory.allowedBytes=256MiB)
  if runs_otherwise victoriametrics "${vm[@]}"; then
    log "victoriametrics runs with other flags than these: restarting it"
    stop_daemon victoriametrics
  elif is_running victoriametrics && $config_changed; then
    log "victoriametrics: the scrape targets changed, reloading them"
    kill -HUP "$(cat "$GOVCLOUD_STATE/run/victoriametrics.pid")"
  fi
  start_daemon victoriametrics "${vm[@]}"
  wait_for "victoriametrics" 60 _vm_healthy

  write_env victoriametrics <<EOF
METRICS_URL=http://127.0.0.1:$port
METRICS_USERNAME=$VM_USER
METRICS_PASSWORD=$password
METRICS_SCRAPE_SECONDS=$METRICS_SCRAPE_SECONDS
METRICS_TARGETS_DIR=$VM_DIR/targets
EOF
}

victoriametrics_down() {
  stop_daemon victoriametrics
}

victoriametrics_status() {
  is_running victoriametrics || { echo stopped; return 1; }
  if _vm_healthy; then
    echo "running (pid $(cat "$GOVCLOUD_STATE/run/victoriametrics.pid"), http://127.0.0.1:$(sticky_port victoriametrics))"
  else
    echo "unhealthy (pid $(cat "$GOVCLOUD_STATE/run/victoriametrics.pid"), see $GOVCLOUD_STATE/logs/victoriametrics.log)"
    return 1
  fi
}
