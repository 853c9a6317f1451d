-- The snapshots of the days in temp.summary_days in capture order, with what each row of them shares:
-- their rows are read a snapshot at a time (days-rows.sql), in this order, so that a connection's
-- first snapshot of a day comes first without sorting the rows; and the fingerprint of each one's policy
-- (src/store/summarize/mod.rs works them out first), which parts negotiated_days' rows.
-- Run by src/store/summarize/days.rs.
SELECT s.snapshot_id, s.system, s.stack, s.capture_date, s.captured_at, p.fingerprint
FROM snapshots s
JOIN temp.summary_days USING (system, stack, capture_date)
LEFT JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id
ORDER BY s.captured_at, s.snapshot_id;
