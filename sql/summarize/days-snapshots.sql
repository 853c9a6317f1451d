-- The snapshots of the days in temp.summary_days in capture order, with what each row of them shares:
-- their rows are read a snapshot at a time (days-rows.sql), in this order, so that a connection's
-- first snapshot of a day comes first without sorting the rows.
-- Run by src/store/summarize/days.rs.
SELECT s.snapshot_id, s.system, s.stack, s.capture_date, s.captured_at
FROM snapshots s
JOIN temp.summary_days USING (system, stack, capture_date)
ORDER BY s.captured_at, s.snapshot_id;
