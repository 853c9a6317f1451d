-- The snapshots the files of the captures before ?1 (of system ?2, or all) contributed to.
-- Run by src/store/prune.rs.
INSERT OR IGNORE INTO temp.prune_snapshots
SELECT k.snapshot_id FROM captures k JOIN capture_files f ON f.file_id = k.file_id
WHERE f.capture_date < ?1 AND (?2 IS NULL OR f.system = ?2)
