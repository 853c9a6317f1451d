-- The foreign keys of table ?1: (parent table, column, parent column).
-- Run by src/lake/mod.rs.
SELECT "table", "from", "to" FROM pragma_foreign_key_list(?1) ORDER BY id
