-- The problems of a capture file read as a stream, known at its end.
-- Run by src/store/write.rs.
UPDATE capture_files SET problem_count = ?2 WHERE file_id = ?1;
