-- The columns of table ?1, and whether each is its primary key.
-- Run by src/lake/mod.rs.
SELECT name, pk = 1 FROM pragma_table_info(?1) ORDER BY cid
