"""Runs one of the README's summary queries in DuckDB on a transactions CSV
(customer_id,date,amount) and prints the result as `kundenwert summarize`
writes it: CSV with the csv crate's quoting, numbers as Rust prints an f64
(shortest round-trip digits, no exponent, no trailing ".0").

    python run_duckdb.py QUERY.sql ORDERS.csv END_DATE [HOLDOUT_START]
"""

import csv
import datetime
import decimal
import sys

import duckdb


def rust_number(value):
    """An integer or float as Rust's Display prints it (`{}`)."""
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))  # shortest digits that read back as the same f64
    if "e" in text or "E" in text:
        text = format(decimal.Decimal(text), "f")
    if text.endswith(".0"):
        text = text[:-2]
    return text


def main(argv):
    query_path, orders_path, end_date = argv[1:4]
    params = {"end_date": datetime.date.fromisoformat(end_date)}
    if len(argv) > 4:
        params["holdout_start"] = datetime.date.fromisoformat(argv[4])
    con = duckdb.connect()
    # As the README loads a file: line is the row's position in it.
    con.execute(
        "CREATE TABLE orders AS SELECT row_number() OVER () AS line, * FROM read_csv($path, "
        "header = true, columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})",
        {"path": orders_path},
    )
    with open(query_path, encoding="utf-8") as f:
        query = f.read()
    result = con.execute(query, params)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow([column[0] for column in result.description])
    for row in result.fetchall():
        out.writerow([row[0]] + [rust_number(v) for v in row[1:]])


if __name__ == "__main__":
    main(sys.argv)
