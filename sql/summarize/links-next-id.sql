-- The connection id the next row inserted takes: above every row's and every id a prune deleted
-- (migration 0061), which the links kept of the pruned rows name.
-- Run by src/store/summarize/links.rs.
SELECT max(coalesce((SELECT max(connection_id) FROM connection_rows), 0),
           coalesce((SELECT highest FROM kept_connection_ids), 0)) + 1
