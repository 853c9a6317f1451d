-- A stack linked at insert, through the snapshot written (never back).
-- Run by src/store/summarize/links.rs.
INSERT INTO connection_links (system, stack, linked_through) VALUES (?1, ?2, ?3)
ON CONFLICT (system, stack) DO UPDATE SET linked_through = max(linked_through, excluded.linked_through)
