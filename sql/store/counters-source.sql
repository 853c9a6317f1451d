-- The row a connection record of another report is about to be merged into (review 15a F7): its
-- source (capture, line, rank), its counters, and whether an attribute `Counters (other report)`
-- names where they were printed already; none when the snapshot has no row of the conn id.
-- Run by src/store/write.rs.
SELECT r.connection_id, r.capture_id, r.source_line, r.source_rank,
    r.bytes_in, r.bytes_out, r.segments_in, r.segments_out,
    EXISTS (SELECT 1 FROM attributes a
            WHERE a.owner_table = 'connections' AND a.owner_id = r.connection_id AND a.key = ?3)
FROM connection_rows r WHERE r.snapshot_id = ?1 AND r.conn_id = ?2
