-- The columns of table or view ?1, in order.
-- Run by src/lake/duckdb.rs.
SELECT name FROM pragma_table_info(?1) ORDER BY cid
