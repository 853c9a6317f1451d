-- The highest change mark of the database: it grows each time ingest rebuilds a day's
-- summaries (see migration 0016).
-- Run by src/lake/write.rs.
SELECT coalesce(max(change), 0) FROM day_changes
