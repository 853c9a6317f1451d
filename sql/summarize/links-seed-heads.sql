-- The heads `ttlsinv prune` kept of a stack (its connections at the prune boundary) become its
-- heads, after sql/summarize/links-clear-heads.sql: a stack linked again whole continues the pruned
-- days from them.
-- Run by src/store/summarize/links.rs.
INSERT INTO connection_heads (system, stack, conn_id, connection_id, identity_id, captured_at, started_at,
    local_port, remote_port, bytes_in, bytes_out, segments_in, segments_out, whole_counters)
SELECT system, stack, conn_id, connection_id, identity_id, captured_at, started_at, local_port, remote_port,
    bytes_in, bytes_out, segments_in, segments_out, whole_counters
FROM pruned_heads WHERE system = ?1 AND stack = ?2
