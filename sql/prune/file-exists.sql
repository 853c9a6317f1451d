-- Whether a file is still there (not gone with a file of the same snapshot).
-- Run by src/store/prune.rs.
SELECT 1 FROM capture_files WHERE file_id = ?1
