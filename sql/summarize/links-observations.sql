-- The observations to link, each conn id's in capture order, or (?4 = 1) all of them in capture
-- order. ?3: 1 for every row of the stack, 0 for the rows not linked yet.
-- Run by src/store/summarize/links.rs.
SELECT c.connection_id, c.conn_id, s.captured_at, s.capture_date, c.started_at,
    c.local_port, c.remote_port, c.bytes_in, c.bytes_out, c.segments_in, c.segments_out,
    c.previous_id, c.identity_id, c.traffic_bytes_in, c.traffic_bytes_out, c.traffic_segments_in,
    c.traffic_segments_out, c.job, c.remote_ip, c.counter_digits
FROM snapshots s JOIN connections c ON c.snapshot_id = s.snapshot_id
WHERE s.system = ?1 AND s.stack = ?2 AND (?3 OR c.identity_id IS NULL)
ORDER BY CASE WHEN ?4 THEN NULL ELSE c.conn_id END, s.captured_at, s.snapshot_id
