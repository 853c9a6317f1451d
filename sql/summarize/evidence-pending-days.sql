-- The days whose evidence of services is gathered again.
-- Run by src/store/summarize/evidence.rs.
SELECT system, stack, capture_date FROM summaries_pending;
