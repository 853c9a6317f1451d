-- One netstat report of a capture file, in its snapshot, as
-- 0030_narrow_captures keeps it: dialect and release as ids in `texts`, its
-- stack and system the snapshot's (NULL), captured_at NULL when it is the
-- snapshot's date and the header's time. Run by src/store/write.rs, which
-- takes the new capture_id as the row's rowid: without RETURNING, SQLite
-- neither opens a temporary table for the returned row nor keeps a
-- statement journal, and a file of a TTLS CONN n DETAIL per connection
-- inserts thousands of these.
INSERT INTO capture_rows
(file_id, snapshot_id, report_kind, dialect_text_id, release_text_id, captured_at, header_time,
 first_line, last_line, record_count)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);
