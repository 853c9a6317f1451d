-- A day that read an entry no longer the strongest of its connection is summarized again (after
-- done.sql, which takes the days just summarized out of summaries_pending).
-- Run by src/store/summarize/mod.rs.
INSERT OR IGNORE INTO summaries_pending (system, stack, capture_date) VALUES (?1, ?2, ?3)
