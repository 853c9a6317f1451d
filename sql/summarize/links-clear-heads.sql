-- Forgets the heads of a stack linked again whole.
-- Run by src/store/summarize/links.rs.
DELETE FROM connection_heads WHERE system = ?1 AND stack = ?2
