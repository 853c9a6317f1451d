-- The conn id ?2 a row set apart (see set-apart-row.sql) printed, kept as an attribute of row ?1 at
-- the line of its block. Run by src/store/write.rs.
INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
SELECT capture_id, source_line, 'connections', connection_id, 'ConnID (reused)', ?2
FROM connection_rows
WHERE connection_id = ?1;
