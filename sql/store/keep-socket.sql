-- A socket of a connection that another report of its snapshot prints otherwise, kept as an
-- attribute in the report that printed it (see migration 0032); every one is kept. Also where a
-- row's counters were printed when another report's line is the row's source (`Counters (other
-- report)`, see counters-source.sql).
-- Run by src/store/write.rs.
INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
VALUES (?1, ?2, 'connections', ?3, ?4, ?5);
