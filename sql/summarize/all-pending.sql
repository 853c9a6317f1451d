-- Every day with snapshots marked pending (the catalog behind the grades changed); a pruned day
-- (its stubs: sql/prune/policy-stubs.sql) keeps the summaries it has.
-- Run by src/store/summarize/mod.rs.
INSERT OR IGNORE INTO summaries_pending SELECT DISTINCT system, stack, capture_date FROM snapshots WHERE NOT pruned;
