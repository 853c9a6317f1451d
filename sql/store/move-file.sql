-- A file followed to where it was moved or renamed with its tree.
-- Run by src/store/mod.rs.
UPDATE capture_files SET path = ?2, size = ?3, mtime_ns = ?4 WHERE file_id = ?1
