#!/usr/bin/env bash
# Runs the README's summary queries (tests/sql/summary.sql and summary_holdout.sql)
# in DuckDB on tests/fixtures/sql/orders.csv and diffs their result against what
# `kundenwert summarize` prints for the same file, with and without --holdout-start.
#   bash tests/sql/check_duckdb.sh          with the release binary (cargo build --release)
#   bash tests/sql/check_duckdb.sh --dev    with the binary cargo test builds (no rebuild
#                                           after cargo test, as in .ci/test)
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
  --dev) build=(test --no-run --test readme_sql) ;;
  "") build=(build --release --bin kundenwert) ;;
  *) echo "usage: $0 [--dev|--setup]" >&2; exit 2 ;;
esac

ORDERS=tests/fixtures/sql/orders.csv
END=2024-06-30
HOLDOUT_START=2024-05-01
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The kundenwert binary as cargo builds it (a no-op when it is up to date).
kundenwert=$(cargo "${build[@]}" --locked --quiet --message-format=json | "$VENV/bin/python" -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "kundenwert" and m.get("executable"):
        print(m["executable"])')
[ -x "$kundenwert" ] || { echo "[check_duckdb] cargo named no kundenwert binary" >&2; exit 1; }
echo "[check_duckdb] $kundenwert, duckdb $DUCKDB_VERSION" >&2
# How the file was read goes to standard error: shown only when summarize fails.
summarize() {
  "$kundenwert" summarize --transactions "$ORDERS" --end "$END" "$@" 2>"$work/stderr" ||
    { cat "$work/stderr" >&2; exit 1; }
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
