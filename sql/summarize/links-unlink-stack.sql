-- A stack whose links are reset: it is linked again whole.
-- Run by src/store/summarize/links.rs.
DELETE FROM connection_links WHERE system = ?1 AND stack = ?2
