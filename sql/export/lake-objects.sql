-- The tables and views of the database, by name, to describe in the lake's setup.
-- Run by src/lake/duckdb.rs.
SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name
