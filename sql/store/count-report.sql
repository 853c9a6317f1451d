-- One more report of a connection row, which it brings nothing else to (a file read as a stream).
-- Run by src/store/write.rs.
UPDATE connection_rows SET report_count = report_count + ?2 WHERE connection_id = ?1;
