//! The documentation of the database schema, kept in one place:
//! `docs/schema.md`, embedded here. `ttlsinv schema` prints it, and a test
//! checks it against the schema the migrations build, column by column.
//! `docs/schema.sql` is that schema as SQL, all migrations applied: the one
//! place that shows every table, index, view and trigger as it is now. A
//! test keeps it equal to a freshly migrated database and says how to
//! regenerate it.

/// The whole document (Markdown).
pub const DOCUMENT: &str = include_str!("../docs/schema.md");

/// One documented table or view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documented<'a> {
    pub name: &'a str,
    /// `table` or `view`.
    pub kind: &'a str,
    /// The section as written, from the name in its heading (without `## `).
    pub text: &'a str,
    /// Column names, in documented order.
    pub columns: Vec<&'a str>,
}

/// The documented tables and views, in document order. A section starts at
/// `## name (table|view)`; its columns are the first cells (in backticks) of
/// its table rows.
pub fn documented() -> Vec<Documented<'static>> {
    DOCUMENT
        .split("\n## ")
        .skip(1)
        .map(|section| {
            let heading = section.lines().next().unwrap_or_default();
            let mut words = heading.split_whitespace();
            let name = words.next().unwrap_or_default();
            let kind = words.next().unwrap_or_default().trim_matches(['(', ')']);
            let columns = section
                .lines()
                .filter_map(|line| line.strip_prefix("| `"))
                .filter_map(|line| line.split_once('`').map(|(column, _)| column))
                .collect();
            // The heading's `## ` was taken by the split: `text` starts at the name.
            Documented { name, kind, text: section.trim_end(), columns }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema of a database as SQL: every table, index, view and trigger
    /// SQLite keeps the text of, tables first, each kind by name.
    ///
    /// # Errors
    /// Reading `sqlite_schema` fails.
    fn as_sql(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
        let mut text = String::from(
            "-- The schema as the migrations leave it (generated; do not edit).\n\
             -- Regenerate after adding a migration: UPDATE_SCHEMA_SQL=1 cargo test --locked --lib schema_sql\n",
        );
        let mut stmt = conn.prepare(
            "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
             ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            text.push('\n');
            text.push_str(row.get_ref(0)?.as_str()?);
            text.push_str(";\n");
        }
        Ok(text)
    }

    /// docs/schema.sql is the schema the migrations build. After a new
    /// migration, regenerate it as the message says and commit it.
    #[test]
    fn schema_sql_is_the_migrated_schema() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema.sql");
        let actual = as_sql(&crate::store::scratch().unwrap()).unwrap();
        if std::env::var_os("UPDATE_SCHEMA_SQL").is_some() {
            std::fs::write(path, &actual).unwrap();
        }
        let written = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            written == actual,
            "docs/schema.sql is not the schema the migrations build. Regenerate it with\n\n    \
             UPDATE_SCHEMA_SQL=1 cargo test --locked --lib schema_sql\n\nthen review the diff and commit it with \
             the migration."
        );
    }

    /// Every table and view the migrations create is documented with
    /// exactly its columns, in order, and nothing else is.
    #[test]
    fn the_document_matches_the_schema() {
        let conn = crate::store::scratch().unwrap();
        let mut actual: Vec<(String, String, Vec<String>)> = conn
            .prepare(
                "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .unwrap()
            .map(|r| {
                let (kind, name) = r.unwrap();
                let columns = conn
                    .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                    .unwrap()
                    .query_map([&name], |row| row.get(0))
                    .unwrap()
                    .collect::<Result<Vec<String>, _>>()
                    .unwrap();
                (name, kind, columns)
            })
            .collect();
        actual.sort();
        let mut documented: Vec<(String, String, Vec<String>)> = documented()
            .into_iter()
            .map(|d| (d.name.to_string(), d.kind.to_string(), d.columns.iter().map(|c| c.to_string()).collect()))
            .collect();
        documented.sort();
        for (doc, real) in documented.iter().zip(&actual) {
            assert_eq!(doc, real, "docs/schema.md disagrees with the schema");
        }
        assert_eq!(documented.len(), actual.len(), "documented tables and views differ from the schema's");
    }
}
