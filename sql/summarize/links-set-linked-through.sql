-- A stack linked whole: linked through its latest snapshot.
-- Run by src/store/summarize/links.rs.
INSERT OR REPLACE INTO connection_links (system, stack, linked_through)
SELECT ?1, ?2, max(captured_at) FROM snapshots WHERE system = ?1 AND stack = ?2
