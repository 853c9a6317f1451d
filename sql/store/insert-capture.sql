-- One netstat report of a capture file, in its snapshot.
-- Run by src/store/write.rs.
INSERT INTO captures
(file_id, snapshot_id, report_kind, dialect, release, stack, system, captured_at, header_time,
 first_line, last_line, record_count)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
RETURNING capture_id;
