-- Before the deletion: the highest connection id given so far, which the writer gives new rows
-- ids above (sql/summarize/links-next-id.sql): the links kept of the pruned rows name their ids.
-- Run by src/store/prune.rs.
INSERT INTO kept_connection_ids (one, highest)
SELECT 1, max(connection_id) FROM connection_rows WHERE true HAVING max(connection_id) IS NOT NULL
ON CONFLICT (one) DO UPDATE SET highest = max(highest, excluded.highest);
