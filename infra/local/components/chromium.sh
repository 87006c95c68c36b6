# Headless Chromium from Debian's packages, for browser tests driven by playwright-core.
# Nothing runs in the background: each test launches its own browser.

chromium_build() {
  if [[ -x /usr/bin/chromium ]]; then return 0; fi
  log "installing chromium from Debian"
  local sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

chromium_up() {
  chromium_build
  write_env chromium <<ENV
CHROMIUM_PATH=/usr/bin/chromium
ENV
}

chromium_down() { :; }

chromium_status() {
  if [[ -x /usr/bin/chromium ]]; then /usr/bin/chromium --version 2>/dev/null | head -1; else echo "not installed"; fi
}
