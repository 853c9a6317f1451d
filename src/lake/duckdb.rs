//! `sql/lake/setup.sql`: `DuckDB` views with the database's names over a
//! Parquet lake, each column turned back into what SQLite holds (flags 1/0,
//! times and dates as ISO text), so that the canned reports' own SQL runs
//! on the lake. Generated from the schema; a test keeps the shipped file equal.

use std::fmt::Write;

use rusqlite::Connection;

use super::{describe, LakeError, LakeType, DATE_ALONE};

/// The setup script: `DuckDB` settings that make it answer as SQLite does,
/// then a view per table and view of the schema, reading the lake under
/// `getvariable('ttlsinv_lake')`.
///
/// # Errors
/// A SQL error, or a column without a lake type.
pub fn setup_sql(conn: &Connection) -> Result<String, LakeError> {
    let mut sql = String::from(HEADER);
    let objects: Vec<(String, String)> = conn
        .prepare(include_str!("../../sql/export/lake-objects.sql"))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, kind) in objects.into_iter().filter(|(name, _)| !super::kept_for_a_view(name)) {
        let object = describe(conn, &name, &kind)?;
        let order: Vec<String> = conn
            .prepare(include_str!("../../sql/export/column-names.sql"))?
            .query_map([&name], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let alone = object.columns.iter().any(|c| c.name == DATE_ALONE.1);
        let columns: Vec<String> = order
            .iter()
            .map(|column| {
                // The one column not in the files is the partition, a DATE.
                let lake_type =
                    object.columns.iter().find(|c| &c.name == column).map_or(LakeType::Date, |c| c.lake_type);
                let q = super::quoted(column);
                match lake_type {
                    LakeType::Boolean => format!("CAST({q} AS BIGINT) AS {q}"),
                    LakeType::Date => format!("CAST({q} AS VARCHAR) AS {q}"),
                    LakeType::Timestamp { utc: false } if column == DATE_ALONE.0 && alone => format!(
                        "CASE WHEN {} THEN strftime({q}, '%Y-%m-%d') ELSE strftime({q}, '%Y-%m-%dT%H:%M:%S') END AS {q}",
                        super::quoted(DATE_ALONE.1)
                    ),
                    LakeType::Timestamp { utc: false } => format!("strftime({q}, '%Y-%m-%dT%H:%M:%S') AS {q}"),
                    LakeType::Timestamp { utc: true } => format!("strftime({q}, '%Y-%m-%dT%H:%M:%SZ') AS {q}"),
                    LakeType::Int64 | LakeType::Double | LakeType::Text => q,
                }
            })
            .collect();
        let files = if object.dated() { "/**/*.parquet" } else { "/*.parquet" };
        let mut source = format!(
            "read_parquet(getvariable('ttlsinv_lake') || '/{name}{files}', hive_partitioning = {}, union_by_name = true)",
            object.dated()
        );
        if alone {
            // Files written before the column was have none: NULL there, a time as before.
            source = format!(
                "(SELECT * FROM {source}\n    UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS {} WHERE false)",
                super::quoted(DATE_ALONE.1)
            );
        }
        let _ = write!(
            sql,
            "\nCREATE OR REPLACE VIEW {q} AS SELECT\n    {}\nFROM {source};\n",
            columns.join(",\n    "),
            q = super::quoted(&name),
        );
    }
    Ok(sql)
}

const HEADER: &str = "-- DuckDB views over a ttlsinv Parquet lake, with the names, columns and
-- values of the SQLite database, so that the canned reports (sql/*.sql) run
-- on the lake as they are (sql/lake/<report>.sql where DuckDB's dialect needs
-- another text). Generated from the schema by ttlsinv (src/lake/duckdb.rs);
-- a test keeps this file equal to what it generates.
--
--   SET VARIABLE ttlsinv_lake = '/path/to/lake';
--   .read sql/lake/setup.sql        (duckdb CLI; or run it from Python)
--
-- Flags are 1/0, times and dates ISO text, as in SQLite (a capture time
-- that is a date alone in SQLite, by captured_at_date_only, a date alone
-- here); a Hive-aware engine reading the lake directly gets BOOLEAN,
-- TIMESTAMP and DATE.

-- As SQLite: NULL sorts first ascending and last descending; `/` of two
-- integers is an integer.
SET default_null_order = 'nulls_first_on_asc_last_on_desc';
SET integer_division = true;
";
