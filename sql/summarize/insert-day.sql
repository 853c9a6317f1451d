-- A day chosen to be summarized in this transaction.
-- Run by src/store/summarize/mod.rs.
INSERT INTO temp.summary_days VALUES (?1, ?2, ?3);
