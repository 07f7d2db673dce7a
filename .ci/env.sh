# Sourced by the .ci scripts: where the tools live and how Trunk and the wasm
# test runner find them. Nothing here installs anything (see .ci/setup).
KUNDENWERT_TOOLS="${KUNDENWERT_TOOLS:-$HOME/.cache/kundenwert-tools}"
export KUNDENWERT_TOOLS
export PATH="$KUNDENWERT_TOOLS/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk must use the tools on PATH and not look for updates (no network).
export TRUNK_SKIP_VERSION_CHECK=true
# wasm-bindgen-test runs in headless Chromium through chromedriver.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
