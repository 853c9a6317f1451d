-- The connection id the next row inserted takes.
-- Run by src/store/summarize/links.rs.
SELECT coalesce(max(connection_id), 0) + 1 FROM connection_rows
