-- A new size and modification time for a file whose content did not change.
-- Run by src/store/mod.rs.
UPDATE capture_files SET size = ?2, mtime_ns = ?3 WHERE file_id = ?1
