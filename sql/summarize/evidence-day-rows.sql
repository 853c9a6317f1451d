-- What the evidence of services reads of one day's connection rows.
-- Run by src/store/summarize/evidence.rs.
SELECT c.snapshot_id, c.state, c.local_ip, c.local_port, c.remote_ip, c.remote_port, c.job
FROM snapshots s JOIN connections c ON c.snapshot_id = s.snapshot_id
WHERE s.system = ?1 AND s.stack = ?2 AND s.capture_date = ?3;
