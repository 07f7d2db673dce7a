#!/usr/bin/env bash
# Runs the README's summary queries (tests/sql/summary.sql and summary_holdout.sql)
# in DuckDB on tests/fixtures/sql/orders.csv and diffs their result against what
# `kundenwert summarize` prints for the same file, with and without --holdout-start.
#   bash tests/sql/check_duckdb.sh          the release binary (cargo run --release)
#   bash tests/sql/check_duckdb.sh --dev    the dev binary (what cargo test has built)
#   bash tests/sql/check_duckdb.sh --setup  only install DuckDB, if missing
# DuckDB (the PyPI package, pinned below) lives in a venv outside the repository:
# $KUNDENWERT_TOOLS/duckdb-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/env.sh

DUCKDB_VERSION=1.5.6
VENV="$KUNDENWERT_TOOLS/duckdb-venv"
if ! "$VENV/bin/python" -c "import sys, duckdb; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
  echo "[check_duckdb] installing duckdb $DUCKDB_VERSION (PyPI) into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION"
fi
case "${1:-}" in
  --setup) exit 0 ;;
  --dev) profile=() ;;
  "") profile=(--release) ;;
  *) echo "usage: $0 [--dev|--setup]" >&2; exit 2 ;;
esac

ORDERS=tests/fixtures/sql/orders.csv
END=2024-06-30
HOLDOUT_START=2024-05-01
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --locked --quiet "${profile[@]}" --bin kundenwert
# How the file was read goes to standard error: shown only when summarize fails.
summarize() {
  cargo run --locked --quiet "${profile[@]}" --bin kundenwert -- \
    summarize --transactions "$ORDERS" --end "$END" "$@" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
}
duckdb_query() { "$VENV/bin/python" tests/sql/run_duckdb.py "$@"; }

failed=0
check() {
  local name=$1 cli=$2 sql=$3
  if diff -u --label "kundenwert summarize ($name)" --label "DuckDB $4" "$cli" "$sql"; then
    echo "ok: $4 gives what summarize prints ($name, $(($(wc -l <"$cli") - 1)) customers)"
  else
    failed=1
  fi
}
summarize >"$work/cli.csv"
duckdb_query tests/sql/summary.sql "$ORDERS" "$END" >"$work/sql.csv"
check "--end $END" "$work/cli.csv" "$work/sql.csv" tests/sql/summary.sql
summarize --holdout-start "$HOLDOUT_START" >"$work/cli_holdout.csv"
duckdb_query tests/sql/summary_holdout.sql "$ORDERS" "$END" "$HOLDOUT_START" >"$work/sql_holdout.csv"
check "--end $END --holdout-start $HOLDOUT_START" "$work/cli_holdout.csv" "$work/sql_holdout.csv" tests/sql/summary_holdout.sql
exit "$failed"
