-- The days just summarized get one new change number (for export --since-last) and are no longer pending.
-- Run by src/store/summarize/mod.rs.
INSERT INTO day_changes (capture_date, change)
    SELECT DISTINCT capture_date, (SELECT coalesce(max(change), 0) + 1 FROM day_changes) FROM temp.summary_days
    WHERE true ON CONFLICT (capture_date) DO UPDATE SET change = excluded.change;
DELETE FROM summaries_pending WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
DROP TABLE temp.summary_days;
