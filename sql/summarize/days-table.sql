-- The days summarized in this transaction, empty.
-- Run by src/store/summarize/mod.rs.
CREATE TEMP TABLE IF NOT EXISTS summary_days
(system TEXT NOT NULL, stack TEXT NOT NULL, capture_date TEXT NOT NULL);
DELETE FROM temp.summary_days;
