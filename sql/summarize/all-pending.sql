-- Every day with snapshots marked pending (the catalog behind the grades changed).
-- Run by src/store/summarize/mod.rs.
INSERT OR IGNORE INTO summaries_pending SELECT DISTINCT system, stack, capture_date FROM snapshots;
