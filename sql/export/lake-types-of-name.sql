-- The types the tables declare for a column named ?1 (a view's computed column).
-- Run by src/lake/mod.rs.
SELECT DISTINCT p.type FROM sqlite_schema m, pragma_table_info(m.name) p
WHERE m.type = 'table' AND p.name = ?1
