-- The run keys of the snapshots a file contributed to.
-- Run by src/store/forget.rs.
SELECT DISTINCT s.run_key FROM captures k JOIN snapshots s ON s.snapshot_id = k.snapshot_id
WHERE k.file_id = ?1 ORDER BY 1
