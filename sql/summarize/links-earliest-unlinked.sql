-- The time of the earliest snapshot of a stack with rows not linked yet.
-- Run by src/store/summarize/links.rs.
SELECT min(s.captured_at) FROM connection_rows c INDEXED BY connection_rows_unlinked
JOIN snapshots s ON s.snapshot_id = c.snapshot_id
WHERE c.identity_id IS NULL AND s.system = ?1 AND s.stack = ?2
