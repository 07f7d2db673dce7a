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
# The debug test wasm is several MB and a shared 2-core machine may be busy: give the
# browser tests two minutes, not the runner's default 20 s (a load stall is not a failure).
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
