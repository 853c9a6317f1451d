-- The counters that fell under an unchanged start since the last read (links-falls-table.sql), to be
-- said: the file and line of the row, its conn id, job and start, the counter with its values before
-- and now, the file and line of the observation it continues, the digits the row's counters were
-- printed in and whether the value before was printed whole; the falls of rows linked otherwise
-- since are left out. Read once: `links-falls-clear.sql` empties the table after.
-- Run by src/store/summarize/links.rs.
SELECT fc.path, c.source_line, c.conn_id, c.job, c.started_at, f.counter, f.before, f.now, fp.path,
    p.source_line, c.counter_digits, f.before_whole
FROM temp.counter_falls f
JOIN connections c ON c.connection_id = f.connection_id AND c.previous_id IS f.previous_id
JOIN capture_rows kc ON kc.capture_id = c.capture_id
JOIN capture_files fc ON fc.file_id = kc.file_id
LEFT JOIN connections p ON p.connection_id = f.previous_id
LEFT JOIN capture_rows kp ON kp.capture_id = p.capture_id
LEFT JOIN capture_files fp ON fp.file_id = kp.file_id
ORDER BY fc.path, c.source_line, f.counter
