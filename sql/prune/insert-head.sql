-- A head of a stack at the prune boundary, with what its connection told until then
-- (sql/prune/told.sql).
-- Run by src/store/summarize/links.rs.
INSERT INTO pruned_heads (system, stack, conn_id, connection_id, identity_id, captured_at, started_at, local_port,
    remote_port, bytes_in, bytes_out, segments_in, segments_out, job, remote_ip, head_date, seen, told, policy_only,
    negotiated, whole_counters)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, t.seen, t.told, t.policy_only, t.negotiated,
    ?17
FROM (SELECT 1) LEFT JOIN temp.pruned_told t ON t.identity_id = ?5
