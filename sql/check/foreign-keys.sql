-- Every row whose foreign key points to a missing row, in table order
-- (SQLite's own order changes with the schema).
-- Run by src/store/check.rs.
SELECT "table", rowid, parent, fkid FROM pragma_foreign_key_check ORDER BY 1, 2
