-- The other files of the snapshots a file contributed to, forgotten with it.
-- Run by src/store/forget.rs.
SELECT DISTINCT f.file_id, f.path FROM captures k JOIN capture_files f ON f.file_id = k.file_id
WHERE k.snapshot_id IN (SELECT snapshot_id FROM captures WHERE file_id = ?1) AND f.file_id <> ?1
ORDER BY f.path
