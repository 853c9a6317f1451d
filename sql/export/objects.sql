-- The tables and views of the database, by kind and name, for --table, --view and --all.
-- Run by src/cmd/export.rs.
SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY type, name
