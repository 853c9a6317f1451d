-- The latest observation linked of a conn id.
-- Run by src/store/summarize/links.rs.
SELECT connection_id, identity_id, captured_at, started_at, local_port, remote_port,
    bytes_in, bytes_out, segments_in, segments_out, whole_counters
FROM connection_heads WHERE system = ?1 AND stack = ?2 AND conn_id = ?3
