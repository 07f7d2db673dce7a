//! The README shows the SQL that `tests/sql/check_duckdb.sh` runs in DuckDB
//! against `kundenwert summarize`: each query file appears in it verbatim, as
//! an `sql` code block, so the two cannot drift apart.

const README: &str = include_str!("../README.md");

fn assert_shown(name: &str, query: &str) {
    let block = format!("```sql\n{query}```\n");
    assert!(
        README.contains(&block),
        "README.md does not show tests/sql/{name} verbatim as an sql code block; copy the file's text into it"
    );
}

#[test]
fn the_readme_shows_the_summary_query_the_duckdb_check_runs() {
    assert_shown("summary.sql", include_str!("sql/summary.sql"));
}

#[test]
fn the_readme_shows_the_holdout_query_the_duckdb_check_runs() {
    assert_shown(
        "summary_holdout.sql",
        include_str!("sql/summary_holdout.sql"),
    );
}
