-- The heads an earlier prune kept of a stack, replaced by those at the new boundary.
-- Run by src/store/summarize/links.rs.
DELETE FROM pruned_heads WHERE system = ?1 AND stack = ?2
