-- Every row whose foreign key points to a missing row.
-- Run by src/store/check.rs.
SELECT "table", rowid, parent, fkid FROM pragma_foreign_key_check
