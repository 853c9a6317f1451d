-- The time of the latest head `ttlsinv prune` kept of a stack.
-- Run by src/store/summarize/links.rs.
SELECT max(captured_at) FROM pruned_heads WHERE system = ?1 AND stack = ?2
