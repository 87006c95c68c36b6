# schemathesis (PyPI), pinned, in a virtualenv of its own under the build cache: the API tests run
# it over the whole OpenAPI spec (tests/integration/api/schemathesis.test.ts, decision 0031).
# Nothing runs in the background: the test starts it against a console it started itself.

SCHEMATHESIS_VENV="$GOVCLOUD_CACHE/schemathesis-${SCHEMATHESIS_VERSION}"

schemathesis_build() {
  # The marker is written last, so an interrupted install is never taken for a finished one.
  if [[ -f "$SCHEMATHESIS_VENV/.installed" ]]; then return 0; fi
  command -v python3 >/dev/null || die "schemathesis needs python3 (3.10 or newer) on the PATH"
  log "installing schemathesis ${SCHEMATHESIS_VERSION} into $SCHEMATHESIS_VENV"
  rm -rf "$SCHEMATHESIS_VENV"
  python3 -m venv "$SCHEMATHESIS_VENV"
  "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==${SCHEMATHESIS_VERSION}"
  touch "$SCHEMATHESIS_VENV/.installed"
}

schemathesis_up() {
  schemathesis_build
  write_env schemathesis <<ENV
SCHEMATHESIS_BIN=$SCHEMATHESIS_VENV/bin/st
ENV
}

schemathesis_down() { :; }

schemathesis_status() {
  if [[ -f "$SCHEMATHESIS_VENV/.installed" ]]; then "$SCHEMATHESIS_VENV/bin/st" --version 2>/dev/null | head -1; else echo "not installed"; fi
}
