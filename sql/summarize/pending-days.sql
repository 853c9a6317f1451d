-- The pending days (system, stack, capture date) in order, with their connection rows.
-- Run by src/store/summarize/mod.rs.
SELECT p.system, p.stack, p.capture_date,
    (SELECT count(*) FROM snapshots s JOIN connections c ON c.snapshot_id = s.snapshot_id
     WHERE s.system = p.system AND s.stack = p.stack AND s.capture_date = p.capture_date)
FROM summaries_pending p
ORDER BY p.system, p.stack, p.capture_date;
