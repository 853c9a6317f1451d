-- A file followed to where it was moved or renamed with its tree (compressed
-- or saved with other line ends, the same text: its hash and text identity too).
-- Run by src/store/mod.rs.
UPDATE capture_files SET path = ?2, size = ?3, mtime_ns = ?4, sha256 = ?5, text_size = ?6, text_sha256 = ?7
WHERE file_id = ?1
