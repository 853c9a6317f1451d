-- The observations of stack ?1 ?2 in the snapshots being pruned, in capture order: the columns of
-- sql/summarize/links-observations.sql.
-- Run by src/store/summarize/links.rs.
SELECT c.connection_id, c.conn_id, s.captured_at, s.capture_date, c.started_at,
    c.local_port, c.remote_port, c.bytes_in, c.bytes_out, c.segments_in, c.segments_out,
    c.previous_id, c.identity_id, c.traffic_bytes_in, c.traffic_bytes_out, c.traffic_segments_in,
    c.traffic_segments_out, c.job, c.remote_ip, c.counter_digits
FROM snapshots s JOIN connections c ON c.snapshot_id = s.snapshot_id
WHERE s.system = ?1 AND s.stack = ?2 AND s.snapshot_id IN (SELECT snapshot_id FROM temp.prune_snapshots)
ORDER BY s.captured_at, s.snapshot_id
