-- The records of one report of a capture file read as a stream, counted at its end.
-- Run by src/store/write.rs.
UPDATE capture_rows SET record_count = ?2 WHERE capture_id = ?1;
