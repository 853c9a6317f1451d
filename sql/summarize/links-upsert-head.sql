-- The latest observation linked of a conn id, in place of the one before.
-- Run by src/store/summarize/links.rs.
INSERT OR REPLACE INTO connection_heads (system, stack, conn_id, connection_id,
    identity_id, captured_at, started_at, local_port, remote_port, bytes_in, bytes_out, segments_in,
    segments_out)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
