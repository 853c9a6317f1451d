-- (name, declared type, NOT NULL) of each column of table or view ?1.
-- Run by src/lake/mod.rs.
SELECT name, type, "notnull" FROM pragma_table_info(?1) ORDER BY cid
