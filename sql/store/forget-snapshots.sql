-- Deletes the snapshots a file contributed to; their facts go with them.
-- Run by src/store/forget.rs.
DELETE FROM snapshots WHERE snapshot_id IN (SELECT snapshot_id FROM captures WHERE file_id = ?1)
