-- The primary key columns of table ?1, in key order.
-- Run by src/store/check.rs.
SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk
