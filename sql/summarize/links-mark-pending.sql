-- A day whose rows' links changed waits for its summaries to be rebuilt.
-- Run by src/store/summarize/links.rs.
INSERT OR IGNORE INTO summaries_pending (system, stack, capture_date) VALUES (?1, ?2, ?3)
