-- How many days wait for their summaries.
-- Run by src/store/summarize/mod.rs.
SELECT count(*) FROM summaries_pending;
