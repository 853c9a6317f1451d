-- The latest observation linked of a conn id, in place of the one before.
-- An upsert, not INSERT OR REPLACE: a REPLACE into a table WITHOUT ROWID
-- makes SQLite keep a statement journal (a copy of each page it changes).
-- Run by src/store/summarize/links.rs.
INSERT INTO connection_heads (system, stack, conn_id, connection_id,
    identity_id, captured_at, started_at, local_port, remote_port, bytes_in, bytes_out, segments_in,
    segments_out, whole_counters)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT (system, stack, conn_id) DO UPDATE SET connection_id = excluded.connection_id,
    identity_id = excluded.identity_id, captured_at = excluded.captured_at, started_at = excluded.started_at,
    local_port = excluded.local_port, remote_port = excluded.remote_port, bytes_in = excluded.bytes_in,
    bytes_out = excluded.bytes_out, segments_in = excluded.segments_in, segments_out = excluded.segments_out,
    whole_counters = excluded.whole_counters
