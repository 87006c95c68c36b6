# The CustomResourceDefinitions of the operators the console's own deployment uses (deploy/,
# issue 16, decision 0064): CloudNativePG (Cluster, ScheduledBackup, ...) and its Barman Cloud
# plugin (ObjectStore). Nothing runs: the local stack has no pods to run an operator in. The
# files come from the operators' Go modules at the pinned versions (the module proxy serves a
# module's whole tree), and tests/integration/deploy installs them in the API server before it
# applies the manifests.

CRDS_DIR="$GOVCLOUD_CACHE/crds/cnpg-${CNPG_VERSION}-barman-${CNPG_BARMAN_PLUGIN_VERSION}"

# _crds_module_dir MODULE@VERSION: where the go command keeps that module's files.
_crds_module_dir() {
  (cd "$GOVCLOUD_CACHE" && GOFLAGS=-mod=mod go mod download -json "$1") \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["Error"]) if "Error" in d else print(d["Dir"])'
}

crds_build() {
  # The marker is written last, so an interrupted copy is never taken for a finished one.
  if [[ -f "$CRDS_DIR/.installed" ]]; then return 0; fi
  log "fetching the CRDs of CloudNativePG ${CNPG_VERSION} and its Barman Cloud plugin ${CNPG_BARMAN_PLUGIN_VERSION}"
  local cnpg barman
  cnpg="$(_crds_module_dir "github.com/cloudnative-pg/cloudnative-pg@${CNPG_VERSION}")" || die "CloudNativePG ${CNPG_VERSION} could not be fetched"
  barman="$(_crds_module_dir "github.com/cloudnative-pg/plugin-barman-cloud@${CNPG_BARMAN_PLUGIN_VERSION}")" || die "the Barman Cloud plugin ${CNPG_BARMAN_PLUGIN_VERSION} could not be fetched"
  rm -rf "$CRDS_DIR" && mkdir -p "$CRDS_DIR"
  cp "$cnpg"/config/crd/bases/postgresql.cnpg.io_*.yaml "$barman"/config/crd/bases/barmancloud.cnpg.io_*.yaml "$CRDS_DIR/"
  chmod u+w "$CRDS_DIR"/*.yaml
  touch "$CRDS_DIR/.installed"
}

crds_up() {
  crds_build
  write_env crds <<ENV
OPERATOR_CRDS_DIR=$CRDS_DIR
ENV
}

crds_down() { :; }

crds_status() {
  if [[ -f "$CRDS_DIR/.installed" ]]; then echo "cloudnative-pg ${CNPG_VERSION}, barman-cloud ${CNPG_BARMAN_PLUGIN_VERSION}"; else echo "not fetched"; fi
}
