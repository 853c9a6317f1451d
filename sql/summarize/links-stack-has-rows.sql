-- Whether a stack has connection rows.
-- Run by src/store/summarize/links.rs.
SELECT EXISTS (SELECT 1 FROM snapshots s JOIN connection_rows c ON c.snapshot_id = s.snapshot_id
WHERE s.system = ?1 AND s.stack = ?2)
