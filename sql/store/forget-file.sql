-- Deletes a capture file's record.
-- Run by src/store/forget.rs.
DELETE FROM capture_files WHERE file_id = ?1
