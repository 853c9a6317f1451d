-- A new size and modification time for a file whose content did not change
-- (or whose text did not: its hash and text identity too).
-- Run by src/store/mod.rs.
UPDATE capture_files SET size = ?2, mtime_ns = ?3, sha256 = ?4, text_size = ?5, text_sha256 = ?6 WHERE file_id = ?1
