-- The time of the latest snapshot linked of a stack.
-- Run by src/store/summarize/links.rs.
SELECT linked_through FROM connection_links WHERE system = ?1 AND stack = ?2
