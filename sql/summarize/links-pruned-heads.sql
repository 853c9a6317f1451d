-- The heads `ttlsinv prune` kept of a stack (the columns of sql/summarize/links-head.sql first),
-- each with its conn id, the socket it was last seen on (monitor layout rows follow it) and its
-- capture date.
-- Run by src/store/summarize/links.rs.
SELECT connection_id, identity_id, captured_at, started_at, local_port, remote_port,
    bytes_in, bytes_out, segments_in, segments_out, whole_counters, conn_id, job, remote_ip, head_date
FROM pruned_heads WHERE system = ?1 AND stack = ?2
